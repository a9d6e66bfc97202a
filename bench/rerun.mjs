// What the run view pays to say why each row is in the run, and what Rerun Failed and Run from
// Here pay to choose their tasks, on runs of thousands of tasks: node bench/rerun.mjs [N…]
// (default 1000 5000 20000; REPEAT, default 21, runs per measure; prints medians in ms).
// A run of N tasks is a random DAG (each task depends on up to 3 earlier ones) whose task 0
// failed and skipped everything downstream of it. Beside the new work it times what every
// redraw of the run view already did (dependencyOrder), the cost it is measured against.
// Plain Node: esbuild bundles the extension's pure modules in memory, nothing to build first.
import { build } from "esbuild";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const sizes = process.argv.slice(2).length ? process.argv.slice(2).map(Number) : [1000, 5000, 20000];
const repeat = Number(process.env.REPEAT ?? 21);

const entry = `
export { inclusions, skipsByCause } from "./src/extension/runReasons";
export { rerunFailedTarget, runFromHereTarget } from "./src/extension/rerunSelection";
export { applyRunEvent, dependencyOrder, newRunState } from "./src/extension/runState";
`;
const bundled = await build({
  stdin: { contents: entry, resolveDir: join(here, ".."), loader: "ts" },
  bundle: true,
  write: false,
  format: "esm",
  platform: "node",
});
const modules = await import(
  `data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString("base64")}`
);

const quietLog = { info() {}, warn() {}, error() {} };

/** A finished run of `size` tasks in which task 0 failed and everything downstream of it was skipped. */
function finishedRun(size) {
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const ids = Array.from({ length: size }, (_, i) => `Big.t${i}`);
  const dependencies = {};
  for (let i = 0; i < size; i++) {
    const count = i === 0 ? 0 : Math.floor(random() * 4);
    dependencies[ids[i]] = [...new Set(Array.from({ length: count }, () => ids[Math.floor(random() * i)]))];
  }
  const skipped = new Set([ids[0]]);
  for (let i = 1; i < size; i++) if (dependencies[ids[i]].some((id) => skipped.has(id))) skipped.add(ids[i]);
  const state = modules.newRunState(1, "bench", {
    target: { file: "/project/big.ts", alsoLoad: [], tasks: ids },
    cwd: "/project",
  });
  const events = [
    {
      type: "run-start",
      version: 4,
      runId: 1,
      maxWorkers: 2,
      tasks: ids.map((id) => ({ key: id, id, call: 0, file: "/project/big.ts", implicit: false })),
      dependencies,
    },
    { type: "task-failed", key: ids[0], atMs: 1, durationMs: 1, error: { name: "Error", message: "down" } },
  ];
  for (const id of ids.slice(1))
    events.push(
      skipped.has(id)
        ? { type: "task-skipped", key: id, reason: `upstream failed: ${ids[0]}`, cause: ids[0] }
        : { type: "task-succeeded", key: id, atMs: 2, durationMs: 1 },
    );
  events.push({ type: "run-end", runId: 1, durationMs: 3, ok: false, tasks: [] });
  for (const event of events) modules.applyRunEvent(state, event, quietLog);
  state.exitCode = 1;
  return { state, skipped: skipped.size };
}

function median(work) {
  const times = [];
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)].toFixed(2);
}

console.log(
  `node ${process.version}, load average ${loadavg()
    .map((n) => n.toFixed(2))
    .join(" ")}, ${repeat} runs each, medians in ms`,
);
console.log(
  "| tasks | skipped | redraw order (already paid) | why each row is there (once a run) | skips by root failure (each redraw) | Rerun Failed's tasks | Run from Here (task 0) |",
);
console.log("|---|---|---|---|---|---|---|");
for (const size of sizes) {
  const { state, skipped } = finishedRun(size);
  const order = median(() => modules.dependencyOrder(state));
  const reasons = median(() => modules.inclusions(state));
  const skips = median(() => modules.skipsByCause(state));
  const rerun = median(() => modules.rerunFailedTarget(state));
  const fromHere = median(() => modules.runFromHereTarget(state, "Big.t0"));
  console.log(`| ${size} | ${skipped} | ${order} | ${reasons} | ${skips} | ${rerun} | ${fromHere} |`);
}
