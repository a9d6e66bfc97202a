import { strict as assert } from "node:assert";
import { planRun } from "../../src/engine/plan";
import { semisync } from "../../src/runtime/decorator";
import { clear } from "../../src/runtime/begin";
import { runtimeState, type QueuedCall } from "../../src/runtime/state";

/** The calls queued so far, taken off the queue as begin() would. */
const takeQueue = (): QueuedCall[] => runtimeState().queue.splice(0);

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
    // Through the task, not call to call: N calls waiting for N calls are N + N edges.
    assert.deepEqual(calls[2].dependencies, ["Sales.region"]);
  });

  it("gives N calls depending on N calls one list of task ids, shared, not N × N call keys", () => {
    class Many {
      @semisync() static noop(_i: number) {}
      @semisync({ dependencies: ["noop"] }) static sink(_i: number) {}
    }
    for (let i = 0; i < 1000; i++) Many.noop(i);
    for (let i = 0; i < 1000; i++) Many.sink(i);
    const { calls } = planRun(takeQueue());
    const sinks = calls.filter((call) => call.id === "Many.sink");
    assert.equal(sinks.length, 1000);
    assert.deepEqual(sinks[0].dependencies, ["Many.noop"]);
    assert.ok(sinks.every((call) => call.dependencies === sinks[0].dependencies));
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
