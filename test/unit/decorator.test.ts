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
    assert.throws(
      () => semisync({ callbak: () => {} } as never),
      /^TypeError: @semisync: unknown option "callbak" \(did you mean "callback"\?\); the options are callback, dependencies and timeout\.$/,
    );
    assert.throws(() => semisync({ timeout: -1 }), /timeout must be a positive number/);
  });

  it("begin() refuses a run-wide timeoutMs that is not a positive number, before starting anything", async () => {
    for (const timeoutMs of [0, -5, Number.NaN, Number.POSITIVE_INFINITY, "100" as never])
      await assert.rejects(begin({ timeoutMs }), (error: Error & { code?: string }) => {
        assert.equal(error.code, "SS013");
        assert.match(error.message, /^semisync: timeoutMs must be a positive number of milliseconds, not /);
        return true;
      });
  });

  it("a timeout longer than one Node timer holds is a timeout like any other", () => {
    class Patient {
      @semisync({ timeout: 1e10 }) static wait() {}
    }
    Patient.wait();
    assert.equal(takeQueue()[0].task.timeoutMs, 1e10);
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
