/**
 * Draws the graph as SVG: a node per task (its class, its method, its status as an icon and a
 * word), an edge from each dependency to its dependent, cycles and unknown dependencies in the
 * error style. A click or Enter selects a task and lights up what it needs and what needs it.
 */
import { collapseGroups, highlightOf, type GraphGroup, type GraphModel, type GraphNode } from "../pictures/graphModel";
import type { NodeState } from "../pictures/nodeStatus";
import { seconds, STATUS_ICON, STATUS_WORD } from "../pictures/statusWords";
import { html, svg } from "./dom";
import { GROUP_HEADER, layoutGraph, type GraphLayout } from "./graphLayout";
import { zoomAndPan } from "./zoomPan";
import { appendTo } from "../shared/listMap";

export interface GraphView {
  element: HTMLElement;
  /** How long the first layout took, for the benchmark. */
  layoutMs: number;
  showStates(stateOf: (id: string) => NodeState | undefined): void;
}

/** Asked when a task is chosen: the editor opens it; the report has nowhere to go. */
export type OpenTask = (id: string) => void;

export function drawGraph(model: GraphModel, openTask?: OpenTask): GraphView {
  const started = performance.now();
  let shown = model;
  let layout = layoutGraph(shown);
  const layoutMs = performance.now() - started;
  const size = { width: layout.width, height: layout.height };
  const content = svg("g") as SVGGElement;
  const viewport = svg(
    "svg",
    {
      class: "graph-canvas",
      role: "group",
      "aria-label": `Dependency graph of ${model.nodes.length} tasks`,
      // A small graph gets the room it needs; a big one a window to zoom and pan in.
      style: `height: min(70vh, ${Math.ceil(layout.height) + 40}px)`,
    },
    arrowheads(),
    content,
  ) as SVGSVGElement;
  const { controls, fit, reveal } = zoomAndPan(viewport, content, size);

  const dependencies = new Map<string, string[]>();
  const dependents = new Map<string, string[]>();
  for (const edge of model.edges) {
    appendTo(dependencies, edge.to, edge.from);
    appendTo(dependents, edge.from, edge.to);
  }
  const byId = new Map(model.nodes.map((node) => [node.id, node]));
  const describe = (id: string, state?: NodeState) => {
    const node = byId.get(id)!;
    return [
      `${id}${node.file ? ` (${node.file}${node.line ? `:${node.line}` : ""})` : ""}`,
      `depends on: ${dependencies.get(id)?.join(", ") || "nothing"}`,
      `needed by: ${dependents.get(id)?.join(", ") || "nothing"}`,
      ...(state ? [`last run: ${statusText(state)}`] : []),
      ...(node.inCycle ? ["in a dependency cycle"] : []),
    ].join("\n");
  };

  let nodes = new Map<string, SVGElement>();
  let selected: string | undefined;
  let stateOf: (id: string) => NodeState | undefined = () => undefined;
  const collapsed = new Set<string>();
  /** Each group's header, or its node when collapsed: where the keyboard goes back to after a toggle. */
  const toggles = new Map<string, SVGElement>();
  const select = (id: string | undefined) => {
    selected = selected === id ? undefined : id;
    light();
  };
  const light = () => {
    const lit = selected ? highlightOf(model, selected) : undefined;
    viewport.classList.toggle("has-selection", lit !== undefined);
    for (const [each, element] of nodes) {
      element.classList.toggle("selected", each === selected);
      element.classList.toggle("upstream", lit?.upstream.has(each) ?? false);
      element.classList.toggle("downstream", lit?.downstream.has(each) ?? false);
      element.setAttribute("aria-pressed", String(each === selected));
    }
    const litNodes = new Set([...(lit?.upstream ?? []), ...(lit?.downstream ?? []), ...(selected ? [selected] : [])]);
    for (const edge of content.querySelectorAll<SVGElement>(".edge"))
      edge.classList.toggle("lit", litNodes.has(edge.dataset.from!) && litNodes.has(edge.dataset.to!));
  };
  const showStates = () => {
    for (const [id, group] of nodes) {
      const state = stateOf(id);
      for (const name of [...group.classList]) if (name.startsWith("status-")) group.classList.remove(name);
      if (!state) continue;
      group.classList.add(`status-${state.status}`);
      group.querySelector(".node-status")!.textContent = `${STATUS_ICON[state.status]} ${statusText(state)}`;
      setTitle(group, describe(id, state), `${ariaLabel(id, byId.get(id)!.inCycle)}, ${statusText(state)}`);
    }
  };
  /** Collapses or expands a group, lays the graph out again and keeps the keyboard where it was. */
  const toggle = (group: string) => {
    if (!collapsed.delete(group)) collapsed.add(group);
    shown = collapseGroups(model, collapsed);
    layout = layoutGraph(shown);
    Object.assign(size, { width: layout.width, height: layout.height });
    draw();
    if (selected && !nodes.has(selected)) selected = undefined;
    light();
    toggles.get(group)?.focus();
  };
  const draw = () => {
    nodes = new Map(
      shown.nodes.map((node) => [node.id, node.members ? drawGroupNode(node, layout) : drawNode(node, layout)]),
    );
    content.replaceChildren(
      ...drawBands(layout),
      ...drawEdges(layout),
      ...drawDangling(layout),
      ...inReadingOrder(shown, layout, nodes),
    );
    toggles.clear();
    for (const node of shown.nodes) {
      const id = node.id;
      const element = nodes.get(id)!;
      if (node.members) {
        wireGroupToggle(element, node.group, toggle);
        toggles.set(node.group, element);
        setTitle(element, `${node.members.join("\n")}`, groupLabel(node.className, node.members.length, false));
        element.addEventListener("focus", () => reveal(layout.nodes.get(id)!));
        continue;
      }
      setTitle(element, describe(id), ariaLabel(id, byId.get(id)!.inCycle));
      element.addEventListener("click", () => {
        select(id);
        openTask?.(id);
      });
      element.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          select(id);
          openTask?.(id);
        } else if (event.key === "Escape") select(undefined);
      });
      element.addEventListener("focus", () => reveal(layout.nodes.get(id)!));
    }
    for (const header of content.querySelectorAll<SVGElement>(".group-header")) {
      wireGroupToggle(header, header.dataset.group!, toggle);
      toggles.set(header.dataset.group!, header);
    }
    showStates();
  };
  draw();

  const element = html(
    "section",
    { class: "graph", "aria-label": "Graph" },
    html("h2", {}, "Graph"),
    ...cycleNotes(model),
    controls,
    viewport,
  );
  requestAnimationFrame(fit);
  return {
    element,
    layoutMs,
    showStates(next) {
      stateOf = next;
      showStates();
    },
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

function groupLabel(className: string, count: number, expanded: boolean): string {
  const name = className || "Functions";
  return `${name}, ${count} task${count === 1 ? "" : "s"}, ${expanded ? "expanded" : "collapsed"}`;
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

function drawNode({ id, className, method, inCycle }: GraphNode, layout: GraphLayout): SVGElement {
  const box = layout.nodes.get(id)!;
  return svg(
    "g",
    {
      class: `node${inCycle ? " in-cycle" : ""}`,
      "data-task": id,
      tabindex: 0,
      role: "button",
      "aria-pressed": "false",
      transform: `translate(${box.x} ${box.y})`,
    },
    svg("title"),
    svg("rect", { width: box.width, height: box.height, rx: 6 }),
    svg("text", { x: 10, y: 15, class: "node-class" }, className),
    svg("text", { x: 10, y: 30, class: "node-method" }, method),
    svg("text", { x: 10, y: 44, class: "node-status" }, ""),
  );
}

/** A collapsed group: one node standing for its tasks, expanded again with a click or Enter. */
function drawGroupNode({ id, className, method, group, inCycle }: GraphNode, layout: GraphLayout): SVGElement {
  const box = layout.nodes.get(id)!;
  return svg(
    "g",
    {
      class: `node group-node${inCycle ? " in-cycle" : ""}`,
      "data-group": group,
      tabindex: 0,
      role: "button",
      "aria-expanded": "false",
      transform: `translate(${box.x} ${box.y})`,
    },
    svg("title"),
    svg("rect", { width: box.width, height: box.height, rx: 6 }),
    svg("text", { x: 10, y: 15, class: "node-class" }, `▸ ${className || "Functions"}`),
    svg("text", { x: 10, y: 30, class: "node-method" }, method),
    svg("text", { x: 10, y: 44, class: "node-status" }, "collapsed"),
  );
}

/** Each expanded group: a band around its tasks in each column, and a header on the first that collapses it. */
function drawBands(layout: GraphLayout): SVGElement[] {
  return layout.groups.flatMap(({ bands }) =>
    bands.map((band) =>
      svg("rect", { class: "group-band", x: band.x, y: band.y, width: band.width, height: band.height, rx: 8 }),
    ),
  );
}

function drawHeader(group: GraphGroup, layout: GraphLayout): SVGElement {
  const [first] = layout.groups.find((each) => each.id === group.id)!.bands;
  return svg(
    "g",
    {
      class: "group-header",
      "data-group": group.id,
      tabindex: 0,
      role: "button",
      "aria-expanded": "true",
      "aria-label": groupLabel(group.className, group.nodes.length, true),
      transform: `translate(${first.x + 6} ${first.y + GROUP_HEADER - 2})`,
    },
    svg("title", {}, `${group.file ?? ""} ${group.className}: collapse to one node`.trim()),
    svg("text", {}, `▾ ${group.className || "Functions"}`),
  );
}

/** Each group's header, then its tasks, so that Tab walks a class after its name. */
function inReadingOrder(model: GraphModel, layout: GraphLayout, nodes: Map<string, SVGElement>): SVGElement[] {
  const byGroup = new Map<string, SVGElement[]>();
  for (const node of model.nodes) appendTo(byGroup, node.group, nodes.get(node.id)!);
  const expanded = new Map(model.groups.map((group) => [group.id, group]));
  return [...byGroup].flatMap(([group, members]) => {
    const header = expanded.get(group);
    return header ? [drawHeader(header, layout), ...members] : members;
  });
}

function pathOf(points: Array<{ x: number; y: number }>): string {
  return points.map((point, i) => `${i === 0 ? "M" : "L"}${point.x.toFixed(1)},${point.y.toFixed(1)}`).join(" ");
}

function drawEdges(layout: GraphLayout): SVGElement[] {
  return layout.edges.map((edge) =>
    svg("path", {
      class: `edge${edge.inCycle ? " in-cycle" : ""}`,
      d: pathOf(edge.points),
      "data-from": edge.from,
      "data-to": edge.to,
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

function cycleNotes(model: GraphModel): HTMLElement[] {
  return model.cycles.map((cycle) =>
    html("p", { class: "problem", role: "note" }, `✗ dependency cycle: ${cycle.path.join(" → ")}`),
  );
}
