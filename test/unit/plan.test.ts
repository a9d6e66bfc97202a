import { strict as assert } from "node:assert";
import { planRun } from "../../src/engine/plan";
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

describe("engine: planning a run", () => {
  afterEach(() => clear());

  it("makes a dependent wait for every queued call of its dependency", () => {
    class Sales {
      @semisync() static region(_name: string) {}
      @semisync({ dependencies: () => [Sales.region] }) static sum() {}
    }
    Sales.region("north");
    Sales.region("south");
    Sales.sum();
    const { calls, problems } = planRun(takeQueue());
    assert.deepEqual(problems, []);
    assert.deepEqual(
      calls.map((call) => call.key),
      ["Sales.region", "Sales.region#2", "Sales.sum"],
    );
    assert.deepEqual(calls[2].dependencies, ["Sales.region", "Sales.region#2"]);
  });

  it("runs a dependency nobody queued when it takes no arguments", () => {
    class Implicit {
      @semisync() static base() {}
      @semisync({ dependencies: ["base"] }) static top() {}
    }
    Implicit.top();
    const { calls } = planRun(takeQueue());
    assert.deepEqual(
      calls.map((call) => [call.key, call.implicit]),
      [
        ["Implicit.top", false],
        ["Implicit.base", true],
      ],
    );
  });

  it("blocks a dependent whose unqueued dependency needs arguments, and says why", () => {
    class Blocked {
      @semisync() static load(_amount: number) {}
      @semisync({ dependencies: ["load"] }) static use() {}
    }
    Blocked.use();
    const { calls } = planRun(takeQueue());
    assert.equal(calls.length, 1);
    assert.match(
      calls[0].blockedReason!,
      /Blocked\.load was never queued and takes arguments; queue Blocked\.load\(…\) before begin\(\)/,
    );
  });

  it("reports unknown names with a suggestion, and references that are not tasks", () => {
    const helper = () => {};
    class Unknown {
      @semisync() static revenue() {}
      @semisync({ dependencies: ["revenu", "Ledger.close", helper] }) static profit() {}
    }
    Unknown.profit();
    const { problems } = planRun(takeQueue());
    assert.deepEqual(
      problems.map((problem) => problem.code),
      ["SS002", "SS002", "SS002"],
    );
    assert.match(problems[0].message, /dependency "revenu" is not a known task; did you mean "Unknown\.revenue"\?/);
    assert.match(problems[2].message, /dependency #3 \(helper\) is not a @semisync task/);
  });

  it("reports every cycle among the queued tasks, a self-dependency included", () => {
    class Loops {
      @semisync({ dependencies: ["self"] }) static self() {}
      @semisync({ dependencies: ["b"] }) static a() {}
      @semisync({ dependencies: ["c"] }) static b() {}
      @semisync({ dependencies: ["a"] }) static c() {}
    }
    Loops.self();
    Loops.a();
    const { problems } = planRun(takeQueue());
    assert.deepEqual(
      problems.map((problem) => problem.message),
      ["dependency cycle: Loops.self -> Loops.self.", "dependency cycle: Loops.a -> Loops.b -> Loops.c -> Loops.a."],
    );
  });
});
