import { strict as assert } from "node:assert";
import { LiveCli } from "../helpers/liveCli";
import { Machine, project, RedisServer } from "./machines";

/** A coordinator that dies (SIGKILLed, its editor window closed) leaves a run that is soon over, whose calls nobody runs. */

// Seconds: the run's keys outlive their coordinator by this at most (a minute unless told otherwise).
const TTL_ENV = { SEMISYNC_REDIS_RUN_TTL_S: "2" };

async function runKeys(redis: RedisServer): Promise<string[]> {
  return (await redis.command("KEYS", "*run*")) as string[];
}

async function until(probe: () => Promise<boolean>, what: string): Promise<void> {
  for (const limit = Date.now() + 20_000; !(await probe()); await new Promise((r) => setTimeout(r, 100)))
    if (Date.now() > limit) assert.fail(`gave up waiting: ${what}`);
}

describe("semisync run --redis: a coordinator that dies", function () {
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

  it("leaves calls no worker runs once its run's keys expired, and then nothing of the run in Redis", async () => {
    const run = new LiveCli(["run", "naps.ts", "--redis", redis.url], { cwd: project, env: TTL_ENV });
    await until(async () => (await redis.waitingJobs()).length === 6, "the run's six calls to wait in the queue");
    run.child.kill("SIGKILL");
    await run.exited;
    // Nothing renews the run's keys any more: they expire.
    await until(
      async () => !(await runKeys(redis)).some((key) => key.startsWith("semisync:run:")),
      "the run's keys to expire",
    );
    const machine = await Machine.start("w1", redis.url);
    machines = [machine];
    await machine.cli.until("stdout", /not running Naps\.nap\S* \(\w+\): its run is over/, 6);
    assert.equal(machine.cli.stdout.match(/^semisync worker w1: running /gm), null, machine.cli.stdout);
    await until(async () => (await runKeys(redis)).length === 0, "no key of the run left in Redis");
  });
});
