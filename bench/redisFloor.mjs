// What BullMQ itself costs per job on this machine, without semisync: one process holds a Queue, a
// QueueEvents and a Worker (concurrency 1, a no-op processor) on a redis-server of its own, and adds
// JOBS jobs one after another, each once the one before was heard "completed" — a chain's steps
// through Redis with nothing of ours in them. `node bench/redisFloor.mjs [jobs]`. Prints the median
// wall time per job (add to "completed" heard) and the CPU per job of this process and of Redis:
// the floor under bench/redis.mjs's chain, which adds a worker process per task and the coordinator.
import { createRequire } from "node:module";
import { startMachines } from "./redisMachines.mjs";
import { machineLine, median } from "./stats.mjs";

const require = createRequire(import.meta.url);
const { Queue, QueueEvents, Worker } = require("bullmq");
const IORedis = require("ioredis");
const JOBS = Number(process.argv[2] ?? 500);

console.log(machineLine());
const machines = await startMachines(process.cwd(), []);
const { hostname: host, port } = new URL(machines.url);
const connection = { host, port: Number(port), maxRetriesPerRequest: null };
const queue = new Queue("floor", { connection });
const events = new QueueEvents("floor", { connection });
const worker = new Worker("floor", async () => 0, { connection, concurrency: 1 });
const admin = new IORedis(connection);
const redisCpuMs = async () => {
  const info = await admin.info("cpu");
  const seconds = (name) => Number(info.match(new RegExp(`${name}:([\\d.]+)`))[1]);
  return (seconds("used_cpu_user") + seconds("used_cpu_sys")) * 1000;
};
try {
  await Promise.all([events.waitUntilReady(), worker.waitUntilReady()]);
  let heard;
  events.on("completed", () => heard?.());
  const chain = async (jobs) => {
    const times = [];
    for (let i = 0; i < jobs; i++) {
      const completed = new Promise((resolve) => (heard = resolve));
      const begun = performance.now();
      await queue.add("step", { i }, { removeOnComplete: true });
      await completed;
      times.push(performance.now() - begun);
    }
    return times;
  };
  await chain(50);
  const cpu = process.cpuUsage();
  const redisBefore = await redisCpuMs();
  const times = await chain(JOBS);
  const used = process.cpuUsage(cpu);
  const redisMs = ((await redisCpuMs()) - redisBefore) / JOBS;
  console.log(
    `${JOBS} jobs in a chain: median ${median(times).toFixed(2)} ms per job (add to "completed" heard); ` +
      `CPU per job: this process ${((used.user + used.system) / 1000 / JOBS).toFixed(2)} ms ` +
      `(user ${(used.user / 1000 / JOBS).toFixed(2)}), redis-server ${redisMs.toFixed(2)} ms`,
  );
} finally {
  await worker.close();
  await events.close();
  await queue.close();
  admin.disconnect();
  await machines.stop();
}
