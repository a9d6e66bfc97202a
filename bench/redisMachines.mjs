// What the Redis benchmarks stand on (bench/redis.mjs, bench/redisCompare.mjs): a redis-server of
// the system's on a free port (no persistence, in a temp folder) and `semisync worker`s of a checkout.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** Resolves with the child once its stdout matched `pattern`; rejects if it exits first. */
export function started(child, pattern) {
  return new Promise((resolve, reject) => {
    let seen = "";
    const look = (text) => {
      seen += text;
      if (pattern.test(seen)) resolve(child);
    };
    child.stdout.setEncoding("utf8").on("data", look);
    child.once("exit", (code) => reject(new Error(`exited with ${code} before ${pattern}:\n${seen}`)));
  });
}

/** CPU time (user + system) of a process so far, in ms, from /proc (Linux); with `waited`, that of its reaped children. */
export function cpuMs(pid, waited = false) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  const [user, system] = waited ? [fields[13], fields[14]] : [fields[11], fields[12]];
  return ((Number(user) + Number(system)) * 1000) / 100;
}

function childrenOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(" ").filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function stopped(child) {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once("exit", resolve));
}

/**
 * A redis-server and `names.length` workers (`--concurrency 1` each) of the checkout at `root`
 * (its dist/cli.js), started in that checkout. `stop()` ends them all and removes the folder.
 */
export async function startMachines(root, names) {
  const dir = mkdtempSync(join(tmpdir(), "semisync-bench-redis-"));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const redis = await started(
    spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      cwd: dir,
    }),
    /Ready to accept connections/,
  );
  const cli = join(root, "dist", "cli.js");
  const workers = await Promise.all(
    names.map((name) =>
      started(
        spawn(process.execPath, [cli, "worker", "--redis", url, "--name", name, "--concurrency", "1"], { cwd: root }),
        /taking tasks from/,
      ),
    ),
  );
  // Their lines about each task are not read: drained, so that a full pipe never holds a worker.
  for (const worker of workers) worker.stdout.resume();
  return {
    url,
    /** CPU time so far of redis-server, the workers and their worker processes, in ms (Linux). */
    cpuMs() {
      const pids = [redis.pid, ...workers.flatMap((worker) => [worker.pid, ...childrenOf(worker.pid)])];
      return pids.reduce((sum, pid) => sum + cpuMs(pid), 0);
    },
    async stop() {
      for (const worker of workers) worker.kill("SIGTERM");
      await Promise.all(workers.map(stopped));
      redis.kill("SIGTERM");
      await stopped(redis);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
