import { strict as assert } from "node:assert";
import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import { callbackOutput, eventually, runCli, statusOf } from "../helpers/cli";
import { Machine, project, RedisServer } from "./machines";

/**
 * A worker cut off from Redis (here paused with SIGSTOP) longer than its --lost-after: the run
 * takes its call back and runs it elsewhere, and what the cut-off worker does once it comes back
 * counts for nothing.
 */

describe("semisync run --redis: a worker cut off from Redis while it runs a call", function () {
  this.timeout(120_000);
  let redis: RedisServer;
  let machines: Machine[] = [];

  beforeEach(async () => {
    redis = await RedisServer.start();
  });
  afterEach(async () => {
    for (const machine of machines) assert.deepEqual(await machine.stop(), { code: 0, signal: null });
    machines = [];
    await redis.stop();
  });

  it("keeps the retry's namespace writes: the lost attempt's, ending later, do not overwrite them", async () => {
    machines = [
      await Machine.start("w1", redis.url, undefined, ["--lost-after", "2"]),
      await Machine.start("w2", redis.url, undefined, ["--lost-after", "2"]),
    ];
    let paused: Machine | undefined;
    let resumed = false;
    const pausing = eventually(
      () => machines.find((machine) => existsSync(join(machine.checkout, "write-started"))),
      "a worker to start Stale.write",
    ).then((machine) => {
      paused = machine;
      process.kill(machine.cli.child.pid!, "SIGSTOP");
    });
    try {
      const result = await runCli(["run", "staleWrite.ts", "--redis", redis.url, "--json"], {
        cwd: project,
        hungAfterMs: 60_000,
        onEvent: (event) => {
          // The retry ended: the cut-off worker comes back, its attempt ends and tries to keep its write.
          if (event.type === "task-succeeded" && event.key === "Stale.write" && paused) {
            resumed = true;
            process.kill(paused.cli.child.pid!, "SIGCONT");
          }
        },
      });
      await pausing;
      assert.ok(resumed, "the paused worker was resumed once the retry succeeded");
      assert.equal(result.code, 0, result.stderr);
      assert.equal(statusOf(result.events, "Stale.read"), "succeeded");
      const retried = machines.find((machine) => machine !== paused)!;
      assert.equal(callbackOutput(result.events, "Stale.read"), `read ${basename(retried.checkout)}\n`);
      // The worker that came back says what happened, not a Redis failure.
      await paused!.cli.until("stdout", /the run took job \S+-Stale\.write-1 back: /);
      assert.doesNotMatch(paused!.cli.stdout, /Redis at .*(lock|Missing key)/);
    } finally {
      if (paused && !resumed) process.kill(paused.cli.child.pid!, "SIGCONT");
    }
  });
});
