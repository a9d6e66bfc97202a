// semisync run against semisync.py 0.1 on the seed's example with fixed sleeps, side by side:
// `node bench/peer.mjs [pairs]` (after `npm run build`). Runs python3 finance_fixed.py and
// `semisync run bench/peer/financeFixed.ts` (the same shape) as whole processes, alternating
// py, ts, py, ts… so both see the same machine load; prints medians and the ratio, with
// NODE_EXTRA_CA_CERTS unset (a plain user's machine) and, if this shell sets it, set.
// The peer is read from ../shared/peer (SEMISYNC_PEER_DIR to move it); never copied here.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, "..", "dist", "cli.js");
const program = join(here, "peer", "financeFixed.ts");
const peerDir = resolve(process.env.SEMISYNC_PEER_DIR ?? join(here, "..", "..", "shared", "peer"));
const peerProgram = join(peerDir, "finance_fixed.py");
const pairs = Number(process.argv[2] ?? 7);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

function timed(command, args, options) {
  const started = performance.now();
  const result = spawnSync(command, args, { encoding: "utf8", ...options });
  const wallMs = performance.now() - started;
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(" ")} failed (${result.status ?? result.error}):\n${result.stdout}\n${result.stderr}`,
    );
  return wallMs;
}

const python = spawnSync("python3", ["--version"], { encoding: "utf8" });
const havePeer = existsSync(join(peerDir, "semisync.py")) && existsSync(peerProgram) && python.status === 0;
if (!havePeer)
  console.error(
    `semisync.py is not measured: ${python.status === 0 ? `no semisync.py and finance_fixed.py in ${peerDir}` : "python3 is not installed"}; only semisync run is.`,
  );

const caCerts = process.env.NODE_EXTRA_CA_CERTS;
const envWithout = { ...process.env };
delete envWithout.NODE_EXTRA_CA_CERTS;
const settings = [["unset", envWithout]];
if (caCerts) settings.push(["set", { ...process.env }]);

console.log(
  `Machine: ${cpus()[0].model}, ${availableParallelism()} cores, Node ${process.version}, ${python.stdout.trim() || "no python3"}; ${new Date().toISOString()}; load average ${loadavg()
    .map((each) => each.toFixed(2))
    .join(" ")}`,
);
// Warm the transpile and facts caches: a user's second run, not the first one ever.
timed(process.execPath, [cli, "run", program], { env: envWithout });

for (const [name, env] of settings) {
  const py = [];
  const ts = [];
  for (let pair = 0; pair < pairs; pair++) {
    if (havePeer) py.push(timed("python3", [peerProgram], { cwd: peerDir, env: { ...env, PYTHONPATH: peerDir } }));
    ts.push(timed(process.execPath, [cli, "run", program], { env }));
  }
  const round = (values) => values.map((each) => Math.round(each)).join(", ");
  console.log(`NODE_EXTRA_CA_CERTS ${name}, ${pairs} pairs:`);
  if (havePeer) console.log(`  semisync.py   median ${Math.round(median(py))} ms (${round(py)})`);
  console.log(`  semisync run  median ${Math.round(median(ts))} ms (${round(ts)})`);
  if (havePeer) console.log(`  ratio ts / py ${(median(ts) / median(py)).toFixed(2)} (target ≤ 0.90 with it unset)`);
}
console.log(
  `load average after: ${loadavg()
    .map((each) => each.toFixed(2))
    .join(" ")}`,
);
