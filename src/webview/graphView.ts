/**
 * Draws the graph as SVG: a node per task (its class, its method, its status as an icon and a
 * word), an edge from each dependency to its dependent, cycles and unknown dependencies in the
 * error style, each class in a band inside its file's band. A click or Enter selects a task and
 * lights up what it needs and what needs it; on a band's header it folds the class or the file.
 */
import {
  collapseGroups,
  highlightOf,
  type FileGroup,
  type GraphGroup,
  type GraphModel,
  type GraphNode,
} from "../pictures/graphModel";
import { statesByNode, type NodeState, type RunStates } from "../pictures/nodeStatus";
import type { TaskStatus } from "../shared/protocol";
import { seconds, STATUS_ICON, STATUS_WORD } from "../pictures/statusWords";
import { html, svg } from "./dom";
import { FILE_HEADER, GROUP_HEADER, layoutGraph, type Box, type GraphLayout } from "./graphLayout";
import { zoomAndPan, type ZoomPanOptions } from "./zoomPan";
import { appendTo } from "../shared/listMap";

export interface GraphView {
  element: HTMLElement;
  /** How long the first layout took, for the benchmark. */
  layoutMs: number;
  /** Shows a run on the nodes: each of its tasks on the node of its file. */
  showStates(run: RunStates): void;
  /**
   * Draws a changed graph in place: the folded classes and files that still exist, the
   * selection, the zoom and the keyboard's place stay as the user left them.
   */
  update(model: GraphModel): void;
}

/** Asked when a task (`Class.method`, and its file as the graph has it) is chosen: the editor opens it; the report has nowhere to go. */
export type OpenTask = (task: string, file: string | undefined) => void;

export interface GraphOptions {
  openTask?: OpenTask;
  /** The classes and files (group ids) folded when the view is drawn, e.g. kept across a hide and show. */
  collapsed?: Iterable<string>;
  /** Told the folded classes and files whenever they change, to keep them. */
  onCollapse?: (collapsed: string[]) => void;
  /** The zoom and pan to start from, and who is told when the user changes them. */
  view?: ZoomPanOptions;
}

