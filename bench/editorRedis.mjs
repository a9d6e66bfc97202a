// The editor's run through Redis against its local run (node bench/editorRedis.mjs, after
// `node esbuild.js --tests`): a click's path without the window, as src/extension/runController.ts
// takes it. Each round forks a spare coordinator (the editor keeps one ready), lets its workers
// start, then times its run of test/fixtures/redisEditor's 3-task chain from the start message to
// the coordinator's exit, locally and then through Redis (semisync.redisUrl) to one warm
// `semisync worker --concurrency 1`, from a spare forked for Redis (what the editor keeps when
// the setting is set) and from one forked for a local run, back to back. Also times the refusal of a Redis that is not
// there. Starts its own redis-server (Debian's) on a free port. ROUNDS=7 by default.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, started } from "./redisMachines.mjs";
import { machineAndStart, median } from "./stats.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { forkCoordinator, startRun } = createRequire(import.meta.url)(join(root, "out", "src", "engine", "client.js"));
const cli = join(root, "dist", "cli.js");
const project = join(root, "test", "fixtures", "redisEditor");
const file = join(project, "relay.ts");
const ROUNDS = Number(process.env.ROUNDS ?? 7);
/** A spare's workers are up well within this on this machine; the editor's spare waits far longer between clicks. */
const SPARE_READY_MS = 2000;

/** One click: a warm spare, then the run from its start message to its exit. */
async function click(redisUrl, spareForRedis = redisUrl !== undefined) {
  const spare = forkCoordinator({ cwd: project, throughRedis: spareForRedis });
  await new Promise((resolve) => setTimeout(resolve, SPARE_READY_MS));
  const begun = performance.now();
  const redis = redisUrl && { url: redisUrl, root: project, programFiles: [file, join(project, "words.ts")] };
  const run = startRun({ file, tasks: ["Relay.last"], cwd: project, ...(redis ? { redis } : {}) }, spare);
  const code = await run.exited;
  return { ms: performance.now() - begun, code };
}

const dir = mkdtempSync(join(tmpdir(), "semisync-bench-editor-redis-"));
const port = await freePort();
const url = `redis://127.0.0.1:${port}`;
const server = await started(
  spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    cwd: dir,
  }),
  /Ready to accept connections/,
);
const worker = await started(
  spawn(process.execPath, [cli, "worker", "--redis", url, "--name", "bench-1", "--concurrency", "1"], { cwd: project }),
  /taking tasks from/,
);

const say = (text = "") => console.log(text);
try {
  for (const line of machineAndStart()) say(line);
  // Unmeasured: the transpile cache and the worker's first load of the chain's files.
  for (const redisUrl of [undefined, url]) {
    const { code } = await click(redisUrl);
    if (code !== 0) throw new Error(`the warm-up run ${redisUrl ? "through Redis" : "here"} exited ${code}`);
  }
  const local = [];
  const remote = [];
  const remoteFromLocalSpare = [];
  const refused = [];
  for (let i = 0; i < ROUNDS; i++) {
    local.push((await click(undefined)).ms);
    remote.push((await click(url)).ms);
    remoteFromLocalSpare.push((await click(url, false)).ms);
    const closed = await click(`redis://127.0.0.1:${await freePort()}`);
    if (closed.code !== 2) throw new Error(`a run through a closed port exited ${closed.code}, not 2`);
    refused.push(closed.ms);
  }
  const line = (label, values) =>
    say(`${label}: median ${median(values).toFixed(0)} ms (${values.map((v) => v.toFixed(0)).join(", ")})`);
  line("3-task chain from a warm spare, this machine's workers", local);
  line("3-task chain through Redis to one warm semisync worker, from a spare forked for Redis", remote);
  line(
    "same, from a spare forked for a local run (its workers stopped, the executor loaded at the click)",
    remoteFromLocalSpare,
  );
  line("a Redis that is not there, refused (start message to exit 2)", refused);
  say(
    `load average at end ${loadavg()
      .map((n) => n.toFixed(2))
      .join(", ")}`,
  );
} finally {
  worker.kill("SIGTERM");
  server.kill("SIGTERM");
  await new Promise((resolve) => server.once("exit", resolve));
  rmSync(dir, { recursive: true, force: true });
}
