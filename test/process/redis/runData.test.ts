import { strict as assert } from "node:assert";
import { byType, callbackOutput, runCli, statusOf, type CliResult } from "../helpers/cli";
import { LiveCli } from "../helpers/liveCli";
import { nothingLeft } from "../faults/matrix";
import { Machine, project, RedisServer } from "./machines";

/**
 * The run's data in Redis: its shared namespace as of each task's start, values too large for a
 * job, two runs kept apart, the run's --timeout on the workers, and nothing of a run left after it.
 */

const run = (redis: RedisServer, file: string, options: Parameters<typeof runCli>[1] = {}, extra: string[] = []) =>
  runCli(["run", file, "--redis", redis.url, "--json", ...extra], { cwd: project, hungAfterMs: 50_000, ...options });

const startOf = (result: CliResult, key: string) =>
  byType(result.events, "task-start").find((event) => event.key === key)!.atMs;

/**
 * The keys BullMQ keeps for the queue itself, whatever runs: its settings (meta), the stream of
 * its events (capped by BullMQ), the counter it draws job numbers from, and the stalled-job check's
 * short-lived lock.
 */
const QUEUE_KEYS = ["bull:semisync:meta", "bull:semisync:events", "bull:semisync:id", "bull:semisync:stalled-check"];

async function keys(redis: RedisServer): Promise<string[]> {
  return ((await redis.command("KEYS", "*")) as string[]).sort();
}

/** Waits until Redis holds no key beyond `before` and the queue's own; a wait for correctness, not for speed. */
async function onlyQueueKeysBeyond(redis: RedisServer, before: string[], what: string): Promise<void> {
  const allowed = new Set([...before, ...QUEUE_KEYS]);
  let extra: string[] = [];
  for (
    const until = Date.now() + 20_000;
    Date.now() < until;
    await new Promise((resolve) => setTimeout(resolve, 100))
  ) {
    extra = (await keys(redis)).filter((key) => !allowed.has(key));
    if (extra.length === 0) return;
  }
  assert.deepEqual(extra, [], `keys left in Redis after ${what}`);
}