export function drawGraph(initial: GraphModel, options: GraphOptions = {}): GraphView {
  const { openTask, onCollapse } = options;
  const started = performance.now();
  let model = initial;
  const collapsed = new Set([...(options.collapsed ?? [])].filter((id) => hasGroup(model, id)));
  let shown = collapseGroups(model, collapsed);
  let layout = layoutGraph(shown);
  const layoutMs = performance.now() - started;
  const size = { width: layout.width, height: layout.height };
  const content = svg("g") as SVGGElement;
  const viewport = svg("svg", { class: "graph-canvas", role: "group" }, arrowheads(), content) as SVGSVGElement;
  const { controls, start, reveal } = zoomAndPan(viewport, content, size, options.view);

  let dependencies = new Map<string, string[]>();
  let dependents = new Map<string, string[]>();
  let byId = new Map<string, GraphNode>();
  let nameOf = (id: string) => id;
  let notes: HTMLElement[] = [];
  /** What depends on the model alone, apart from the drawing. */
  const takeModel = () => {
    dependencies = new Map();
    dependents = new Map();
    for (const edge of model.edges) {
      appendTo(dependencies, edge.to, edge.from);
      appendTo(dependents, edge.from, edge.to);
    }
    byId = new Map(model.nodes.map((node) => [node.id, node]));
    nameOf = namesOf(model);
    viewport.setAttribute("aria-label", `Dependency graph of ${model.nodes.length} tasks`);
    for (const note of notes) note.remove();
    notes = cycleNotes(model, nameOf);
    controls.before(...notes);
  };
  const describe = (id: string, state?: NodeState) => {
    const node = byId.get(id)!;
    const names = (ids?: string[]) => ids?.map(nameOf).join(", ") || "nothing";
    return [
      `${node.task}${node.file ? ` (${node.file}${node.line ? `:${node.line}` : ""})` : ""}`,
      `depends on: ${names(dependencies.get(id))}`,
      `needed by: ${names(dependents.get(id))}`,
      ...(state ? [`last run: ${statusText(state)}`] : []),
      ...(node.inCycle ? ["in a dependency cycle"] : []),
    ].join("\n");
  };

  let nodes = new Map<string, SVGElement>();
  /** Each task of a folded class or file → the node it is drawn as. */
  let shownAs = new Map<string, string>();
  let selected: string | undefined;
  let run: RunStates | undefined;
  let states = new Map<string, NodeState>();
  /** Each edge drawn, by the nodes it joins as drawn. */
  let edgeElements = new Map<string, SVGElement>();
  /** Each group's header, or its node when collapsed: where the keyboard goes back to after a toggle. */
  const toggles = new Map<string, SVGElement>();
  const select = (id: string | undefined) => {
    selected = selected === id ? undefined : id;
    light();
  };
  const light = () => {
    const lit = selected ? highlightOf(model, selected) : undefined;
    const showing = (ids: Iterable<string>) => new Set([...ids].map((id) => shownAs.get(id) ?? id));
    const [upstream, downstream] = [showing(lit?.upstream ?? []), showing(lit?.downstream ?? [])];
    const chosen = selected && (shownAs.get(selected) ?? selected);
    viewport.classList.toggle("has-selection", lit !== undefined);
    for (const [each, element] of nodes) {
      element.classList.toggle("selected", each === chosen);
      element.classList.toggle("upstream", upstream.has(each));
      element.classList.toggle("downstream", downstream.has(each));
      if (!element.hasAttribute("data-group")) element.setAttribute("aria-pressed", String(each === selected));
    }
    const litTasks = new Set([...(lit?.upstream ?? []), ...(lit?.downstream ?? []), ...(selected ? [selected] : [])]);
    const litEdges = new Set(
      model.edges
        .filter((edge) => litTasks.has(edge.from) && litTasks.has(edge.to))
        .map((edge) => `${shownAs.get(edge.from) ?? edge.from}\u0000${shownAs.get(edge.to) ?? edge.to}`),
    );
    for (const [key, edge] of edgeElements) edge.classList.toggle("lit", litEdges.has(key));
  };
  const showStates = () => {
    states = run ? statesByNode(model.nodes, run) : new Map<string, NodeState>();
    for (const node of shown.nodes) {
      const element = nodes.get(node.id)!;
      for (const name of [...element.classList]) if (name.startsWith("status-")) element.classList.remove(name);
      if (node.members) showGroupStates(node, element);
      else showTaskState(node, element);
    }
  };
  const showTaskState = ({ id, inCycle }: GraphNode, element: SVGElement) => {
    const state = states.get(id);
    if (state) element.classList.add(`status-${state.status}`);
    element.querySelector(".node-status")!.textContent = state
      ? `${STATUS_ICON[state.status]} ${statusText(state)}`
      : "";
    setTitle(element, describe(id, state), `${ariaLabel(nameOf(id), inCycle)}${state ? `, ${statusText(state)}` : ""}`);
  };
  /** A folded class or file shows its tasks' states together, the worst first, each with its count. */
  const showGroupStates = (node: GraphNode, element: SVGElement) => {
    const counts = new Map<TaskStatus, number>();
    for (const member of node.members!) {
      const status = states.get(member)?.status;
      if (status) counts.set(status, (counts.get(status) ?? 0) + 1);
    }
    const statuses = WORST_FIRST.filter((status) => counts.has(status));
    const words = statuses.map((status) => `${counts.get(status)} ${STATUS_WORD[status]}`).join(", ");
    if (statuses.length > 0) element.classList.add(`status-${statuses[0]}`);
    element.querySelector(".node-status")!.textContent = words ? `${STATUS_ICON[statuses[0]]} ${words}` : "collapsed";
    const label = groupLabel(node.className, node.method, false);
    setTitle(
      element,
      [...node.members!.map(nameOf), ...(words ? [`last run: ${words}`] : [])].join("\n"),
      words ? `${label}, ${words}` : label,
    );
  };
  /** Collapses or expands a group, lays the graph out again and keeps the keyboard where it was. */
  const toggle = (group: string) => {
    if (!collapsed.delete(group)) collapsed.add(group);
    relayout();
    toggles.get(group)?.focus();
    onCollapse?.([...collapsed]);
  };
  const relayout = () => {
    shown = collapseGroups(model, collapsed);
    layout = layoutGraph(shown);
    draw();
    light();
  };
  const draw = () => {
    Object.assign(size, { width: layout.width, height: layout.height });
    // A small graph gets the room it needs; a big one a window to zoom and pan in.
    viewport.style.cssText = `height: min(70vh, ${Math.ceil(layout.height) + 40}px)`;
    nodes = new Map(
      shown.nodes.map((node) => [
        node.id,
        node.members ? drawGroupNode(node, layout) : drawNode(node, nameOf(node.id), layout),
      ]),
    );
    shownAs = new Map(shown.nodes.flatMap((node) => (node.members ?? []).map((member) => [member, node.id])));
    const drawnAs = new Map(shown.nodes.map((node) => [node.id, node.members ? node.id : node.task]));
    const edges = drawEdges(layout, (id) => drawnAs.get(id)!);
    edgeElements = new Map(layout.edges.map((edge, index) => [`${edge.from}\u0000${edge.to}`, edges[index]]));
    content.replaceChildren(
      ...drawBands(layout),
      ...edges,
      ...drawDangling(layout),
      ...inReadingOrder(shown, model, layout, nodes),
    );
    toggles.clear();
    for (const node of shown.nodes) {
      const id = node.id;
      const element = nodes.get(id)!;
      element.addEventListener("focus", () => reveal(layout.nodes.get(id)!));
      if (node.members) {
        wireGroupToggle(element, node.group, toggle);
        toggles.set(node.group, element);
        continue;
      }
      element.addEventListener("click", () => {
        select(id);
        openTask?.(node.task, node.file);
      });
      element.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          select(id);
          openTask?.(node.task, node.file);
        } else if (event.key === "Escape") select(undefined);
      });
    }
    const bands = new Map([...layout.groups, ...layout.files].map((group) => [group.id, group.bands[0]]));
    for (const header of content.querySelectorAll<SVGElement>(".group-header")) {
      const group = header.dataset.group!;
      wireGroupToggle(header, group, toggle);
      toggles.set(group, header);
      const height = header.classList.contains("file-header") ? FILE_HEADER : GROUP_HEADER;
      header.addEventListener("focus", () => reveal({ ...bands.get(group)!, height }));
    }
    showStates();
  };
  takeModel();
  draw();

  const element = html(
    "section",
    { class: "graph", "aria-label": "Graph" },
    html("h2", {}, "Graph"),
    ...notes,
    controls,
    viewport,
  );
  requestAnimationFrame(start);
  return {
    element,
    layoutMs,
    showStates(next) {
      run = next;
      showStates();
    },
    update(next) {
      const focused = focusedPlace(content);
      model = next;
      const before = collapsed.size;
      for (const group of [...collapsed]) if (!hasGroup(next, group)) collapsed.delete(group);
      if (selected && !next.nodes.some((node) => node.id === selected)) selected = undefined;
      takeModel();
      relayout();
      focused?.(content)?.focus({ preventScroll: true });
      if (collapsed.size !== before) onCollapse?.([...collapsed]);
    },
  };
}

