/**
 * The editor's graph panel inside its webview: the static graph the editor sends (laid out once
 * per change of the graph), the run's statuses shown on its nodes as they come (no new layout),
 * and the run's timeline, redrawn as often as its size allows.
 */
import { buildGraph, type GraphModel } from "../pictures/graphModel";
import { NodeStatuses, nodeOfRunTask } from "../pictures/nodeStatus";
import { TimelineModel } from "../pictures/timelineModel";
import type { GraphTransform, PanelScope, PanelState, ToPanel } from "../shared/panelMessages";
import { detailLines } from "../shared/runModel";
import { editorBridge } from "./bridge";
import { html } from "./dom";
import { drawGraph, type GraphView } from "./graphView";
import { scopeSwitch } from "./scopeSwitch";
import { redrawTimeline } from "./timelineView";

export function startPanel(root: HTMLElement): boolean {
  const title = html("h1");
  const notes = html("div", { class: "panel-notes" });
  const graphPlace = html("div", { class: "panel-graph" });
  const timelinePlace = html("div", { class: "panel-timeline" });

  let graph: GraphView | undefined;
  let model: GraphModel | undefined;
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
    redrawTimeline(timelinePlace, run.timeline.timeline(), details, {
      openTask: (task) => {
        // Two files of the folder may declare the same task: the run's is the one of its file.
        const file = model && nodeOfRunTask(model.nodes, task, run.statuses.fileOf(task))?.file;
        bridge?.post({ type: "open", task, ...(file !== undefined && { file }) });
      },
      zoom: state.timelineZoom,
      onZoom: (timelineZoom) => keep({ timelineZoom }),
    });
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

  /**
   * What the page keeps across hide, show and reload: the scope it shows, the classes folded in
   * it, where the graph was zoomed and panned to, and the timeline's zoom.
   */
  let state: Omit<PanelState, "scope"> & { scope?: PanelScope } = { collapsed: [] };
  const keep = (next: Partial<PanelState>) => {
    state = { ...state, ...next };
    if (state.scope) bridge?.keep({ ...state, scope: state.scope });
  };
  const switchScope = scopeSwitch((kind) => bridge?.post({ type: "scope", kind }));

  const bridge = editorBridge((message: ToPanel) => {
    if (message.type === "graph") {
      // Another task's or folder's graph is a new picture; the same one, edited, keeps the user's view.
      const sameScope = JSON.stringify(message.scope) === JSON.stringify(state.scope);
      keep(sameScope ? { scope: message.scope } : { scope: message.scope, collapsed: [], graphView: undefined });
      switchScope.show(message.scope.kind, message.lastTask);
      title.textContent = message.title;
      notes.replaceChildren(
        ...message.problems.map((problem) => html("p", { class: "problem" }, `${problem.code} ${problem.message}`)),
      );
      if (message.graph.tasks.length === 0)
        notes.append(html("p", {}, "No @semisync task here yet: the graph fills in as tasks are written."));
      model = buildGraph(message.graph);
      if (graph && sameScope) graph.update(model);
      else {
        graph = drawGraph(model, {
          openTask: (task, file) => bridge?.post({ type: "open", task, ...(file !== undefined && { file }) }),
          collapsed: state.collapsed,
          onCollapse: (collapsed) => keep({ collapsed }),
          view: { initial: state.graphView, onChange: (graphView: GraphTransform) => keep({ graphView }) },
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
  if (kept) state = { ...kept, collapsed: kept.collapsed ?? [] };
  const header = html("header", {}, html("div", { class: "panel-title" }, title, switchScope.element), notes);
  root.append(header, graphPlace, timelinePlace);
  bridge.post({ type: "ready" });
  return true;
}
