import { strict as assert } from "node:assert";
import { semisync } from "../../src/runtime/decorator";
// The package entry: the runtime with the engine installed, as `import "semisync"` gives it.
import { begin, clear } from "../../src/engine/packageEntry";
import { runtimeState, type QueuedCall } from "../../src/runtime/state";

/** The calls queued so far, taken off the queue as begin() would. */
const takeQueue = (): QueuedCall[] => runtimeState().queue.splice(0);

describe("runtime: decorator and queue", () => {
  afterEach(() => clear());

  it("queues a call with its arguments instead of running it", () => {
    let ran = false;
    class Queueing {
      @semisync() static load(region: string, year: number) {
        ran = true;
        return [region, year];
      }
    }
    const returned = (Queueing.load as (r: string, y: number) => unknown)("north", 2024);
    assert.equal(returned, undefined);
    assert.equal(ran, false);
    const [call] = takeQueue();
    assert.equal(call.task.id, "Queueing.load");
    assert.deepEqual(call.args, ["north", 2024]);
  });

  it("refuses instance methods with a message naming the method and the fix", () => {
    assert.throws(() => {
      class Wrong {
        @semisync() load() {}
      }
      return Wrong;
    }, /@semisync goes on static methods, but load is an instance method\. Make it `static load\(\)`/);
  });

  it("refuses malformed options", () => {
    assert.throws(() => semisync({ dependencies: "revenue" as never }), /dependencies must be an array/);
    assert.throws(() => semisync({ callbak: () => {} } as never), /unknown option "callbak"/);
    assert.throws(() => semisync({ timeout: -1 }), /timeout must be a positive number/);
  });

  it("clear() empties the queue", () => {
    class Cleared {
      @semisync() static a() {}
    }
    Cleared.a();
    clear();
    assert.deepEqual(takeQueue(), []);
  });

  it("begin() with a cycle rejects before anything runs, naming the path", async () => {
    class Rejected {
      @semisync({ dependencies: ["b"] }) static a() {}
      @semisync({ dependencies: ["a"] }) static b() {}
    }
    Rejected.a();
    await assert.rejects(begin(), /dependency cycle: Rejected\.a -> Rejected\.b -> Rejected\.a/);
  });
});
