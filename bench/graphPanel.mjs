// The editor's graph panel page under a live run, at the scale: `npm run build`, then
// `node bench/graphPanel.mjs [runs] [webview.js]`. Opens dist/webview.js in headless Chromium as the panel
// (a stand-in for VS Code's acquireVsCodeApi), hands it the messages the extension sends (an
// 800-task graph, then a run of those 800 tasks in batches of 100 events, as the extension
// batches them every 100 ms) and reports, as medians over fresh pages: the graph's first draw
// (layout included), one status batch on the nodes (which must not lay the graph out again), the
// longest the page was busy at a stretch during the run (how long a click could wait), and how
// long after the last batch the timeline showed the whole run.
import { readFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "../test/vscode/workspace.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const runs = Number(process.argv[2] ?? 5);
const TASKS = 800;
const BATCH = 100;
/** The extension sends what came in the last 100 ms (src/extension/graphPanel.ts). */
const EVERY_MS = 100;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const load = () =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(" ");

/** A layered graph: 40 classes of 20 tasks, each after up to two tasks of earlier classes (a fixed seed). */
function graphMessage() {
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const ids = Array.from({ length: TASKS }, (_, i) => `Stage${Math.floor(i / 20)}.task${i % 20}`);
  const dependencies = {};
  ids.forEach((id, i) => {
    const before = Math.floor(i / 20) * 20;
    dependencies[id] =
      before === 0 ? [] : [...new Set([ids[Math.floor(random() * before)], ids[Math.floor(random() * before)]])];
  });
  return {
    type: "graph",
    scope: { kind: "folder", folder: "/bench" },
    title: `${TASKS} tasks`,
    graph: {
      tasks: ids.map((id, i) => ({ id, file: `stage${Math.floor(i / 20)}.ts`, line: 3 + (i % 20) * 4 })),
      dependencies,
    },
    problems: [],
  };
}

/** A run of every task: start, then each task started and succeeded, in batches of BATCH events. */
function runBatches(graph) {
  const ids = graph.graph.tasks.map((task) => task.id);
  const events = [
    {
      type: "run-start",
      version: 4,
      runId: 1,
      maxWorkers: 2,
      tasks: ids.map((id) => ({ key: id, id, call: 0, implicit: false })),
      dependencies: graph.graph.dependencies,
    },
  ];
  ids.forEach((key, i) => {
    events.push({ type: "task-start", key, atMs: i * 2, worker: 1 + (i % 2) });
    events.push({ type: "task-succeeded", key, atMs: i * 2 + 2, durationMs: 2 });
  });
  const batches = [];
  for (let i = 0; i < events.length; i += BATCH)
    batches.push({ type: "run", run: 1, events: events.slice(i, i + BATCH) });
  return batches;
}

// A second argument names another build of the page, to compare two versions back to back.
const script = readFileSync(process.argv[3] ?? join(here, "..", "dist", "webview.js"), "utf8");
const style = readFileSync(join(here, "..", "dist", "webview.css"), "utf8");
const page = `<!DOCTYPE html><html><head><meta charset="utf-8"><style>${style}</style></head><body>
<main id="semisync-pictures"></main>
<script>window.posted = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => posted.push(m), getState: () => undefined, setState: () => {} });</script>
<script>${script.replace(/<\/script/gi, "<\\/script")}</script></body></html>`;

console.log(
  `Machine: ${cpus()[0].model}, ${availableParallelism()} cores, Node ${process.version}; load average ${load()}`,
);
const graph = graphMessage();
const batches = runBatches(graph);
console.log(
  `Date: ${new Date().toISOString()}. ${TASKS} tasks; a run of ${batches.length} batches of up to ${BATCH} events.`,
);
const browser = await launchChromium();
const results = [];
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.route("**/*", (route) => route.abort());
    const tab = await context.newPage();
    await tab.setContent(page);
    const measured = await tab.evaluate(
      async ({ graph, batches, every }) => {
        const deliver = (data) => window.dispatchEvent(new MessageEvent("message", { data }));
        const longest = [];
        new PerformanceObserver((list) => longest.push(...list.getEntries())).observe({
          type: "longtask",
        });
        let started = performance.now();
        deliver(graph);
        const graphMs = performance.now() - started;
        await new Promise((resolve) => requestAnimationFrame(resolve));
        const runStarted = performance.now();
        const statusMs = [];
        for (const batch of batches) {
          started = performance.now();
          deliver(batch);
          statusMs.push(performance.now() - started);
          await new Promise((resolve) => setTimeout(resolve, every));
        }
        // The last batch was delivered before the wait that follows each.
        const lastBatch = started;
        const drawn = () =>
          document.querySelectorAll(".timeline-row.status-succeeded").length === graph.graph.tasks.length;
        while (!drawn()) await new Promise((resolve) => requestAnimationFrame(resolve));
        const settledMs = performance.now() - lastBatch;
        const runMs = performance.now() - runStarted;
        // Long-task entries arrive a task late.
        await new Promise((resolve) => setTimeout(resolve, 50));
        const during = longest.filter((entry) => entry.startTime >= runStarted);
        return {
          ready: window.posted[0]?.type,
          graphMs,
          statusMs,
          settledMs,
          longestMs: Math.max(0, ...during.map((entry) => entry.duration)),
          busyShare: during.reduce((sum, entry) => sum + entry.duration, 0) / runMs,
          nodes: document.querySelectorAll("g.node").length,
          succeeded: document.querySelectorAll("g.node.status-succeeded").length,
        };
      },
      { graph, batches, every: EVERY_MS },
    );
    if (measured.ready !== "ready" || measured.succeeded !== TASKS)
      throw new Error(`the page did not draw the run: ${JSON.stringify({ ...measured, statusMs: undefined })}`);
    const result = {
      graphMs: measured.graphMs,
      statusMs: median(measured.statusMs),
      settledMs: measured.settledMs,
      longestMs: measured.longestMs,
      busyShare: measured.busyShare,
    };
    results.push(result);
    console.log(
      `  page ${i + 1}: graph drawn in ${result.graphMs.toFixed(0)} ms; per batch of ${BATCH} events, the nodes ${result.statusMs.toFixed(1)} ms (median of ${batches.length}); busy ${(100 * result.busyShare).toFixed(0)}% of the run, at most ${result.longestMs.toFixed(0)} ms at a stretch; timeline complete ${result.settledMs.toFixed(0)} ms after the last batch`,
    );
    await context.close();
  }
} finally {
  await browser.close();
}
console.log(
  `${TASKS}-task panel, median of ${runs} pages: graph drawn ${median(results.map((r) => r.graphMs)).toFixed(0)} ms; per batch of ${BATCH} events, the nodes ${median(results.map((r) => r.statusMs)).toFixed(1)} ms; busy ${(100 * median(results.map((r) => r.busyShare))).toFixed(0)}% of the run, at most ${median(results.map((r) => r.longestMs)).toFixed(0)} ms at a stretch; timeline complete ${median(results.map((r) => r.settledMs)).toFixed(0)} ms after the last batch; load average at the end ${load()}`,
);