/** The order in which a folded group's states are named, the one that most needs the eye first. */
const WORST_FIRST: TaskStatus[] = ["failed", "timed-out", "running", "cancelled", "skipped", "queued", "succeeded"];

/** Where the keyboard is in the drawing, as a way to find the same place in a new drawing. */
function focusedPlace(content: SVGGElement): ((content: SVGGElement) => SVGElement | null) | undefined {
  const active = document.activeElement;
  if (!(active instanceof SVGElement) || !content.contains(active)) return undefined;
  const { task, file, group } = active.dataset;
  const kind = active.classList.contains("group-header") ? ".group-header" : ".node";
  // Group ids hold a NUL, which a CSS selector cannot name: compare the data instead.
  return (next) =>
    [...next.querySelectorAll<SVGElement>(kind)].find(
      (each) => each.dataset.task === task && each.dataset.file === file && each.dataset.group === group,
    ) ?? null;
}

function hasGroup(model: GraphModel, id: string): boolean {
  return model.groups.some((group) => group.id === id) || model.files.some((file) => file.id === id);
}

/** How a node is named in words: its task's id, with its file where two files declare that id. */
function namesOf(model: GraphModel): (id: string) => string {
  const count = new Map<string, number>();
  for (const node of model.nodes) count.set(node.task, (count.get(node.task) ?? 0) + 1);
  const byId = new Map(model.nodes.map((node) => [node.id, node]));
  return (id) => {
    const node = byId.get(id);
    if (!node) return id;
    return count.get(node.task)! > 1 && node.file !== undefined ? `${node.task} (${node.file})` : node.task;
  };
}

