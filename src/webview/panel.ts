/**
 * The editor's graph panel inside its webview: the static graph the editor sends (laid out once
 * per change of the graph), the run's statuses shown on its nodes as they come (no new layout),
 * and the run's timeline, redrawn as often as its size allows.
 */
import { buildGraph } from "../pictures/graphModel";
import { NodeStatuses } from "../pictures/nodeStatus";
import { TimelineModel } from "../pictures/timelineModel";
import type { PanelScope, ToPanel } from "../shared/panelMessages";
import { detailLines } from "../shared/runModel";
import { editorBridge } from "./bridge";
import { html } from "./dom";
import { drawGraph, type GraphView } from "./graphView";
import { redrawTimeline } from "./timelineView";

export function startPanel(root: HTMLElement): boolean {
  const header = html("header");
  const graphPlace = html("div", { class: "panel-graph" });
  const timelinePlace = html("div", { class: "panel-timeline" });

  let graph: GraphView | undefined;
  let run = { number: -1, statuses: new NodeStatuses(), timeline: new TimelineModel() };
  let timelineDue = false;
  let timelineCost = { ms: 0, endedAt: 0 };

  const showStates = () => graph?.showStates(run.statuses);
  const drawRunTimeline = () => {
    const started = performance.now();
    const details = (key: string) => {
      const row = run.statuses.run.rows.get(key);
      return row ? detailLines(row) : [];
    };
    redrawTimeline(timelinePlace, run.timeline.timeline(), details);
    timelineDue = false;
    timelineCost = { ms: performance.now() - started, endedAt: performance.now() };
  };
  /**
   * The timeline is drawn whole, which takes long for thousands of rows: between two draws the
   * page gets at least twice the last draw's time for the user's clicks and the nodes' updates.
   */
  const scheduleTimeline = () => {
    if (timelineDue) return;
    timelineDue = true;
    const wait = Math.max(0, timelineCost.endedAt + 2 * timelineCost.ms - performance.now());
    setTimeout(() => requestAnimationFrame(drawRunTimeline), wait);
  };

  /** What the page keeps across hide and show: the scope it shows, and the classes folded in it. */
  let state = { scope: undefined as PanelScope | undefined, collapsed: [] as string[] };
  const keep = (next: Partial<typeof state>) => {
    state = { ...state, ...next };
    if (state.scope) bridge?.keep({ scope: state.scope, collapsed: state.collapsed });
  };

  const bridge = editorBridge((message: ToPanel) => {
    if (message.type === "graph") {
      // Another task's or folder's graph is a new picture; the same one, edited, keeps the user's view.
      const sameScope = JSON.stringify(message.scope) === JSON.stringify(state.scope);
      keep({ scope: message.scope, collapsed: sameScope ? state.collapsed : [] });
      header.replaceChildren(
        html("h1", {}, message.title),
        ...message.problems.map((problem) => html("p", { class: "problem" }, `${problem.code} ${problem.message}`)),
      );
      if (message.graph.tasks.length === 0)
        header.append(html("p", {}, "No @semisync task here yet: the graph fills in as tasks are written."));
      const model = buildGraph(message.graph);
      if (graph && sameScope) graph.update(model);
      else {
        graph = drawGraph(model, {
          openTask: (task, file) => bridge?.post({ type: "open", task, ...(file !== undefined && { file }) }),
          collapsed: state.collapsed,
          onCollapse: (collapsed) => keep({ collapsed }),
        });
        graphPlace.replaceChildren(graph.element);
      }
      showStates();
      return;
    }
    if (message.run !== run.number)
      run = { number: message.run, statuses: new NodeStatuses(), timeline: new TimelineModel() };
    for (const event of message.events) {
      run.statuses.apply(event);
      run.timeline.apply(event);
    }
    showStates();
    scheduleTimeline();
  });
  if (!bridge) return false;
  const kept = bridge.kept();
  if (kept) state = { scope: kept.scope, collapsed: kept.collapsed ?? [] };
  root.append(header, graphPlace, timelinePlace);
  bridge.post({ type: "ready" });
  return true;
}