describe("semisync run --redis: the run's data in Redis", function () {
  this.timeout(120_000);
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

  it("shows a task every write of the tasks that ended before it started, though it does not depend on them", async () => {
    // One worker slot: the two calls, sent together while the namespace was empty, run in turn.
    machines = [await Machine.start("w1", redis.url)];
    const result = await run(redis, "later.ts");
    assert.equal(result.code, 0, result.stderr);
    const [first, second] = ["Later.left", "Later.right"].sort((a, b) => startOf(result, a) - startOf(result, b));
    const name = (key: string) => key.slice("Later.".length);
    assert.equal(callbackOutput(result.events, first), `${name(first)} saw nothing\n`);
    assert.equal(callbackOutput(result.events, second), `${name(second)} saw written by ${name(first)}\n`);
    await nothingLeft(result.mark);
  });

  it("carries the namespace from one begin() to the next, with what the program wrote between them", async () => {
    machines = [await Machine.start("w1", redis.url)];
    const result = await run(redis, "rounds.ts");
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      callbackOutput(result.events, "Rounds.read"),
      "written in the first round; written by the program between rounds\n",
    );
    await nothingLeft(result.mark);
  });

  it("carries a 2 MB argument, result and shared() field in the run's own keys, the job staying small", async () => {
    const local = await runCli(["run", "big.ts", "--json"], { cwd: project });
    assert.equal(local.code, 0, local.stderr);
    machines = [await Machine.start("w1", redis.url)];
    let looked: Promise<{ job: number; values: number; ttl: number }> | undefined;
    const remote = await run(redis, "big.ts", {
      onEvent: (event) => {
        if (event.type === "task-start" && event.key === "Big.echo") looked = lookWhileRunning();
      },
    });
    async function lookWhileRunning() {
      const all = await keys(redis);
      const job = all.find((key) => /^bull:semisync:run\w+-Big\.echo-1$/.test(key))!;
      const values = all.find((key) => /^semisync:run:\{run\w+\}:values$/.test(key))!;
      const namespace = values.replace(/:values$/, ":ns");
      return {
        job: (await redis.command("HSTRLEN", job, "data")) as number,
        values: (await redis.command("HSTRLEN", values, `${job.slice("bull:semisync:".length)}/args`)) as number,
        ttl: (await redis.command("TTL", namespace)) as number,
      };
    }
    assert.equal(remote.code, 0, remote.stderr);
    for (const key of ["Big.echo", "Big.later"])
      assert.equal(callbackOutput(remote.events, key), callbackOutput(local.events, key));
    assert.match(callbackOutput(remote.events, "Big.echo"), /^result Float64Array of 262144, sum /);
    assert.match(callbackOutput(remote.events, "Big.later"), /^later saw Float64Array of 262144, sum /);
    const after = (result: CliResult) => byType(result.events, "output").find((event) => event.key === undefined)?.text;
    assert.equal(after(remote), after(local));
    const seen = await looked!;
    assert.ok(seen.job < 16 * 1024, `the job's data is ${seen.job} bytes`);
    assert.ok(seen.values > 2 * 1024 * 1024, `the stored argument is ${seen.values} bytes`);
    // The backstop for a coordinator that dies: the run's keys expire within a day.
    assert.ok(seen.ttl > 0 && seen.ttl <= 24 * 3600, `the namespace's TTL is ${seen.ttl}`);
    // The outcome travels in the queue's event stream too: its large result is named there, not carried.
    const events = (await redis.command("XRANGE", "bull:semisync:events", "-", "+")) as Array<[string, string[]]>;
    const completed = events.filter(([, [, event, , id]]) => event === "completed" && id.includes("-Big."));
    assert.equal(completed.length, 2);
    for (const [, fields] of completed) {
      const size = fields.reduce((total, field) => total + field.length, 0);
      assert.ok(size < 16 * 1024, `a completed event of ${size} bytes`);
    }
    await nothingLeft(remote.mark);
  });

  it("keeps two runs at once on one Redis apart: each sees only its own program's and tasks' writes", async () => {
    machines = [await Machine.start("w1", redis.url), await Machine.start("w2", redis.url)];
    const [a, b] = await Promise.all([
      run(redis, "isolated.ts", { env: { WHO: "A" } }),
      run(redis, "isolated.ts", { env: { WHO: "B" } }),
    ]);
    for (const [result, who] of [
      [a, "A"],
      [b, "B"],
    ] as const) {
      assert.equal(result.code, 0, result.stderr);
      assert.equal(callbackOutput(result.events, "Isolated.read"), `from ${who}'s callback, written ${who}\n`);
      await nothingLeft(result.mark);
    }
  });

  it("leaves nothing of a run in Redis once it ends: succeeded, failed, with large values, timed out or cancelled", async () => {
    const machine = await Machine.start("w1", redis.url);
    machines = [machine];
    const before = await keys(redis);
    for (const [file, code] of [
      ["diamond.ts", 0],
      ["fails.ts", 1],
      ["big.ts", 0],
    ] as const) {
      const result = await run(redis, file);
      assert.equal(result.code, code, result.stderr);
      await onlyQueueKeysBeyond(redis, before, file);
    }
    const timedOut = await run(redis, "forever.ts", {}, ["--timeout", "1000"]);
    assert.equal(statusOf(timedOut.events, "Forever.wait"), "timed-out");
    // The worker ends the task after the run did: it removes the job itself, finding the run over.
    await machine.cli.until("stdout", /(timed-out|cancelled) Forever\.wait/);
    await onlyQueueKeysBeyond(redis, before, "a timed-out run");
    const cancelled = new LiveCli(["run", "naps.ts", "--redis", redis.url], { cwd: project });
    await machine.cli.until("stdout", /running Naps\.nap/);
    cancelled.child.kill("SIGINT");
    assert.deepEqual(await cancelled.exited, { code: 130, signal: null });
    await machine.cli.until("stdout", /cancelled Naps\.nap/);
    await onlyQueueKeysBeyond(redis, before, "a cancelled run");
    assert.equal((await keys(redis)).filter((key) => key.includes(":run")).length, 0);
  });

  // Last: the coordinator it kills leaves its keys until they expire, and its job until BullMQ's age limit.
  it("stops a task on its worker when the run's --timeout passes, by the worker's own timer", async () => {
    const machine = await Machine.start("w1", redis.url);
    machines = [machine];
    const coordinator = new LiveCli(["run", "forever.ts", "--redis", redis.url, "--timeout", "1000"], { cwd: project });
    await machine.cli.until("stdout", /running Forever\.wait/);
    // No coordinator is left to time the task out, nor to tell the worker to stop it: the job carries the timeout.
    coordinator.child.kill("SIGKILL");
    await coordinator.exited;
    const [[ended]] = await machine.cli.until("stdout", /(timed-out|cancelled|succeeded|failed) Forever\.wait/);
    assert.match(ended, /^timed-out/, machine.cli.stdout);
  });
});
