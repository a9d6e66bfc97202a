// Run on save, in a real VS Code (code-server through Chromium, as the integration tests run),
// on examples/: from saving finance.ts to the first task's start, with semisync.runOnSave set to
// `task`, when no run goes and when the save comes while a run goes (cancelled first). The
// debounce (300 ms, src/extension/runOnSave.ts) is part of it, and so is the save itself (saveMs:
// until VS Code's document.save() resolves). Prints one JSON line per window.
//   node bench/editorSave.mjs [windows] [saves per window]   (defaults: 3, 6)
// Needs `node esbuild.js --tests` first (npm run bench:save does both).
import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(import.meta.url), "..", "..");
const windows = Number(process.argv[2] ?? 3);
const saves = process.argv[3] ?? "6";

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const idle = [];
const saving = [];
const duringRun = [];
for (let window = 0; window < windows; window++) {
  const run = spawnSync(
    process.execPath,
    [join(root, "test", "integration", "run.mjs"), "--suite", "measureSave", "--folder", join(root, "examples")],
    { encoding: "utf8", env: { ...process.env, SEMISYNC_MEASURE_RUNS: saves } },
  );
  const output = `${run.stdout}${run.stderr}`;
  const measured = output.match(/MEASURE (\{.*\})/);
  if (run.status !== 0 || !measured) {
    console.error(`bench/editorSave: the measuring suite failed:\n${output}`);
    process.exit(1);
  }
  const result = JSON.parse(measured[1]);
  idle.push(...result.idleMs);
  duringRun.push(...result.duringRunMs);
  saving.push(...result.saveMs);
  console.log(
    JSON.stringify({
      window,
      idleMs: result.idleMs.map(Math.round),
      duringRunMs: result.duringRunMs.map(Math.round),
      saveMs: result.saveMs.map(Math.round),
      loadAverage: loadavg()[0].toFixed(2),
    }),
  );
}
console.log(
  JSON.stringify({
    date: new Date().toISOString(),
    idleMedianMs: Math.round(median(idle)),
    duringRunMedianMs: Math.round(median(duringRun)),
    saveMedianMs: Math.round(median(saving)),
  }),
);
