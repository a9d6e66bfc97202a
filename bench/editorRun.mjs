// From a CodeLens click to the first task's start, in a real VS Code (code-server through
// Chromium, as the integration tests run), on examples/: the first run after the window opened
// and the runs after it (each after a pause, as a person reads the result first). Prints one
// JSON line per window; targets: first run ≤ 400 ms, later runs ≤ 100 ms.
//   node bench/editorRun.mjs [windows] [runs per window] [ms before the first click]   (defaults: 3, 6, 0)
// Needs `node esbuild.js --tests` first.
import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(import.meta.url), "..", "..");
const windows = Number(process.argv[2] ?? 3);
const runs = process.argv[3] ?? "6";
const firstPause = process.argv[4] ?? "0";

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const firsts = [];
const laters = [];
for (let window = 0; window < windows; window++) {
  const run = spawnSync(
    process.execPath,
    [join(root, "test", "integration", "run.mjs"), "--suite", "measureRun", "--folder", join(root, "examples")],
    {
      encoding: "utf8",
      env: { ...process.env, SEMISYNC_MEASURE_RUNS: runs, SEMISYNC_MEASURE_FIRST_PAUSE_MS: firstPause },
    },
  );
  const output = `${run.stdout}${run.stderr}`;
  const measured = output.match(/MEASURE (\{.*\})/);
  if (run.status !== 0 || !measured) {
    console.error(`bench/editorRun: the measuring suite failed:\n${output}`);
    process.exit(1);
  }
  const { firstRunMs, laterRunsMs } = JSON.parse(measured[1]);
  firsts.push(firstRunMs);
  laters.push(...laterRunsMs);
  console.log(
    JSON.stringify({
      window,
      firstRunMs: Math.round(firstRunMs),
      laterRunsMs: laterRunsMs.map(Math.round),
      loadAverage: loadavg()[0].toFixed(2),
    }),
  );
}
console.log(
  JSON.stringify({
    date: new Date().toISOString(),
    firstRunMedianMs: Math.round(median(firsts)),
    laterRunsMedianMs: Math.round(median(laters)),
    laterRunsMaxMs: Math.round(Math.max(...laters)),
  }),
);
