import { strict as assert } from "node:assert";
import { join } from "node:path";
import { startRun } from "../../../src/engine/client";
import { project, RedisServer } from "./machines";

/** The editor's forced stops of a run through Redis (its window closing, Cancel pressed twice) leave no call in the queue. */

async function until(probe: () => Promise<boolean>, what: string): Promise<void> {
  for (const limit = Date.now() + 20_000; !(await probe()); await new Promise((r) => setTimeout(r, 100)))
    if (Date.now() > limit) assert.fail(`gave up waiting: ${what}`);
}

describe("the editor's run through Redis, stopped at once", function () {
  this.timeout(60_000);
  let redis: RedisServer;

  beforeEach(async () => {
    redis = await RedisServer.start();
  });
  afterEach(async () => {
    await redis.stop();
  });

  for (const [how, stop] of [
    ["killed as its window closes", (run: ReturnType<typeof startRun>) => run.kill()],
    [
      "cancelled twice",
      (run: ReturnType<typeof startRun>) => {
        run.cancel();
        run.cancel();
      },
    ],
  ] as const)
    it(`takes its waiting calls out of the queue before it ends, ${how}`, async () => {
      const file = join(project, "naps.ts");
      const run = startRun({ file, cwd: project, redis: { url: redis.url, root: project } });
      await until(async () => (await redis.waitingJobs()).length === 6, "the run's six calls to wait in the queue");
      stop(run);
      await run.exited;
      assert.deepEqual(await redis.waitingJobs(), []);
    });
});
