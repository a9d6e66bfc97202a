// Faults through Redis, timed (node bench/redisFaults.mjs, after npm run build): how long a run takes
// to end once its Redis is SIGKILLed mid-task, and how long a call waits before it runs again once the
// worker machine running it is SIGKILLed (--lost-after 2, and the default 10). Starts its own
// redis-server on a free port and `semisync worker --concurrency 1`s in this checkout.
// CLI=/path/to/dist/cli.js times another build (a run that has not ended after 60 s counts as 60 s);
// ONLY=Redis times only the cases whose name holds the word; ROUNDS=N (default 3) rounds of each.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = process.env.CLI ?? join(root, "dist", "cli.js");
const project = join(root, "test", "fixtures", "redis");
const ROUNDS = Number(process.env.ROUNDS ?? 3);

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

function follow(child) {
  child.seen = "";
  child.stdout.setEncoding("utf8").on("data", (text) => (child.seen += text));
  child.exited = new Promise((resolve) => child.once("exit", resolve));
  return child;
}

async function until(child, pattern) {
  while (!pattern.test(child.seen)) await new Promise((resolve) => setTimeout(resolve, 20));
}

async function redisServer() {
  const port = await freePort();
  const child = follow(
    spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]),
  );
  await until(child, /Ready to accept connections/);
  return { child, url: `redis://127.0.0.1:${port}` };
}

const worker = async (url, name, flags = []) => {
  const child = follow(
    spawn(process.execPath, [cli, "worker", "--redis", url, "--name", name, "--concurrency", "1", ...flags], {
      cwd: project,
    }),
  );
  await until(child, /taking tasks from/);
  return child;
};

const runOf = (url, file) => follow(spawn(process.execPath, [cli, "run", file, "--redis", url], { cwd: project }));

async function stopAll(children) {
  for (const child of children) child.kill("SIGKILL");
  await Promise.all(children.map((child) => child.exited));
}

/** Ms from Redis SIGKILLed (its call running on a worker) to the run's exit. */
async function redisKilled() {
  const redis = await redisServer();
  const w1 = await worker(redis.url, "w1");
  const run = runOf(redis.url, "longNap.ts");
  await until(w1, /running LongNap\.nap/);
  redis.child.kill("SIGKILL");
  const killed = performance.now();
  const ended = await Promise.race([run.exited.then(() => true), new Promise((r) => setTimeout(r, 60_000, false))]);
  const ms = ended ? performance.now() - killed : 60_000;
  await stopAll([w1, run, redis.child]);
  return ms;
}

/** Ms from the machine running the call SIGKILLed to the call running on the other worker. */
async function machineKilled(lostAfter) {
  const redis = await redisServer();
  const flags = lostAfter ? ["--lost-after", String(lostAfter)] : [];
  const workers = [await worker(redis.url, "w1", flags), await worker(redis.url, "w2", flags)];
  const run = runOf(redis.url, "longNap.ts");
  let dead;
  while (!dead) {
    dead = workers.find((each) => /running LongNap\.nap/.test(each.seen));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  dead.kill("SIGKILL");
  const killed = performance.now();
  const other = workers.find((each) => each !== dead);
  await until(other, /running LongNap\.nap/);
  const ms = performance.now() - killed;
  await stopAll([...workers, run, redis.child]);
  return ms;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const cases = [
  ["Redis SIGKILLed mid-task → run exited", () => redisKilled()],
  ["machine SIGKILLed mid-task → call running again (--lost-after 2)", () => machineKilled(2)],
  ["machine SIGKILLed mid-task → call running again (default --lost-after)", () => machineKilled()],
];
console.log(
  `${cli}; load ${loadavg()
    .map((each) => each.toFixed(2))
    .join(" ")}; ${new Date().toISOString()}`,
);
for (const [name, measure] of cases.filter(([name]) => name.includes(process.env.ONLY ?? ""))) {
  const times = [];
  for (let i = 0; i < ROUNDS; i++) times.push(await measure());
  console.log(
    `${name}: median ${(median(times) / 1000).toFixed(2)} s of ${times.map((t) => (t / 1000).toFixed(2)).join(", ")}`,
  );
}
