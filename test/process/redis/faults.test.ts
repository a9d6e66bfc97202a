import { strict as assert } from "node:assert";
import { existsSync } from "node:fs";
import IORedis from "ioredis";
import type { RunEvent } from "../../../src/shared/protocol";
import { byType, eventually, runCli, statusOf, type CliResult } from "../helpers/cli";
import { LiveCli } from "../helpers/liveCli";
import { nothingLeft } from "../faults/matrix";
import { killMachine, Machine, project, RedisServer } from "./machines";

// Small, so that a lost machine is noticed soon; a worker renews its hold every half of it.
const LOST_AFTER = ["--lost-after", "2"];

const run = (redis: RedisServer, file: string, ...flags: string[]) =>
  runCli(["run", file, "--redis", redis.url, "--json", ...flags], { cwd: project, hungAfterMs: 50_000 });

const errorOf = (result: CliResult, key: string) =>
  byType(result.events, "task-failed").find((event) => event.key === key)?.error.message;

const eventsOf = (stdout: string): RunEvent[] =>
  stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as RunEvent);

/** The machine of those given whose worker logs that it runs the task. */
function runningOn(machines: Machine[], key: string): Promise<Machine> {
  const pattern = new RegExp(`running ${key.replace(".", "\\.")}`);
  return eventually(() => machines.find((machine) => pattern.test(machine.cli.stdout)), `a worker to run ${key}`);
}

describe("semisync run --redis: failure, as the trusted queues promise it", function () {
  this.timeout(90_000);
  let redis: RedisServer;
  let machines: Machine[] = [];

  beforeEach(async () => {
    redis = await RedisServer.start();
  });
  afterEach(async () => {
    for (const machine of machines)
      if (machine.cli.child.exitCode === null && machine.cli.child.signalCode === null)
        assert.deepEqual(await machine.stop(), { code: 0, signal: null });
    machines = [];
    await redis.stop();
  });

  it("runs a task whose worker machine dies mid-task again on the other worker; nothing of the dead machine is left", async () => {
    machines = [
      await Machine.start("w1", redis.url, undefined, LOST_AFTER),
      await Machine.start("w2", redis.url, undefined, LOST_AFTER),
    ];
    const running = run(redis, "slow.ts");
    const dead = await runningOn(machines, "Slow.nap");
    await killMachine(dead);
    const result = await running;
    assert.equal(result.code, 0, result.stderr);
    assert.equal(statusOf(result.events, "Slow.nap"), "succeeded");
    const other = machines.find((machine) => machine !== dead)!;
    const starts = byType(result.events, "task-start").map((event) => event.workerName);
    assert.deepEqual(starts, [dead.name, other.name]);
    const again = byType(result.events, "task-queued").filter((event) => event.reason);
    assert.deepEqual(
      again.map((event) => event.reason),
      [
        `run again: its worker process was lost with worker ${dead.name} (it stopped renewing its hold on the job in Redis) before the task finished`,
      ],
    );
    await nothingLeft(result.mark);
  });

  it("with --retries 0, fails the task of a lost machine at once, naming the worker", async () => {
    machines = [await Machine.start("w1", redis.url, undefined, LOST_AFTER)];
    const running = run(redis, "slow.ts", "--retries", "0");
    await runningOn(machines, "Slow.nap");
    await killMachine(machines[0]);
    const result = await running;
    assert.equal(result.code, 1, result.stderr);
    assert.equal(statusOf(result.events, "Slow.nap"), "failed");
    assert.match(errorOf(result, "Slow.nap")!, /^Slow\.nap: worker w1 lost while the task ran: /);
    assert.match(errorOf(result, "Slow.nap")!, /it ran once, and the run allows 0 retries/);
    await nothingLeft(result.mark);
  });

  it("fails the run's running task when Redis is killed, naming the URL and why, and the worker comes back with Redis", async () => {
    const machine = await Machine.start("w1", redis.url);
    machines = [machine];
    const running = run(redis, "longNap.ts");
    await runningOn(machines, "LongNap.nap");
    await redis.kill();
    const result = await running;
    assert.equal(result.code, 1, result.stderr);
    assert.equal(statusOf(result.events, "LongNap.nap"), "failed");
    assert.match(
      errorOf(result, "LongNap.nap")!,
      new RegExp(`^Redis at ${redis.url}: the connection closed, and Redis does not answer: .*ECONN(REFUSED|RESET)`),
    );
    await nothingLeft(result.mark);
    // The worker waits for Redis, saying so once, and takes tasks again when it is back.
    await machine.cli.until("stdout", /lost Redis at redis:\/\/127\.0\.0\.1:\d+ \(.*\); retrying until it answers/);
    redis = await RedisServer.startOn(redis.port);
    await machine.cli.until("stdout", /answers again; taking tasks/);
    assert.equal(machine.cli.stdout.match(/lost Redis/g)!.length, 1, machine.cli.stdout);
    const after = await run(redis, "slow.ts");
    assert.equal(after.code, 0, after.stderr);
    assert.equal(byType(after.events, "task-start")[0].workerName, "w1");
  });

  it("fails the run's running task when Redis refuses its login mid-run, and the worker comes back when it lets it in", async () => {
    const machine = await Machine.start("w1", redis.url);
    machines = [machine];
    const running = run(redis, "longNap.ts");
    await runningOn(machines, "LongNap.nap");
    // A password from now on, and every connection made again: the run's and the worker's logins are refused.
    await redis.command("CONFIG", "SET", "requirepass", "s3cret");
    const admin = new IORedis(redis.url.replace("redis://", "redis://:s3cret@"));
    try {
      for (const type of ["normal", "pubsub"]) await admin.call("CLIENT", "KILL", "TYPE", type);
      const result = await running;
      assert.equal(result.code, 1, result.stderr);
      assert.equal(statusOf(result.events, "LongNap.nap"), "failed");
      assert.match(
        errorOf(result, "LongNap.nap")!,
        new RegExp(`^Redis at ${redis.url}: the connection closed, and Redis does not answer: NOAUTH`),
      );
      await nothingLeft(result.mark);
      await machine.cli.until("stdout", /lost Redis at .*NOAUTH/);
      await admin.call("CONFIG", "SET", "requirepass", "");
    } finally {
      admin.disconnect();
    }
    await machine.cli.until("stdout", /answers again; taking tasks/);
    const after = await run(redis, "slow.ts");
    assert.equal(after.code, 0, after.stderr);
  });

  it("kills a cancelled run's running call on its worker, which goes on taking tasks", async () => {
    const machine = await Machine.start("w1", redis.url);
    machines = [machine];
    const live = new LiveCli(["run", "longNap.ts", "--redis", redis.url, "--json"], { cwd: project });
    await runningOn(machines, "LongNap.nap");
    live.child.kill("SIGINT");
    assert.deepEqual(await live.exited, { code: 130, signal: null });
    assert.equal(statusOf(eventsOf(live.stdout), "LongNap.nap"), "cancelled");
    await nothingLeft(live.mark);
    const [[, pid]] = await machine.cli.until(
      "stdout",
      /stopping LongNap\.nap \(\w+\) in process (\d+): its run cancelled it/,
    );
    await eventually(() => !existsSync(`/proc/${pid}`), `process ${pid}, which ran the cancelled call, to be gone`);
    await machine.cli.until("stdout", /cancelled LongNap\.nap/);
    const after = await run(redis, "slow.ts");
    assert.equal(after.code, 0, after.stderr);
    assert.equal(byType(after.events, "task-start")[0].workerName, "w1");
  });
});
