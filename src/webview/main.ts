/**
 * The pictures' page: reads the document the report carries and draws each round of a run (its
 * graph with every task's status, and its timeline) or a static graph with its problems; inside
 * the editor's webview, the graph panel (src/webview/panel.ts) instead. One bundle for both.
 */
import { buildGraph, graphInputOfRun } from "../pictures/graphModel";
import { NodeStatuses } from "../pictures/nodeStatus";
import { DOCUMENT_ELEMENT_ID, roundsOf, type PictureDocument } from "../pictures/pictureDocument";
import { TimelineModel } from "../pictures/timelineModel";
import type { RunEvent } from "../shared/protocol";
import { detailLines } from "../shared/runModel";
import { html } from "./dom";
import { drawGraph } from "./graphView";
import { startPanel } from "./panel";
import { drawTimeline } from "./timelineView";

/** What the page measured, read by the benchmark. */
export interface Timings {
  layoutMs: number;
  drawnMs: number;
}

declare global {
  interface Window {
    semisyncTimings?: Timings;
  }
}

function render(root: HTMLElement, document: PictureDocument): Timings {
  const timings: Timings = { layoutMs: 0, drawnMs: 0 };
  root.append(html("h1", {}, document.title));
  if (document.kind === "graph") {
    root.append(
      ...document.problems.map((problem) => html("p", { class: "problem" }, `${problem.code} ${problem.message}`)),
    );
    const view = drawGraph(buildGraph(document.graph));
    timings.layoutMs = view.layoutMs;
    root.append(view.element);
  } else {
    const rounds = roundsOf(document.events);
    rounds.forEach((events, index) => {
      const section = html("section", { class: "round", "aria-label": `Round ${index + 1}` });
      if (rounds.length > 1) section.append(html("h2", {}, `Round ${index + 1}`));
      root.append(section);
      timings.layoutMs += drawRound(section, events);
    });
    if (rounds.length === 0) root.append(html("p", {}, "The run ended before any task was queued."));
  }
  timings.drawnMs = performance.now();
  return timings;
}

/** Returns how long the graph's layout took. */
function drawRound(section: HTMLElement, events: RunEvent[]): number {
  const start = events.find((event) => event.type === "run-start");
  for (const event of events)
    if (event.type === "graph-error")
      section.append(
        // A run that could not start at all (its coordinator did not) has a message and no problems.
        ...(event.problems.length > 0
          ? event.problems.map((problem) => html("p", { class: "problem" }, `${problem.code} ${problem.message}`))
          : [html("p", { class: "problem" }, event.message)]),
      );
  if (!start) return 0;
  const statuses = new NodeStatuses();
  const timeline = new TimelineModel();
  for (const event of events) {
    statuses.apply(event);
    timeline.apply(event);
  }
  const graph = drawGraph(buildGraph(graphInputOfRun(start)));
  graph.showStates(statuses);
  const details = (key: string) => {
    const row = statuses.run.rows.get(key);
    return row ? detailLines(row) : [];
  };
  section.append(graph.element, drawTimeline(timeline.timeline(), details));
  return graph.layoutMs;
}

const carrier = document.getElementById(DOCUMENT_ELEMENT_ID);
const root = document.getElementById("semisync-pictures") ?? document.body;
if (carrier) {
  window.semisyncTimings = render(root, JSON.parse(carrier.textContent ?? "{}") as PictureDocument);
  root.dataset.ready = "true";
} else if (startPanel(root)) root.dataset.ready = "true";
