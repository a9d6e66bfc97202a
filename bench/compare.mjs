// This checkout's engine against another checkout's, case by case, runs interleaved (A B A B …) so
// that both see the same machine load: `node bench/compare.mjs OTHER_CHECKOUT [pairs] [case…]`
// (build both first: `npm run build` in each). For changes to the engine, where a shared machine's
// load moves a single figure more than the change does. Cases (default all):
// - dag:N   bench/programs/bigDag.ts with N tasks: whole process and begin() per task;
// - chain   bench/programs/chain.ts: per task in begin(), rounds 2–7 (a warm pool);
// - dag300  bench/programs/randomDag.ts: makespan ÷ its bound, rounds 2–4;
// - peer    bench/peer/financeFixed.ts, whole process, NODE_EXTRA_CA_CERTS unset, each pair beside
//           semisync.py 0.1 when ../shared/peer and python3 are there (see bench/peer.mjs).
// Each program is the same file in both checkouts, run through that checkout's CLI; one unmeasured
// run of each warms the transpile cache and the durations the engine learns.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { median, loadAverage, machineLine } from "./stats.mjs";

const here = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const [otherArg, pairsArg, ...caseArgs] = process.argv.slice(2);
if (!otherArg) {
  console.error("usage: node bench/compare.mjs OTHER_CHECKOUT [pairs] [dag:N|chain|dag300|peer …]");
  process.exit(2);
}
const checkouts = { this: here, other: resolve(otherArg) };
for (const root of Object.values(checkouts))
  if (!existsSync(join(root, "dist", "cli.js"))) throw new Error(`${root} has no dist/cli.js: npm run build there`);
const pairs = Number(pairsArg ?? 5);
const cases = caseArgs.length ? caseArgs : ["dag:10000", "dag:20000", "chain", "dag300", "peer"];
const peerDir = resolve(process.env.SEMISYNC_PEER_DIR ?? join(here, "..", "shared", "peer"));
const havePeer = existsSync(join(peerDir, "semisync.py")) && spawnSync("python3", ["--version"]).status === 0;

const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;

function run(root, program, extraEnv) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [join(root, "dist", "cli.js"), "run", join(root, program)], {
    env: { ...env, ...extraEnv },
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  const wallMs = performance.now() - started;
  if (result.status !== 0)
    throw new Error(`${program} in ${root} failed (${result.status}):\n${result.stderr.slice(-3000)}`);
  const line = result.stdout.split("\n").find((text) => text.startsWith("BENCH "));
  return { wallMs, ...(line ? JSON.parse(line.slice(6)) : {}) };
}

function python() {
  const started = performance.now();
  const result = spawnSync("python3", [join(peerDir, "finance_fixed.py")], {
    cwd: peerDir,
    env: { ...env, PYTHONPATH: peerDir },
  });
  if (result.status !== 0) throw new Error(`semisync.py failed (${result.status})`);
  return performance.now() - started;
}

/** Each case: what to run, and the figures one run gives, by name. */
function measure(name, root) {
  if (name.startsWith("dag:")) {
    const tasks = Number(name.slice(4));
    const result = run(root, "bench/programs/bigDag.ts", { TASKS: String(tasks) });
    return { "whole ms": result.wallMs, "begin ms": result.beginMs, "ms/task": result.beginMs / tasks };
  }
  if (name === "chain") {
    const result = run(root, "bench/programs/chain.ts", { ROUNDS: "7" });
    return { "ms/task": median(result.rounds.slice(1)) / result.tasks };
  }
  if (name === "dag300") {
    const result = run(root, "bench/programs/randomDag.ts", { ROUNDS: "4" });
    return { "× bound": median(result.rounds.slice(1)) / result.bound };
  }
  if (name === "peer") return { "whole ms": run(root, "bench/peer/financeFixed.ts").wallMs };
  throw new Error(`unknown case ${name}`);
}

console.log(`${machineLine()}; ` + `this = ${checkouts.this}, other = ${checkouts.other}; ${pairs} pairs, medians`);
for (const name of cases) {
  for (const root of Object.values(checkouts)) measure(name, root);
  const figures = { this: [], other: [] };
  const py = [];
  for (let pair = 0; pair < pairs; pair++) {
    if (name === "peer" && havePeer) py.push(python());
    // Which checkout goes first alternates too, so neither always follows the other's leftovers.
    const order = pair % 2 === 0 ? ["this", "other"] : ["other", "this"];
    for (const side of order) figures[side].push(measure(name, checkouts[side]));
  }
  for (const field of Object.keys(figures.this[0])) {
    const summary = (side) => {
      const values = figures[side].map((each) => each[field]);
      const digits = field === "ms/task" ? 3 : field === "× bound" ? 3 : 0;
      return `${median(values).toFixed(digits)} (${values.map((each) => each.toFixed(digits)).join(", ")})`;
    };
    console.log(`${name} ${field}: this ${summary("this")} | other ${summary("other")}`);
  }
  if (py.length) {
    const pyMedian = median(py);
    const ratio = (side) => (median(figures[side].map((each) => each["whole ms"])) / pyMedian).toFixed(2);
    console.log(
      `${name} semisync.py ${Math.round(pyMedian)} ms: ratio this ${ratio("this")}, other ${ratio("other")} (target ≤ 0.90)`,
    );
  }
  console.log(`  load average ${loadAverage()}`);
}
