import { strict as assert } from "node:assert";
import IORedis from "ioredis";
import { Queue, Worker } from "bullmq";
import { takeLost } from "../../../src/engine/redis/lostJobs";
import { QUEUE_NAME, redisOptions } from "../../../src/engine/redis/connection";
import { eventually } from "../helpers/cli";
import { RedisServer } from "./machines";

describe("a lost job taken back by its run, on a real Redis", () => {
  let redis: RedisServer;

  beforeEach(async () => {
    redis = await RedisServer.start();
  });
  afterEach(async () => {
    await redis.stop();
  });

  it("names the worker that took it, from BullMQ's own record of the take, once its lock is gone", async () => {
    const connection = redisOptions(redis.url);
    const queue = new Queue(QUEUE_NAME, { connection });
    const client = new IORedis(connection);
    let release = () => {};
    const worker = new Worker(QUEUE_NAME, () => new Promise<void>((resolve) => (release = resolve)), {
      connection,
      name: "build-9",
      lockDuration: 60_000,
    });
    worker.on("error", () => {
      // Its job is gone when it ends: what the test does to it.
    });
    try {
      await queue.add("Lost.task", {}, { jobId: "run1-Lost.task-1" });
      let active = false;
      worker.on("active", () => (active = true));
      await eventually(() => active, "the worker to take the job");
      assert.equal(await takeLost(client, queue, "run1-Lost.task-1"), undefined, "a job whose lock holds is not lost");
      // The machine stopped renewing its hold: the lock expires.
      await client.del(`${queue.toKey("run1-Lost.task-1")}:lock`);
      assert.equal(await takeLost(client, queue, "run1-Lost.task-1"), "build-9");
      assert.equal(await queue.getJobState("run1-Lost.task-1"), "unknown");
    } finally {
      release();
      await worker.close(true);
      await queue.close();
      client.disconnect();
    }
  });
});
