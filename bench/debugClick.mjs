// Debugging a task in a real VS Code (code-server through Chromium, as the integration tests
// run), on examples/: from the Debug task command to the first breakpoint hit (the first line of
// Finance.revenue), and what debugging costs a whole run of Finance.profit, with and without a
// breakpoint (time paused at it left out), beside Run task in the same window. Prints one JSON
// line per window and the medians.
//   node bench/debugClick.mjs [windows] [rounds per window]   (defaults: 2, 3)
// Needs `node esbuild.js --tests` first.
import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(import.meta.url), "..", "..");
const windows = Number(process.argv[2] ?? 2);
const rounds = process.argv[3] ?? "3";

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const all = { runMs: [], debugMs: [], toBreakpointMs: [], debugWithBreakpointMs: [] };
for (let window = 0; window < windows; window++) {
  const run = spawnSync(
    process.execPath,
    [join(root, "test", "integration", "run.mjs"), "--suite", "measureDebug", "--folder", join(root, "examples")],
    { encoding: "utf8", env: { ...process.env, SEMISYNC_MEASURE_RUNS: rounds } },
  );
  const output = `${run.stdout}${run.stderr}`;
  const measured = output.match(/MEASURE (\{.*\})/);
  if (run.status !== 0 || !measured) {
    console.error(`bench/debugClick: the measuring suite failed:\n${output}`);
    process.exit(1);
  }
  const values = JSON.parse(measured[1]);
  for (const key of Object.keys(all)) all[key].push(...values[key]);
  const rounded = Object.fromEntries(Object.entries(values).map(([key, list]) => [key, list.map(Math.round)]));
  console.log(JSON.stringify({ window, ...rounded, loadAverage: loadavg()[0].toFixed(2) }));
}
console.log(
  JSON.stringify({
    date: new Date().toISOString(),
    ...Object.fromEntries(Object.entries(all).map(([key, list]) => [`${key}Median`, Math.round(median(list))])),
  }),
);
