// Graphs of thousands of tasks (npm run build first): node bench/scale.mjs [case…]
// Cases: dag:N (bench/programs/bigDag.ts with TASKS=N) and fan:N (bench/programs/manyToMany.ts,
// N noop calls + N sink calls); default dag:1000 dag:5000 dag:10000 dag:20000 fan:5000.
// Each case runs through the real CLI, piped (its plain view renders every event), REPEAT times
// (default 3), and prints the medians as a Markdown table:
// - begin(), as the program times it;
// - whole process: wall clock of `semisync run`;
// - CPU: user + system time of the CLI and the processes it reaped (/usr/bin/time -v), which is the
//   coordinator and whatever workers the coordinator reaped before it exited; on a shared machine
//   it moves less than wall clock;
// - coordinator peak RSS: the program reads its own maxRSS (in program mode the coordinator is the
//   process that runs it);
// - largest process peak RSS: /usr/bin/time -v's maximum over the CLI and the processes it reaped.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, "..", "dist", "cli.js");
const timeTool = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
const cases = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ["dag:1000", "dag:5000", "dag:10000", "dag:20000", "fan:5000"];
const repeat = Number(process.env.REPEAT ?? 3);

function runOnce(kind, size) {
  const program = join(here, "programs", kind === "dag" ? "bigDag.ts" : "manyToMany.ts");
  const env = { ...process.env, TASKS: String(size), N: String(size) };
  const command = timeTool ? [timeTool, "-v", process.execPath] : [process.execPath];
  const started = performance.now();
  const result = spawnSync(command[0], [...command.slice(1), cli, "run", program], {
    env,
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  const wallMs = performance.now() - started;
  if (result.status !== 0) throw new Error(`${kind}:${size} failed (${result.status}):\n${result.stderr.slice(-3000)}`);
  const line = result.stdout.split("\n").find((text) => text.startsWith("BENCH "));
  const cliRss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr);
  const seconds = (label) =>
    Number(new RegExp(`${label} time \\(seconds\\): ([\\d.]+)`).exec(result.stderr)?.[1] ?? NaN);
  return {
    wallMs,
    cpuMs: (seconds("User") + seconds("System")) * 1000,
    cliRssMb: cliRss ? Number(cliRss[1]) / 1024 : NaN,
    ...JSON.parse(line.slice(6)),
  };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

// Warm the transpile cache: no measurement includes the one-time TypeScript load.
runOnce("dag", 10);
runOnce("fan", 10);
console.log(
  `${availableParallelism()} cores, Node ${process.version}, ${new Date().toISOString()}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}; medians of ${repeat}`,
);
console.log();
console.log(
  "| case | calls | begin() | per call | whole process | CPU | coordinator peak RSS | largest process peak RSS |",
);
console.log("|---|---|---|---|---|---|---|---|");
for (const name of cases) {
  const [kind, size] = name.split(":");
  const runs = Array.from({ length: repeat }, () => runOnce(kind, Number(size)));
  const pick = (field) => median(runs.map((run) => run[field]));
  const calls = runs[0].tasks;
  console.log(
    `| ${name} | ${calls} | ${Math.round(pick("beginMs"))} ms | ${(pick("beginMs") / calls).toFixed(2)} ms | ${Math.round(pick("wallMs"))} ms | ${Math.round(pick("cpuMs"))} ms | ${Math.round(pick("peakRssMb"))} MB | ${Math.round(pick("cliRssMb"))} MB |`,
  );
}
console.log();
console.log(
  `load average after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
