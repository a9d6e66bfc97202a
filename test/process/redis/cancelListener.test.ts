import { strict as assert } from "node:assert";
import IORedis from "ioredis";
import { CancelListener } from "../../../src/engine/redis/cancelListener";
import { CANCEL_CHANNEL, cancelMessage } from "../../../src/engine/redis/cancelChannel";
import { redisOptions } from "../../../src/engine/redis/connection";
import { eventually } from "../helpers/cli";
import { RedisServer } from "./machines";

describe("a worker's cancel listener, on a real Redis", () => {
  let redis: RedisServer;
  let listener: CancelListener;
  let publisher: IORedis;

  beforeEach(async () => {
    redis = await RedisServer.start();
    listener = new CancelListener(redisOptions(redis.url));
    await listener.start();
    publisher = new IORedis(redis.url);
  });
  afterEach(async () => {
    listener.close();
    publisher.disconnect();
    await redis.stop();
  });

  it("stops a running job its run cancels, once, and leaves the others running", async () => {
    const stopped: string[] = [];
    assert.equal(
      listener.begin("run1-A.a-1", (why) => stopped.push(`a: ${why}`)),
      true,
    );
    assert.equal(
      listener.begin("run1-A.b-1", (why) => stopped.push(`b: ${why}`)),
      true,
    );
    listener.begin("run1-A.z-1", (why) => stopped.push(`z: ${why}`));
    await publisher.publish(CANCEL_CHANNEL, cancelMessage(["run1-A.a-1"]));
    await publisher.publish(CANCEL_CHANNEL, cancelMessage(["run1-A.a-1"]));
    // Messages arrive in order: once z is stopped, both cancels of a were heard.
    await publisher.publish(CANCEL_CHANNEL, cancelMessage(["run1-A.z-1"]));
    await eventually(() => stopped.length === 2, "the cancelled jobs to be stopped");
    listener.stop(["run1-A.a-1"], "its lock is gone");
    assert.deepEqual(stopped, ["a: its run cancelled it", "z: its run cancelled it"]);
  });

  it("remembers a job cancelled before it began, so that a worker taking it just after does not run it", async () => {
    await publisher.publish(CANCEL_CHANNEL, cancelMessage(["run2-A.a-1"]));
    await publisher.publish(CANCEL_CHANNEL, "not one of ours");
    // Messages arrive in order: once a later cancel is heard, so was the first.
    let heard = false;
    listener.begin("run2-A.z-1", () => (heard = true));
    await publisher.publish(CANCEL_CHANNEL, cancelMessage(["run2-A.z-1"]));
    await eventually(() => heard, "the later cancel to be heard");
    assert.equal(
      listener.begin("run2-A.a-1", () => assert.fail("a cancelled job ran")),
      false,
    );
    assert.equal(
      listener.begin("run2-A.b-1", () => undefined),
      true,
    );
  });

  it("stops a job for the reason its run gives: a timeout is not said to be a cancel", async () => {
    const stopped: string[] = [];
    listener.begin("run3-A.t-1", (why) => stopped.push(why));
    await publisher.publish(CANCEL_CHANNEL, cancelMessage(["run3-A.t-1"], "its run timed it out"));
    await eventually(() => stopped.length === 1, "the timed-out job to be stopped");
    assert.deepEqual(stopped, ["its run timed it out"]);
  });
});
