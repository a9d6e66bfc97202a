// Tasks through Redis against the local pool (node bench/redis.mjs, after npm run build): a 200-task
// chain (per-task overhead) and a 1,000-call fan-out of no-ops (tasks per second), each round timed
// around begin(); the finance example as a whole process. Starts its own redis-server (Debian's)
// on a free port and two `semisync worker --concurrency 1` on this machine, against --max-workers 2 locally.
// The seed's example with fixed sleeps (bench/peer/financeFixed.ts) too, both ways, beside semisync.py
// 0.1 running ../shared/peer/finance_fixed.py when that and python3 are there (SEMISYNC_PEER_DIR to move it).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startMachines } from "./redisMachines.mjs";
import { machineAndStart, median } from "./stats.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist", "cli.js");
const PAIRS = Number(process.env.PAIRS ?? 3);
const peerDir = resolve(process.env.SEMISYNC_PEER_DIR ?? join(root, "..", "shared", "peer"));
const peerProgram = join(peerDir, "finance_fixed.py");
const havePeer =
  existsSync(join(peerDir, "semisync.py")) &&
  existsSync(peerProgram) &&
  spawnSync("python3", ["--version"]).status === 0;

/** semisync.py's run of the same example, whole process. */
function runPeer() {
  const begun = performance.now();
  const result = spawnSync("python3", [peerProgram], { cwd: peerDir, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${peerProgram} failed (${result.status}):\n${result.stderr}`);
  return performance.now() - begun;
}

function run(file, env, args) {
  const begun = performance.now();
  const result = spawnSync(process.execPath, [cli, "run", file, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  const wallMs = performance.now() - begun;
  if (result.status !== 0) throw new Error(`${file} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  const line = result.stdout.split("\n").find((text) => text.startsWith("BENCH "));
  return { wallMs, ...(line ? JSON.parse(line.slice(6)) : {}) };
}

const machines = await startMachines(root, ["bench-1", "bench-2"]);
const { url } = machines;

const say = (text = "") => console.log(text);
try {
  for (const line of machineAndStart()) say(line);
  const ways = { local: ["--max-workers", "2"], redis: ["--redis", url] };
  const programs = {
    chain: join("bench", "programs", "chain.ts"),
    fanOut: join("bench", "programs", "fanOut.ts"),
    finance: join("examples", "finance.ts"),
    seed: join("bench", "peer", "financeFixed.ts"),
  };
  // One unmeasured run of each, each way: the transpile cache and the workers' modules warm.
  for (const args of Object.values(ways))
    for (const file of Object.values(programs)) run(file, { ROUNDS: "1", CALLS: "10" }, args);
  const measured = {};
  for (const way of Object.keys(ways)) measured[way] = { chain: [], fanOut: [], finance: [], seed: [] };
  const peer = [];
  // Interleaved, local then Redis, so that both see the same load.
  for (let pair = 0; pair < PAIRS; pair++)
    for (const [way, args] of Object.entries(ways)) {
      const chain = run(programs.chain, { ROUNDS: "3" }, args);
      measured[way].chain.push(...chain.rounds.slice(1).map((ms) => ms / chain.tasks));
      const fanOut = run(programs.fanOut, { ROUNDS: "3" }, args);
      measured[way].fanOut.push(...fanOut.rounds.slice(1).map((ms) => (fanOut.tasks / ms) * 1000));
      measured[way].finance.push(run(programs.finance, {}, args).wallMs);
      measured[way].seed.push(run(programs.seed, {}, args).wallMs);
      if (way === "redis" && havePeer) peer.push(runPeer());
    }
  say();
  say("| measure | local pool (2 workers) | Redis (2 workers) | target (Redis) |");
  say("|---|---|---|---|");
  const cell = (values, digits, unit) => `median ${median(values).toFixed(digits)} ${unit} (n=${values.length})`;
  say(
    `| 200-task chain, per task | ${cell(measured.local.chain, 2, "ms")} | ${cell(measured.redis.chain, 2, "ms")} | ≤ 3 ms |`,
  );
  say(
    `| 1,000-call fan-out of no-ops | ${cell(measured.local.fanOut, 0, "tasks/s")} | ${cell(measured.redis.fanOut, 0, "tasks/s")} | ≥ 500 tasks/s |`,
  );
  say(
    `| finance example, whole process | ${cell(measured.local.finance, 0, "ms")} | ${cell(measured.redis.finance, 0, "ms")} | — |`,
  );
  say(
    `| seed's example, fixed sleeps, whole process | ${cell(measured.local.seed, 0, "ms")} | ${cell(measured.redis.seed, 0, "ms")} | ${havePeer ? `semisync.py 0.1: ${cell(peer, 0, "ms")}` : "—"} |`,
  );
  say(
    `Load average at end ${loadavg()
      .map((n) => n.toFixed(2))
      .join(", ")}`,
  );
} finally {
  await machines.stop();
}
