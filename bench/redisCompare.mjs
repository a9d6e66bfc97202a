// This checkout's Redis executor against another checkout's, runs interleaved (A B A B …) so that
// both see the same machine load: `node bench/redisCompare.mjs OTHER_CHECKOUT [pairs]` (build both
// first: `npm run build` in each). Each checkout gets a redis-server and two `semisync worker
// --concurrency 1` of its own, and runs bench/programs/chain.ts (per task, rounds 2–3) and
// bench/programs/fanOut.ts (1,000 no-op calls, tasks per second, rounds 2–3) through its own CLI.
// Also the CPU time each call costs (Linux, from /proc), which a busy machine moves less than the
// wall-clock figures: the run's CLI and coordinator, redis-server and the workers together.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { cpuMs, startMachines } from "./redisMachines.mjs";
import { loadAverage, machineLine, median } from "./stats.mjs";

const here = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const [otherArg, pairsArg] = process.argv.slice(2);
if (!otherArg) {
  console.error("usage: node bench/redisCompare.mjs OTHER_CHECKOUT [pairs]");
  process.exit(2);
}
const checkouts = { this: here, other: resolve(otherArg) };
for (const root of Object.values(checkouts))
  if (!existsSync(join(root, "dist", "cli.js"))) throw new Error(`${root} has no dist/cli.js: npm run build there`);
const pairs = Number(pairsArg ?? 5);

/** The run's BENCH line, and the CPU it cost per call: the CLI and coordinator's, and Redis' and the workers'. */
function run(root, machines, program) {
  const runBefore = cpuMs(process.pid, true);
  const machinesBefore = machines.cpuMs();
  const result = spawnSync(process.execPath, [join(root, "dist", "cli.js"), "run", program, "--redis", machines.url], {
    cwd: root,
    env: { ...process.env, ROUNDS: "3" },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`${root}: ${program} failed (${result.status}):\n${result.stderr}`);
  const line = result.stdout.split("\n").find((text) => text.startsWith("BENCH "));
  const bench = JSON.parse(line.slice(6));
  const calls = bench.tasks * bench.rounds.length;
  const runMs = (cpuMs(process.pid, true) - runBefore) / calls;
  const machinesMs = (machines.cpuMs() - machinesBefore) / calls;
  return { ...bench, runMs, machinesMs };
}

console.log(machineLine());
const machines = {};
for (const [name, root] of Object.entries(checkouts))
  machines[name] = await startMachines(root, [`${name}-1`, `${name}-2`]);
const measured = {};
for (const name of Object.keys(checkouts)) measured[name] = { chain: [], fanOut: [], chainCpu: [], fanOutCpu: [] };
try {
  for (const [name, root] of Object.entries(checkouts))
    run(root, machines[name], join("bench", "programs", "chain.ts"));
  for (let pair = 0; pair < pairs; pair++)
    for (const [name, root] of Object.entries(checkouts)) {
      const chain = run(root, machines[name], join("bench", "programs", "chain.ts"));
      measured[name].chain.push(...chain.rounds.slice(1).map((ms) => ms / chain.tasks));
      const fanOut = run(root, machines[name], join("bench", "programs", "fanOut.ts"));
      measured[name].fanOut.push(...fanOut.rounds.slice(1).map((ms) => (fanOut.tasks / ms) * 1000));
      measured[name].chainCpu.push(chain.runMs + chain.machinesMs);
      measured[name].fanOutCpu.push(fanOut.runMs + fanOut.machinesMs);
    }
} finally {
  await Promise.all(Object.values(machines).map((each) => each.stop()));
}
const cell = (values, digits) =>
  `${median(values).toFixed(digits)} (${values.map((v) => v.toFixed(digits)).join(", ")})`;
console.log(`\n| through Redis, medians | this (${here}) | other (${checkouts.other}) |\n|---|---|---|`);
console.log(`| 200-task chain, ms per task | ${cell(measured.this.chain, 2)} | ${cell(measured.other.chain, 2)} |`);
console.log(`| 1,000-call fan-out, tasks/s | ${cell(measured.this.fanOut, 0)} | ${cell(measured.other.fanOut, 0)} |`);
console.log(
  `| chain, CPU ms per call (all processes, start-up included) | ${cell(measured.this.chainCpu, 2)} | ${cell(measured.other.chainCpu, 2)} |`,
);
console.log(
  `| fan-out, CPU ms per call (all processes, start-up included) | ${cell(measured.this.fanOutCpu, 2)} | ${cell(measured.other.fanOutCpu, 2)} |`,
);
console.log(`load average at end ${loadAverage()}`);
