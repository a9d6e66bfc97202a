// Runs the benchmarks (npm run bench) and prints a Markdown report to paste into RESULTS.md.
// Each program runs through the real CLI, as a user would run it; times are wall-clock.
import { spawnSync } from "node:child_process";
import { availableParallelism, cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, "..", "dist", "cli.js");
const program = (name) => join(here, "programs", `${name}.ts`);

function run(name, env = {}, args = []) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [cli, "run", program(name), ...args], {
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  const wallMs = performance.now() - started;
  if (result.status !== 0) throw new Error(`${name} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  const line = result.stdout.split("\n").find((text) => text.startsWith("BENCH "));
  return { wallMs, ...JSON.parse(line.slice(6)) };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const ms = (value) => `${Math.round(value)} ms`;
const lines = [];
const say = (text = "") => {
  lines.push(text);
  console.error(text);
};

say(
  `Machine: ${cpus()[0].model}, ${availableParallelism()} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}; NODE_EXTRA_CA_CERTS ${process.env.NODE_EXTRA_CA_CERTS ? "set" : "unset"}.`,
);
say(`Date: ${new Date().toISOString().slice(0, 10)}`);
say();

// Warm the transpile cache so that no measurement includes the one-time TypeScript load.
for (const name of ["finance", "fanIn", "chain", "randomDag", "cpuFanOut"]) run(name, { ROUNDS: "1", WORKERS: "1" });

say("| benchmark | measured | target |");
say("|---|---|---|");

const whole = Array.from({ length: 5 }, () => run("finance", { ROUNDS: "1" }).wallMs);
say(
  `| (1) finance, whole process \`semisync run\` (median of 5) | ${ms(median(whole))} (runs: ${whole.map(ms).join(", ")}) | ≤ 672 ms (semisync.py 0.1: 672 ms) |`,
);
const withoutCa = { ...process.env };
delete withoutCa.NODE_EXTRA_CA_CERTS;
const wholeNoCa = Array.from({ length: 5 }, () => {
  const started = performance.now();
  const result = spawnSync(process.execPath, [cli, "run", program("finance")], { env: { ...withoutCa, ROUNDS: "1" } });
  if (result.status !== 0) throw new Error("finance failed");
  return performance.now() - started;
});
say(`| (1) same, with NODE_EXTRA_CA_CERTS unset (median of 5) | ${ms(median(wholeNoCa))} | (for comparison) |`);
const rounds = run("finance", { ROUNDS: "10" }).rounds;
say(
  `| (1) finance, per begin() round, 10 rounds with clear() | first ${ms(rounds[0])}; rounds 2–10 median ${ms(median(rounds.slice(1)))}, max ${ms(Math.max(...rounds.slice(1)))} | ≤ 505 ms after the first (critical path 500 ms, sequential 800 ms; semisync.py 514–518 ms) |`,
);

const fanIn = run("fanIn", { ROUNDS: "6" }).rounds;
say(
  `| (2) 50 tasks awaiting 100 ms + 1 dependent, per begin() | first ${ms(fanIn[0])}; later median ${ms(median(fanIn.slice(1)))}, max ${ms(Math.max(...fanIn.slice(1)))} | ≤ 150 ms (semisync.py 197–214 ms) |`,
);

const chain = run("chain", { ROUNDS: "7" });
const perTask = chain.rounds.slice(1).map((round) => round / chain.tasks);
say(
  `| (3) chain of 200 no-op tasks, per task on a warm pool | median ${median(perTask).toFixed(2)} ms (first round ${(chain.rounds[0] / chain.tasks).toFixed(2)} ms) | ≤ 2 ms |`,
);

const dag = run("randomDag", { ROUNDS: "4" });
const ratios = dag.rounds.map((round) => round / dag.bound);
say(
  `| (4) random DAG of 300 CPU-bound tasks on ${dag.workers} workers: makespan / max(critical path ${ms(dag.criticalPath)}, work/workers ${ms(dag.totalWork / dag.workers)}) | first round ${ratios[0].toFixed(3)}; later median ${median(ratios.slice(1)).toFixed(3)} (${dag.rounds.map(ms).join(", ")}) | ≤ 1.1 |`,
);

const one = run("cpuFanOut", { WORKERS: "1" });
const all = run("cpuFanOut", { WORKERS: String(availableParallelism()) });
const speedup = median(one.rounds.slice(1)) / median(all.rounds.slice(1));
say(
  `| (5) 8 × 250 ms CPU-bound tasks: 1 worker vs ${availableParallelism()} | ${ms(median(one.rounds.slice(1)))} vs ${ms(median(all.rounds.slice(1)))}: speed-up ${speedup.toFixed(2)}× on ${availableParallelism()} cores | near-linear |`,
);

console.log(lines.join("\n"));
