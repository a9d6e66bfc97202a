/**
 * Draws the graph as SVG: a node per task (its class, its method, its status as an icon and a
 * word), an edge from each dependency to its dependent, cycles and unknown dependencies in the
 * error style. A click or Enter selects a task and lights up what it needs and what needs it.
 */
import { highlightOf, type GraphModel, type GraphNode } from "../pictures/graphModel";
import type { NodeState } from "../pictures/nodeStatus";
import { seconds, STATUS_ICON, STATUS_WORD } from "../pictures/statusWords";
import { html, svg } from "./dom";
import { layoutGraph, type GraphLayout } from "./graphLayout";
import { zoomAndPan } from "./zoomPan";
import { appendTo } from "../shared/listMap";

export interface GraphView {
  element: HTMLElement;
  /** How long dagre took, for the benchmark. */
  layoutMs: number;
  showStates(stateOf: (id: string) => NodeState | undefined): void;
}

/** Asked when a task is chosen: the editor opens it; the report has nowhere to go. */
export type OpenTask = (id: string) => void;

export function drawGraph(model: GraphModel, openTask?: OpenTask): GraphView {
  const started = performance.now();
  const layout = layoutGraph(model);
  const layoutMs = performance.now() - started;
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
  const { controls, fit, reveal } = zoomAndPan(viewport, content, layout);
  content.append(...drawEdges(layout), ...drawDangling(layout));
  const nodes = new Map(model.nodes.map((node) => [node.id, drawNode(node, layout)]));
  content.append(...nodes.values());

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
  for (const node of model.nodes) setTitle(nodes.get(node.id)!, describe(node.id), ariaLabel(node.id, node.inCycle));

  let selected: string | undefined;
  const select = (id: string | undefined) => {
    selected = selected === id ? undefined : id;
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
  for (const [id, element] of nodes) {
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
    showStates(stateOf) {
      for (const node of model.nodes) {
        const state = stateOf(node.id);
        const group = nodes.get(node.id)!;
        for (const name of [...group.classList]) if (name.startsWith("status-")) group.classList.remove(name);
        if (!state) continue;
        group.classList.add(`status-${state.status}`);
        group.querySelector(".node-status")!.textContent = `${STATUS_ICON[state.status]} ${statusText(state)}`;
        setTitle(group, describe(node.id, state), `${ariaLabel(node.id, node.inCycle)}, ${statusText(state)}`);
      }
    },
  };
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
