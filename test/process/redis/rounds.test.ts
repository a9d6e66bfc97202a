import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { byType, callbackOutput, eventually, runCli, statusOf } from "../helpers/cli";
import { killMachine, Machine, project, RedisServer } from "./machines";

/** A program's later begin() through Redis is a run of its own: its retries, its keys, and Redis tried afresh. */

const run = (redis: RedisServer, file: string, options: Parameters<typeof runCli>[1] = {}) =>
  runCli(["run", file, "--redis", redis.url, "--json"], { cwd: project, hungAfterMs: 60_000, ...options });

describe("semisync run --redis: each begin() of a program is a run of its own", function () {
  this.timeout(120_000);
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

  it("runs a call of the second round again when its machine is lost, as the first round's would be", async () => {
    machines = [
      await Machine.start("w1", redis.url, undefined, ["--lost-after", "2"]),
      await Machine.start("w2", redis.url, undefined, ["--lost-after", "2"]),
    ];
    let killed: Promise<void> | undefined;
    let starts = 0;
    const result = await run(redis, "roundsLost.ts", {
      onEvent: (event) => {
        if (event.type !== "task-start" || ++starts !== 2) return;
        killed = killMachine(machines.find((machine) => machine.name === event.workerName)!);
      },
    });
    await killed;
    assert.equal(result.code, 0, result.stderr);
    assert.equal(statusOf(result.events, "Again.nap"), "succeeded");
    const again = byType(result.events, "task-queued").filter((event) => event.reason);
    assert.equal(again.length, 1, JSON.stringify(again));
  });

  it("keeps what a call of the first round writes after the round ended out of the second round", async () => {
    machines = [await Machine.start("w1", redis.url), await Machine.start("w2", redis.url)];
    let paused: Machine | undefined;
    let resumed = false;
    const pausing = eventually(
      () => machines.find((machine) => existsSync(join(machine.checkout, "stale-started"))),
      "a worker to start Leftover.stale",
    ).then((machine) => {
      paused = machine;
      process.kill(machine.cli.child.pid!, "SIGSTOP");
    });
    try {
      const result = await run(redis, "leftover.ts", {
        onEvent: (event) => {
          // Round 2 goes: the paused worker comes back, and its round-1 call ends (timed out, or told to stop).
          if (event.type === "task-start" && event.key === "Leftover.first" && paused) {
            resumed = true;
            process.kill(paused.cli.child.pid!, "SIGCONT");
          }
        },
      });
      await pausing;
      assert.ok(resumed, "round 2 started while the worker was paused");
      assert.equal(result.code, 1, result.stderr);
      assert.equal(byType(result.events, "run-end")[0].tasks[0].status, "timed-out");
      assert.equal(callbackOutput(result.events, "Leftover.read"), "round 2 saw nothing\n");
      // The round-1 job finds its run over as it ends, and its worker removes it.
      await paused!.cli.until("stdout", /(timed-out|cancelled) Leftover\.stale/);
      let left: string[] = [];
      for (const until = Date.now() + 20_000; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
        left = (await redis.command("KEYS", "*run*")) as string[];
        if (left.length === 0) break;
      }
      assert.deepEqual(left, [], "keys of the program's runs left in Redis");
    } finally {
      if (paused && !resumed) process.kill(paused.cli.child.pid!, "SIGCONT");
    }
  });

  it("runs the next round once Redis, lost in a round, answers again", async () => {
    const machine = await Machine.start("w1", redis.url);
    machines = [machine];
    const dir = mkdtempSync(join(tmpdir(), "semisync-redis-back-"));
    const go = join(dir, "go");
    try {
      const running = run(redis, "redisBack.ts", { env: { GO_FILE: go } });
      await machine.cli.until("stdout", /running Back\.nap/);
      await redis.kill();
      await machine.cli.until("stdout", /lost Redis at /);
      redis = await RedisServer.startOn(redis.port);
      await machine.cli.until("stdout", /answers again; taking tasks/);
      writeFileSync(go, "");
      const result = await running;
      assert.equal(result.code, 1, result.stderr);
      assert.equal(byType(result.events, "run-end")[0].tasks[0].status, "failed");
      assert.equal(statusOf(result.events, "Back.quick"), "succeeded", result.stderr);
      assert.equal(callbackOutput(result.events, "Back.quick"), "round 2 ran\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
