import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { byType, callbackOutput, runCli, statusOf, type CliResult } from "../helpers/cli";
import { LiveCli } from "../helpers/liveCli";
import { nothingLeft } from "../faults/matrix";
import { appendTo, Machine, project, RedisServer } from "./machines";

const run = (redis: RedisServer, file: string) =>
  runCli(["run", file, "--redis", redis.url, "--json"], { cwd: project, hungAfterMs: 50_000 });

const workerOf = (result: CliResult, key: string) =>
  byType(result.events, "task-start").find((event) => event.key === key)?.workerName;

const errorOf = (result: CliResult, key: string) =>
  byType(result.events, "task-failed").find((event) => event.key === key)?.error.message;

describe("semisync run --redis: tasks on semisync workers through a real Redis", function () {
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
    // Each worker is stopped as a service manager would, and must leave no process of its own.
    for (const machine of machines) assert.deepEqual(await machine.stop(), { code: 0, signal: null });
    machines = [];
  });

  it("runs a diamond on two workers: each task names the worker that ran it, callbacks and shared() work as locally", async () => {
    machines = [await Machine.start("w1", redis.url), await Machine.start("w2", redis.url)];
    const result = await run(redis, "diamond.ts");
    assert.equal(result.code, 0, result.stderr);
    for (const key of ["Diamond.a", "Diamond.b", "Diamond.c", "Diamond.d"])
      assert.ok(["w1", "w2"].includes(workerOf(result, key)!), `${key} ran on ${workerOf(result, key)}`);
    // Each worker takes one task at a time: b and c, awaiting together, are on two machines.
    assert.notEqual(workerOf(result, "Diamond.b"), workerOf(result, "Diamond.c"));
    assert.equal(callbackOutput(result.events, "Diamond.a"), "a wrote from a\n");
    assert.equal(callbackOutput(result.events, "Diamond.b"), "b saw from a\n");
    assert.equal(callbackOutput(result.events, "Diamond.c"), "c saw from a\n");
    assert.equal(callbackOutput(result.events, "Diamond.d"), "d saw from a, then b | from a, then c\n");
    const printed = byType(result.events, "output").filter((event) => event.stream === "stdout");
    assert.deepEqual(
      printed.map((event) => [event.key, event.text]),
      [
        ["Diamond.a", "a prints on its worker\n"],
        [undefined, "after the run, here: from a, then b | from a, then c\n"],
      ],
    );
    await nothingLeft(result.mark);
  });

  it("ends every call of a wide fan-out, each started once, when short calls end faster than they are sent", async () => {
    machines = [await Machine.start("w1", redis.url), await Machine.start("w2", redis.url)];
    const result = await run(redis, "many.ts");
    assert.equal(result.code, 0, result.stderr);
    const starts = byType(result.events, "task-start").map((event) => event.key);
    assert.equal(starts.length, 301);
    assert.equal(new Set(starts).size, 301);
    assert.equal(byType(result.events, "task-succeeded").length, 301);
    assert.equal(callbackOutput(result.events, "Many.total"), "300 calls before\n");
    await nothingLeft(result.mark);
  });

  it("lets tasks that run in turn in one worker process, sent together before either wrote, each write the run's namespace", async () => {
    machines = [await Machine.start("w1", redis.url)];
    const result = await run(redis, "turns.ts");
    assert.equal(result.code, 0, JSON.stringify(byType(result.events, "task-failed")));
    assert.equal(callbackOutput(result.events, "Turns.sum"), "sum 3\n");
    await nothingLeft(result.mark);
  });

  it("carries a Map, a Date, undefined and a typed array as arguments, results and shared() fields, as a local run does", async () => {
    const local = await runCli(["run", "values.ts", "--json"], { cwd: project });
    machines = [await Machine.start("w1", redis.url)];
    const remote = await run(redis, "values.ts");
    // A field holding undefined is there, but not listed by Object.keys: a property whose value is undefined is not one.
    const arrived = "Map x=1; Date 1970-01-01T00:00:00.000Z; nothing undefined; Uint8Array 1,2,3";
    for (const result of [local, remote]) {
      assert.equal(result.code, 0, result.stderr);
      assert.equal(callbackOutput(result.events, "Values.echo"), `${arrived}; echo\n`);
      assert.equal(callbackOutput(result.events, "Values.later"), `${arrived}; later, with 3 fields\n`);
      await nothingLeft(result.mark);
    }
  });

  it("fails a task whose result cannot travel with the local run's message, naming the value", async () => {
    const local = await runCli(["run", "unsendable.ts", "--json"], { cwd: project });
    machines = [await Machine.start("w1", redis.url)];
    const remote = await run(redis, "unsendable.ts");
    for (const result of [local, remote]) {
      assert.equal(result.code, 1, result.stderr);
      await nothingLeft(result.mark);
    }
    assert.match(
      errorOf(remote, "Unsendable.result")!,
      /result\.format \(function format\) is not structured-clone data/,
    );
    assert.equal(errorOf(remote, "Unsendable.result"), errorOf(local, "Unsendable.result"));
  });

  it("fails a task that ends its worker process as a local run does, and the worker goes on with the next", async () => {
    const local = await runCli(["run", "crash.ts", "--json"], { cwd: project });
    machines = [await Machine.start("w1", redis.url)];
    const remote = await run(redis, "crash.ts");
    for (const result of [local, remote]) {
      assert.equal(result.code, 1, result.stderr);
      assert.equal(statusOf(result.events, "Crash.exits"), "failed");
      assert.equal(statusOf(result.events, "Crash.after"), "skipped");
      assert.equal(statusOf(result.events, "Crash.fine"), "succeeded");
      await nothingLeft(result.mark);
    }
    assert.match(errorOf(remote, "Crash.exits")!, /its worker process exited with code 3 while the task ran/);
    assert.equal(errorOf(remote, "Crash.exits"), errorOf(local, "Crash.exits"));
  });

  it("refuses a task on a worker whose checkout differs, naming the worker, the file and both hashes", async () => {
    const planned = readFileSync(join(project, "diamond.ts"));
    let changed = "";
    machines = [
      await Machine.start("stale", redis.url, (checkout) => {
        appendTo(join(checkout, "diamond.ts"), "// edited on this machine only\n");
        changed = createHash("sha256")
          .update(readFileSync(join(checkout, "diamond.ts")))
          .digest("hex");
      }),
    ];
    const result = await run(redis, "diamond.ts");
    assert.equal(result.code, 1, result.stderr);
    assert.equal(statusOf(result.events, "Diamond.a"), "failed");
    for (const key of ["Diamond.b", "Diamond.c", "Diamond.d"]) assert.equal(statusOf(result.events, key), "skipped");
    const message = errorOf(result, "Diamond.a")!;
    const coordinators = createHash("sha256").update(planned).digest("hex");
    assert.ok(message.includes("worker stale has a different diamond.ts than the coordinator"), message);
    assert.ok(message.includes(coordinators) && message.includes(changed), message);
    await nothingLeft(result.mark);
  });

  it("refuses a task whose module, loaded only by a literal import() as the task runs, differs on the worker", async () => {
    machines = [
      await Machine.start("stale", redis.url, (checkout) =>
        appendTo(join(checkout, "lazyGreeting.ts"), "// edited on this machine only\n"),
      ),
    ];
    const result = await run(redis, "lazy.ts");
    assert.equal(result.code, 1, result.stderr);
    const message = errorOf(result, "Lazy.greet")!;
    assert.ok(message.includes("worker stale has a different lazyGreeting.ts than the coordinator"), message);
    await nothingLeft(result.mark);
  });

  it("fails a call whose job is gone from Redis (FLUSHALL) with the reason, instead of waiting for it for good", async () => {
    machines = [await Machine.start("w1", redis.url)];
    const running = run(redis, "slow.ts");
    await machines[0].cli.until("stdout", /running Slow\.nap/);
    await redis.command("FLUSHALL");
    const result = await running;
    assert.equal(result.code, 1, result.stderr);
    assert.equal(statusOf(result.events, "Slow.nap"), "failed");
    assert.match(
      errorOf(result, "Slow.nap")!,
      /^Slow\.nap: job \S+ is gone from Redis \(flushed, evicted or restarted\)/,
    );
    await nothingLeft(result.mark);
  });

  it("takes a cancelled run's waiting calls out of the queue: no worker runs them for a run that is over", async () => {
    const machine = await Machine.start("w1", redis.url);
    machines = [machine];
    const live = new LiveCli(["run", "naps.ts", "--redis", redis.url], { cwd: project });
    await machine.cli.until("stdout", /running Naps\.nap/);
    live.child.kill("SIGINT");
    assert.deepEqual(await live.exited, { code: 130, signal: null });
    assert.deepEqual(await redis.waitingJobs(), []);
    await nothingLeft(live.mark);
    // A job left waiting would be the next the worker takes, the moment its call ends (killed: the run cancelled it).
    await machine.cli.until("stdout", /cancelled Naps\.nap/);
    assert.deepEqual(await machine.stop(), { code: 0, signal: null });
    assert.equal(machine.cli.stdout.match(/running Naps\.nap/g)!.length, 1, machine.cli.stdout);
  });

  it("says once that no worker takes the run's tasks, and runs them when one starts", async () => {
    const live = new LiveCli(["run", "slow.ts", "--redis", redis.url], { cwd: project });
    await live.until("stderr", /no semisync worker is taking tasks/);
    const said = `semisync: no semisync worker is taking tasks from ${redis.url}; start one with \`semisync worker --redis ${redis.url}\``;
    assert.ok(live.stderr.includes(said), live.stderr);
    machines = [await Machine.start("w1", redis.url)];
    assert.deepEqual(await live.exited, { code: 0, signal: null });
    assert.match(live.stdout, /✓ succeeded Slow\.nap/);
    assert.equal(live.stderr.match(/no semisync worker/g)!.length, 1, live.stderr);
    await nothingLeft(live.mark);
  });

  it("never shows the password of the Redis URL: the worker's log and the run name the user and host only", async () => {
    await redis.command("ACL", "SETUSER", "alice", "on", ">s3cret", "~*", "&*", "+@all");
    const url = redis.url.replace("redis://", "redis://alice:s3cret@");
    const shown = redis.url.replace("redis://", "redis://alice:***@");
    machines = [await Machine.start("w1", url)];
    const result = await runCli(["run", "diamond.ts", "--redis", url, "--json"], { cwd: project, hungAfterMs: 50_000 });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(machines[0].cli.stdout.includes(`taking tasks from ${shown}`), machines[0].cli.stdout);
    for (const text of [result.stdout, result.stderr, machines[0].cli.stdout, machines[0].cli.stderr])
      assert.doesNotMatch(text, /s3cret/);
    await nothingLeft(result.mark);
  });

  it("lets a worker told to stop finish the task it runs before it exits", async () => {
    const machine = await Machine.start("w1", redis.url);
    machines = [machine];
    const live = new LiveCli(["run", "slow.ts", "--redis", redis.url], { cwd: project });
    await machine.cli.until("stdout", /running Slow\.nap/);
    machine.cli.child.kill("SIGTERM");
    assert.deepEqual(await live.exited, { code: 0, signal: null });
    assert.match(live.stdout, /✓ succeeded Slow\.nap/);
    assert.match(live.stdout, /nap finished/);
    await machine.cli.exited;
    assert.match(machine.cli.stdout, /SIGTERM: taking no new task[^]*succeeded Slow\.nap[^]*stopped\n$/);
    await nothingLeft(live.mark);
  });
});

