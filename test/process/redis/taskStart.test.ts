import { strict as assert } from "node:assert";
import { byType, runCli } from "../helpers/cli";
import { Machine, project, RedisServer } from "./machines";

describe("semisync run --redis: where a task started, as its task-start says", function () {
  this.timeout(90_000);
  let redis: RedisServer;
  let machines: Machine[] = [];

  before(async () => {
    redis = await RedisServer.start();
  });
  after(async () => {
    await redis?.stop();
  });
  afterEach(async () => {
    for (const machine of machines) assert.deepEqual(await machine.stop(), { code: 0, signal: null });
    machines = [];
  });

  it("says a task started when a worker takes it, not when it ends: a call that naps 1.5 s lasts that long", async () => {
    machines = [await Machine.start("w1", redis.url)];
    const result = await runCli(["run", "slow.ts", "--redis", redis.url, "--json"], {
      cwd: project,
      hungAfterMs: 50_000,
    });
    assert.equal(result.code, 0, result.stderr);
    const [start] = byType(result.events, "task-start");
    const [succeeded] = byType(result.events, "task-succeeded");
    assert.equal(start.workerName, "w1");
    assert.ok(succeeded.atMs - start.atMs >= 1400, `started at ${start.atMs} ms, ended at ${succeeded.atMs} ms`);
  });

  it("gives each worker one number of its own in the run, beside its name, as a local run gives each process its pid", async () => {
    machines = [await Machine.start("w1", redis.url), await Machine.start("w2", redis.url)];
    const result = await runCli(["run", "diamond.ts", "--redis", redis.url, "--json"], {
      cwd: project,
      hungAfterMs: 50_000,
    });
    assert.equal(result.code, 0, result.stderr);
    const starts = byType(result.events, "task-start");
    assert.equal(starts.length, 4);
    const numberOf = new Map<string, number>();
    for (const { key, worker, workerName } of starts) {
      assert.ok(workerName === "w1" || workerName === "w2", `${key} started on ${workerName}`);
      assert.ok(worker > 0, `${key} started on worker ${worker}`);
      assert.equal(numberOf.get(workerName) ?? worker, worker, `${workerName} has two numbers`);
      numberOf.set(workerName, worker);
    }
    // b and c await together, each on a machine of its own: both workers ran a task.
    assert.equal(numberOf.size, 2);
    assert.notEqual(numberOf.get("w1"), numberOf.get("w2"));
  });
});