function wireGroupToggle(element: SVGElement, group: string, toggle: (group: string) => void) {
  element.addEventListener("click", () => toggle(group));
  element.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      toggle(group);
    }
  });
}

/** `Sums, 2 tasks, expanded`; `finance.ts, 3 classes, 7 tasks, collapsed`. */
function groupLabel(name: string, contents: string, expanded: boolean): string {
  return `${name || "Functions"}, ${contents}, ${expanded ? "expanded" : "collapsed"}`;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function statusText(state: NodeState): string {
  const parts = [STATUS_WORD[state.status]];
  if (state.durationMs !== undefined) parts.push(seconds(state.durationMs));
  if (state.rootFailure) parts.push(`(${state.rootFailure} failed)`);
  else if (state.status === "queued" && state.waitingFor.length > 0) parts.push(`for ${state.waitingFor.join(", ")}`);
  return parts.join(" ");
}

function ariaLabel(id: string, inCycle: boolean): string {
  return `${id}${inCycle ? ", in a dependency cycle" : ""}`;
}

function setTitle(group: Element, text: string, label: string) {
  group.querySelector("title")!.textContent = text;
  group.setAttribute("aria-label", label);
}

function drawNode({ id, task, file, className, method, inCycle }: GraphNode, name: string, layout: GraphLayout) {
  return nodeShell(
    layout.nodes.get(id)!,
    {
      class: `node${inCycle ? " in-cycle" : ""}`,
      "data-task": task,
      "data-file": file,
      "aria-pressed": "false",
      "aria-label": name,
    },
    [className, method, ""],
  );
}

/** A collapsed class or file: one node standing for its tasks, expanded again with a click or Enter. */
function drawGroupNode({ id, className, method, group, inCycle }: GraphNode, layout: GraphLayout): SVGElement {
  return nodeShell(
    layout.nodes.get(id)!,
    { class: `node group-node${inCycle ? " in-cycle" : ""}`, "data-group": group, "aria-expanded": "false" },
    [`▸ ${className || "Functions"}`, method, "collapsed"],
  );
}

/** A focusable box with three lines: the class, the method, the status. */
function nodeShell(
  box: Box,
  attributes: Record<string, string | undefined>,
  [classLine, methodLine, statusLine]: [string, string, string],
): SVGElement {
  return svg(
    "g",
    { ...attributes, tabindex: 0, role: "button", transform: `translate(${box.x} ${box.y})` },
    svg("title"),
    svg("rect", { width: box.width, height: box.height, rx: 6 }),
    svg("text", { x: 10, y: 15, class: "node-class" }, classLine),
    svg("text", { x: 10, y: 30, class: "node-method" }, methodLine),
    svg("text", { x: 10, y: 44, class: "node-status" }, statusLine),
  );
}

/** Each expanded file and class: a band around its tasks in each column (a file's beneath its classes'). */
function drawBands(layout: GraphLayout): SVGElement[] {
  const band = (kind: string) => (box: Box) =>
    svg("rect", { class: kind, x: box.x, y: box.y, width: box.width, height: box.height, rx: 8 });
  return [
    ...layout.files.flatMap(({ bands }) => bands.map(band("group-band file-band"))),
    ...layout.groups.flatMap(({ bands }) => bands.map(band("group-band"))),
  ];
}

/** The header on a group's first band, which folds it: the class's name, or the file's path. */
function drawHeader(
  group: { id: string; name: string; contents: string; title: string; kind: "class" | "file" },
  first: Box,
): SVGElement {
  const height = group.kind === "file" ? FILE_HEADER : GROUP_HEADER;
  return svg(
    "g",
    {
      class: group.kind === "file" ? "group-header file-header" : "group-header",
      "data-group": group.id,
      tabindex: 0,
      role: "button",
      "aria-expanded": "true",
      "aria-label": groupLabel(group.name, group.contents, true),
      transform: `translate(${first.x + 6} ${first.y + height - 2})`,
    },
    svg("title", {}, `${group.title}: collapse to one node`),
    svg("text", {}, `▾ ${group.name || "Functions"}`),
  );
}

function classHeader(group: GraphGroup, layout: GraphLayout): SVGElement {
  const [first] = layout.groups.find((each) => each.id === group.id)!.bands;
  const title = `${group.file ?? ""} ${group.className}`.trim();
  return drawHeader(
    { id: group.id, name: group.className, contents: count(group.nodes.length, "task"), title, kind: "class" },
    first,
  );
}

/** `all` is the file as the whole graph has it: its header counts its tasks, not the nodes they are drawn as. */
function fileHeader(all: FileGroup, layout: GraphLayout): SVGElement {
  const [first] = layout.files.find((each) => each.id === all.id)!.bands;
  const contents = `${count(all.classes.length, "class", "classes")}, ${count(all.nodes.length, "task")}`;
  return drawHeader({ id: all.id, name: all.file, contents, title: all.file, kind: "file" }, first);
}

/** Each file's header, then each of its classes' header and tasks, so that Tab walks them as they are nested. */
function inReadingOrder(
  shown: GraphModel,
  model: GraphModel,
  layout: GraphLayout,
  nodes: Map<string, SVGElement>,
): SVGElement[] {
  const byGroup = new Map<string, SVGElement[]>();
  const groupsOfFile = new Map<string, string[]>();
  for (const node of shown.nodes) {
    if (!byGroup.has(node.group)) appendTo(groupsOfFile, node.fileGroup ?? "", node.group);
    appendTo(byGroup, node.group, nodes.get(node.id)!);
  }
  const expanded = new Map(shown.groups.map((group) => [group.id, group]));
  const files = new Map(model.files.map((file) => [file.id, file]));
  const openFiles = new Set(shown.files.map((file) => file.id));
  return [...groupsOfFile].flatMap(([file, groups]) => [
    ...(openFiles.has(file) ? [fileHeader(files.get(file)!, layout)] : []),
    ...groups.flatMap((group) => {
      const header = expanded.get(group);
      return header ? [classHeader(header, layout), ...byGroup.get(group)!] : byGroup.get(group)!;
    }),
  ]);
}

function pathOf(points: Array<{ x: number; y: number }>): string {
  return points.map((point, i) => `${i === 0 ? "M" : "L"}${point.x.toFixed(1)},${point.y.toFixed(1)}`).join(" ");
}

/** `data-from` and `data-to` name the tasks (`Class.method`) an edge joins, or the folded group's node. */
function drawEdges(layout: GraphLayout, taskOf: (id: string) => string): SVGElement[] {
  return layout.edges.map((edge) =>
    svg("path", {
      class: `edge${edge.inCycle ? " in-cycle" : ""}`,
      d: pathOf(edge.points),
      "data-from": taskOf(edge.from),
      "data-to": taskOf(edge.to),
      "marker-end": `url(#${edge.inCycle ? "arrow-error" : "arrow"})`,
    }),
  );
}

function drawDangling(layout: GraphLayout): SVGElement[] {
  return layout.dangling.flatMap((edge) => [
    svg("path", { class: "dangling", d: pathOf(edge.points), "marker-end": "url(#arrow-error)" }),
    svg("text", { class: "dangling-label", x: edge.labelAt.x, y: edge.labelAt.y + 4 }, `"${edge.label}"? unknown`),
  ]);
}

function arrowheads(): SVGElement {
  const marker = (id: string) =>
    svg(
      "marker",
      { id, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" },
      svg("path", { d: "M0,0 L10,5 L0,10 z", class: id }),
    );
  return svg("defs", {}, marker("arrow"), marker("arrow-error"));
}

function cycleNotes(model: GraphModel, nameOf: (id: string) => string): HTMLElement[] {
  return model.cycles.map((cycle) =>
    html("p", { class: "problem", role: "note" }, `✗ dependency cycle: ${cycle.path.map(nameOf).join(" → ")}`),
  );
}