describe("semisync run --redis: a Redis that does not answer", () => {
  // Port 1 on loopback: nothing listens there, so the connection is refused at once.
  const url = "redis://127.0.0.1:1";

  it("is said at once, naming the URL, with exit code 2 and no process left", async () => {
    const result = await runCli(["run", "diamond.ts", "--redis", url], { cwd: project });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^semisync run: cannot reach Redis at redis:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/m);
    assert.doesNotMatch(result.stdout, /succeeded|failed/);
    await nothingLeft(result.mark);
  });

  it("names the host of a URL with a password, never the password", async () => {
    const secret = "redis://alice:s3cret@127.0.0.1:1/0";
    const viaRun = await runCli(["run", "diamond.ts", "--redis", secret], { cwd: project });
    const worker = await runCli(["worker", "--redis", secret], { cwd: project });
    for (const result of [viaRun, worker]) {
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, /cannot reach Redis at redis:\/\/alice:\*\*\*@127\.0\.0\.1:1\/0: /);
      assert.doesNotMatch(result.stdout + result.stderr, /s3cret/);
      await nothingLeft(result.mark);
    }
  });

  it("is found through SEMISYNC_REDIS_URL too, and by semisync worker", async () => {
    const viaEnv = await runCli(["run", "diamond.ts"], { cwd: project, env: { SEMISYNC_REDIS_URL: url } });
    const worker = await runCli(["worker", "--redis", url], { cwd: project });
    for (const result of [viaEnv, worker]) {
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, /cannot reach Redis at redis:\/\/127\.0\.0\.1:1: /);
      await nothingLeft(result.mark);
    }
  });
});
