import { strict as assert } from "node:assert";
import { currentTask } from "../../src/engine/outputCapture";
import { PooledHost } from "../../src/engine/pooledHost";
import type { RunEvent } from "../../src/shared/protocol";
import { cloneMessage } from "../../src/shared/cloneable";
import { call, fakeEngine } from "./helpers/fakePool";

const byKey = (events: RunEvent[], key: string) => events.filter((event) => "key" in event && event.key === key);

/** Lets pending callbacks (promise chains, no timers) run to their end. */
const callbacksDone = () => new Promise((resolve) => setImmediate(resolve));

/** The ids of a run's calls with their final status, as begin() reports them. */
const statuses = async (report: Promise<{ calls: Array<{ key: string; status: string }> }>) =>
  (await report).calls.map((each) => `${each.key} ${each.status}`);

/** One engine round in which `key` runs alone on worker `pid` for `ms`: the engine learns its duration. */
async function runAlone({ pool, engine, clock, take }: ReturnType<typeof fakeEngine>, key: string, ms: number) {
  const report = engine.run([call(key)], {});
  pool.ready(1);
  pool.started(1, key);
  clock.advance(ms);
  pool.succeeded(1, key);
  await report;
  take();
}

describe("engine: scheduling a run, on a scripted pool", () => {
  it("starts each call once its dependencies succeeded, on a worker that is ready, and reports every step", async () => {
    const { pool, engine, take } = fakeEngine(1);
    const report = engine.run(
      [
        call("Finance.revenue"),
        call("Finance.expenses"),
        call("Finance.profit", { dependencies: ["Finance.revenue", "Finance.expenses"] }),
      ],
      {},
    );
    assert.deepEqual(take(), [
      "run-start Finance.revenue Finance.expenses Finance.profit (1 workers)",
      "pool: spawn 1",
    ]);
    assert.equal(pool.holdsProcess, true, "workers keep the program alive while a run needs them");
    pool.ready(1);
    assert.deepEqual(take(), ["pool: send Finance.revenue to 1"]);
    pool.started(1, "Finance.revenue");
    assert.deepEqual(take(), ["start Finance.revenue on 1"]);
    pool.succeeded(1, "Finance.revenue", 100);
    // The module is loaded in that worker now: the next task starts the moment it is sent.
    assert.deepEqual(take(), [
      "succeeded Finance.revenue",
      "pool: send Finance.expenses to 1",
      "start Finance.expenses on 1",
    ]);
    pool.succeeded(1, "Finance.expenses", 60);
    assert.deepEqual(take(), [
      "succeeded Finance.expenses",
      "pool: send Finance.profit to 1",
      "start Finance.profit on 1",
    ]);
    pool.succeeded(1, "Finance.profit", 40);
    assert.deepEqual(take(), ["succeeded Finance.profit", "run-end ok"]);
    const { ok, calls } = await report;
    assert.equal(ok, true);
    assert.deepEqual(
      calls.map((each) => [each.key, each.status, each.result]),
      [
        ["Finance.revenue", "succeeded", 100],
        ["Finance.expenses", "succeeded", 60],
        ["Finance.profit", "succeeded", 40],
      ],
    );
    assert.equal(pool.holdsProcess, false, "an idle pool lets the program exit");
  });

  it("with workers scarce, starts the call on the longest remaining path first, by learned durations in later rounds", async () => {
    const { pool, engine, clock, take } = fakeEngine(1);
    const calls = () => [
      call("Solo.task"),
      call("Chain.head"),
      call("Chain.middle", { dependencies: ["Chain.head"] }),
      call("Chain.tail", { dependencies: ["Chain.middle"] }),
    ];
    const first = engine.run(calls(), {});
    take();
    pool.ready(1);
    assert.deepEqual(take(), ["pool: send Chain.head to 1"], "three calls in a row outweigh one, durations unknown");
    pool.started(1, "Chain.head");
    for (const [key, ms] of [
      ["Chain.head", 10],
      ["Chain.middle", 10],
      ["Solo.task", 500],
      ["Chain.tail", 10],
    ] as const) {
      clock.advance(ms);
      pool.succeeded(1, key);
    }
    assert.deepEqual(take(), [
      "start Chain.head on 1",
      "succeeded Chain.head",
      "pool: send Chain.middle to 1",
      "start Chain.middle on 1",
      "succeeded Chain.middle",
      "pool: send Solo.task to 1",
      "start Solo.task on 1",
      "succeeded Solo.task",
      "pool: send Chain.tail to 1",
      "start Chain.tail on 1",
      "succeeded Chain.tail",
      "run-end ok",
    ]);
    await first;
    engine.run(calls(), {});
    assert.deepEqual(take(), [
      "run-start Solo.task Chain.head Chain.middle Chain.tail (1 workers)",
      "pool: send Solo.task to 1",
      "start Solo.task on 1",
    ]);
  });

  it("starts workers on demand: never more than the tasks that can compute at once, however large the pool", async () => {
    const { pool, engine, take } = fakeEngine(64);
    const report = engine.run(
      [
        call("Finance.revenue"),
        call("Finance.expenses"),
        call("Finance.profit", { dependencies: ["Finance.revenue", "Finance.expenses"] }),
      ],
      {},
    );
    assert.deepEqual(take(), [
      "run-start Finance.revenue Finance.expenses Finance.profit (64 workers)",
      "pool: spawn 1",
      "pool: spawn 2",
    ]);
    pool.ready(1);
    pool.ready(2);
    pool.started(1, "Finance.revenue");
    pool.started(2, "Finance.expenses");
    pool.succeeded(1, "Finance.revenue");
    pool.succeeded(2, "Finance.expenses");
    pool.succeeded(1, "Finance.profit");
    assert.ok(await report);
    assert.equal(
      take().filter((line) => line.startsWith("pool: spawn")).length,
      0,
      "profit ran on a worker already there",
    );
    assert.equal(pool.workers.size, 2, "both stay warm for the next round");
  });

  it("prestarts only the workers it was told could be useful, and starts more only when tasks need them", async () => {
    const { pool, engine, take } = fakeEngine(8, 2);
    engine.prestart();
    assert.deepEqual(take(), ["pool: spawn 1", "pool: spawn 2"]);
    const report = engine.run([call("Solo.task")], {});
    assert.deepEqual(take(), ["run-start Solo.task (8 workers)"], "a worker is starting already: no other is needed");
    pool.ready(1);
    pool.started(1, "Solo.task");
    pool.succeeded(1, "Solo.task");
    await report;
    engine.run([call("Wide.a"), call("Wide.b"), call("Wide.c")], {});
    pool.ready(2);
    assert.deepEqual(
      take().slice(-5),
      [
        "run-start Wide.a Wide.b Wide.c (8 workers)",
        "pool: send Wide.a to 1",
        "start Wide.a on 1",
        "pool: spawn 3",
        "pool: send Wide.b to 2",
      ],
      "three tasks ready, two workers there: one more starts",
    );
  });

  it("lets a worker whose task awaits take the next task: with one worker, the second starts before the first ends", async () => {
    const { pool, engine, take } = fakeEngine(1);
    const report = engine.run([call("Io.first"), call("Io.second")], {});
    pool.ready(1);
    pool.started(1, "Io.first");
    take();
    pool.parked(1, "Io.first");
    assert.deepEqual(take(), ["pool: send Io.second to 1", "start Io.second on 1"]);
    assert.deepEqual(
      [...pool.worker(1).tasks],
      [
        ["Io.first", "parked"],
        ["Io.second", "computing"],
      ],
    );
    pool.succeeded(1, "Io.second");
    pool.succeeded(1, "Io.first");
    assert.deepEqual(take(), ["succeeded Io.second", "succeeded Io.first", "run-end ok"]);
    assert.deepEqual(await statuses(report), ["Io.first succeeded", "Io.second succeeded"]);
  });

  it("sends the next task ahead to a worker busy with a task known to be short, and starts it when that one ends", async () => {
    const scripted = fakeEngine(1);
    const { pool, engine, take } = scripted;
    await runAlone(scripted, "Quick.task", 10);
    const report = engine.run([call("Quick.task"), call("Quick.next")], {});
    assert.deepEqual(take(), [
      "run-start Quick.task Quick.next (1 workers)",
      "pool: send Quick.task to 1",
      "start Quick.task on 1",
      "pool: send Quick.next to 1",
    ]);
    assert.deepEqual(
      [...pool.worker(1).tasks],
      [
        ["Quick.task", "computing"],
        ["Quick.next", "waiting"],
      ],
    );
    pool.succeeded(1, "Quick.task");
    assert.deepEqual(take(), ["succeeded Quick.task", "start Quick.next on 1"]);
    pool.succeeded(1, "Quick.next");
    assert.deepEqual(take(), ["succeeded Quick.next", "run-end ok"]);
    await report;
  });

  it("never sends a task ahead to a worker busy with a long task", async () => {
    const scripted = fakeEngine(1);
    const { pool, engine, take } = scripted;
    await runAlone(scripted, "Slow.task", 500);
    engine.run([call("Slow.task"), call("Slow.next")], {});
    assert.deepEqual(take(), [
      "run-start Slow.task Slow.next (1 workers)",
      "pool: send Slow.task to 1",
      "start Slow.task on 1",
    ]);
    pool.succeeded(1, "Slow.task");
    assert.deepEqual(take(), ["succeeded Slow.task", "pool: send Slow.next to 1", "start Slow.next on 1"]);
  });

  it("sends several tasks ahead to a worker busy with tasks that last took almost no time, and starts each as the one before ends", async () => {
    const scripted = fakeEngine(1);
    const { pool, engine, take } = scripted;
    const keys = ["Tiny.a", "Tiny.b", "Tiny.c", "Tiny.d"];
    for (const key of keys) await runAlone(scripted, key, 0);
    const report = engine.run(
      keys.map((key) => call(key)),
      {},
    );
    assert.deepEqual(take(), [
      "run-start Tiny.a Tiny.b Tiny.c Tiny.d (1 workers)",
      "pool: send Tiny.a to 1",
      "start Tiny.a on 1",
      "pool: send Tiny.b to 1",
      "pool: send Tiny.c to 1",
      "pool: send Tiny.d to 1",
    ]);
    for (const [done, next] of [
      ["Tiny.a", "Tiny.b"],
      ["Tiny.b", "Tiny.c"],
      ["Tiny.c", "Tiny.d"],
    ]) {
      pool.succeeded(1, done);
      assert.deepEqual(take(), [`succeeded ${done}`, `start ${next} on 1`]);
    }
    pool.succeeded(1, "Tiny.d");
    assert.deepEqual(take(), ["succeeded Tiny.d", "run-end ok"]);
    await report;
  });

  it("sends no second task ahead while another worker is still starting: that worker takes the next ready task itself", async () => {
    const scripted = fakeEngine(2);
    const { pool, engine, take } = scripted;
    const keys = ["Short.a", "Short.b", "Short.c", "Short.d"];
    for (const key of keys) await runAlone(scripted, key, 1);
    const report = engine.run(
      keys.map((key) => call(key)),
      {},
    );
    assert.deepEqual(
      take().filter((line) => line.startsWith("pool:")),
      ["pool: send Short.a to 1", "pool: send Short.b to 1", "pool: send Short.c to 1", "pool: spawn 2"],
      "behind a, b and c, d would wait 3 ms, over the 2 ms limit: a second worker is wanted for it",
    );
    pool.succeeded(1, "Short.a");
    assert.deepEqual(
      take().filter((line) => line.startsWith("pool:")),
      [],
      "behind b and c, 2 ms, d would be within the limit again, but worker 2 is starting and takes it",
    );
    pool.ready(2);
    assert.deepEqual(
      take().filter((line) => line.startsWith("pool:")),
      ["pool: send Short.d to 2"],
    );
    for (const [pid, key] of [
      [1, "Short.b"],
      [1, "Short.c"],
      [2, "Short.d"],
    ] as const)
      pool.succeeded(pid, key);
    assert.equal((await report).ok, true);
  });

  it("sends a second task ahead only while what it would wait behind last took 2 ms or less all together", async () => {
    const scripted = fakeEngine(1);
    const { pool, engine, take } = scripted;
    for (const [key, ms] of [
      ["Short.a", 2],
      ["Short.b", 1],
      ["Short.c", 0],
      ["Short.d", 0],
    ] as const)
      await runAlone(scripted, key, ms);
    const report = engine.run([call("Short.a"), call("Short.b"), call("Short.c"), call("Short.d")], {});
    assert.deepEqual(
      take().filter((line) => line.startsWith("pool: send")),
      ["pool: send Short.a to 1", "pool: send Short.b to 1"],
      "behind a (2 ms) and b (1 ms), 3 ms: c waits here in the engine",
    );
    pool.succeeded(1, "Short.a");
    assert.deepEqual(take(), [
      "succeeded Short.a",
      "pool: send Short.c to 1",
      "pool: send Short.d to 1",
      "start Short.b on 1",
    ]);
    for (const key of ["Short.b", "Short.c", "Short.d"]) pool.succeeded(1, key);
    assert.equal((await report).ok, true);
  });

  it("sends nothing ahead to a worker whose task, short last time, has been running longer than that this time", async () => {
    const scripted = fakeEngine(1);
    const { pool, engine, clock, take } = scripted;
    for (const key of ["Io.wait", "Io.next", "Stale.task"]) await runAlone(scripted, key, 0);
    const report = engine.run(
      [call("Io.wait"), call("Stale.task"), call("Io.next", { dependencies: ["Io.wait"] })],
      {},
    );
    pool.started(1, "Io.wait");
    pool.parked(1, "Io.wait");
    take();
    clock.advance(100);
    pool.succeeded(1, "Io.wait");
    assert.deepEqual(
      take().filter((line) => line.startsWith("pool: send")),
      [],
      "Stale.task took 0 ms last time and has computed for 100 ms now: Io.next waits in the engine",
    );
    pool.succeeded(1, "Stale.task");
    assert.deepEqual(take().slice(-2), ["pool: send Io.next to 1", "start Io.next on 1"]);
    pool.succeeded(1, "Io.next");
    assert.equal((await report).ok, true);
  });

  it("fails a throwing task, skips what depends on it with the reason, and lets independent branches go on", async () => {
    const { pool, engine, take } = fakeEngine(2);
    const report = engine.run(
      [
        call("Pipeline.broken"),
        call("Pipeline.report", { dependencies: ["Pipeline.broken"] }),
        call("Pipeline.publish", { dependencies: ["Pipeline.report"] }),
        call("Pipeline.independent"),
      ],
      {},
    );
    pool.ready(1);
    pool.ready(2);
    pool.started(1, "Pipeline.broken");
    pool.started(2, "Pipeline.independent");
    assert.deepEqual(take(), [
      "run-start Pipeline.broken Pipeline.report Pipeline.publish Pipeline.independent (2 workers)",
      "pool: spawn 1",
      "pool: spawn 2",
      "pool: send Pipeline.broken to 1",
      "pool: send Pipeline.independent to 2",
      "start Pipeline.broken on 1",
      "start Pipeline.independent on 2",
    ]);
    pool.failed(1, "Pipeline.broken", "the ledger is locked");
    assert.deepEqual(take(), [
      "failed Pipeline.broken: the ledger is locked",
      "skipped Pipeline.report: upstream failed: Pipeline.broken",
      "skipped Pipeline.publish: upstream failed: Pipeline.broken",
    ]);
    pool.succeeded(2, "Pipeline.independent");
    assert.deepEqual(take(), ["succeeded Pipeline.independent", "run-end not ok"]);
    assert.deepEqual(await statuses(report), [
      "Pipeline.broken failed",
      "Pipeline.report skipped",
      "Pipeline.publish skipped",
      "Pipeline.independent succeeded",
    ]);
  });

  it("with failFast stops at the first failure: what runs is cancelled and its worker killed, what has not started is skipped", async () => {
    const { pool, engine, take } = fakeEngine(2);
    const report = engine.run(
      [
        call("Pipeline.broken"),
        call("Pipeline.report", { dependencies: ["Pipeline.broken"] }),
        call("Pipeline.independent"),
        call("Pipeline.after", { dependencies: ["Pipeline.independent"] }),
      ],
      { failFast: true },
    );
    pool.ready(1);
    pool.ready(2);
    pool.started(1, "Pipeline.broken");
    pool.started(2, "Pipeline.independent");
    take();
    pool.failed(1, "Pipeline.broken", "the ledger is locked");
    const stopped = "--fail-fast stopped the run after Pipeline.broken failed";
    assert.deepEqual(take(), [
      "failed Pipeline.broken: the ledger is locked",
      "skipped Pipeline.report: upstream failed: Pipeline.broken",
      "pool: kill 2",
      `cancelled Pipeline.independent: ${stopped}`,
      `skipped Pipeline.after: ${stopped}`,
      "run-end not ok",
    ]);
    assert.deepEqual(await statuses(report), [
      "Pipeline.broken failed",
      "Pipeline.report skipped",
      "Pipeline.independent cancelled",
      "Pipeline.after skipped",
    ]);
    pool.succeeded(2, "Pipeline.independent");
    pool.exit(2, null, "SIGKILL");
    assert.deepEqual(take(), [], "a late reply and the killed worker's exit change nothing");
  });

  it("on cancel, cancels running tasks and kills their workers, cancels queued ones, and runs again on fresh workers", async () => {
    const { pool, engine, take } = fakeEngine(2);
    const report = engine.run(
      [call("Forever.spin"), call("Forever.wait"), call("Forever.after", { dependencies: ["Forever.spin"] })],
      {},
    );
    pool.ready(1);
    pool.ready(2);
    pool.started(1, "Forever.spin");
    pool.started(2, "Forever.wait");
    pool.parked(2, "Forever.wait");
    take();
    engine.cancel();
    assert.deepEqual(take(), [
      "pool: kill 1",
      "cancelled Forever.spin: run cancelled",
      "pool: kill 2",
      "cancelled Forever.wait: run cancelled",
      "cancelled Forever.after: run cancelled",
      "run-end not ok",
    ]);
    assert.deepEqual(await statuses(report), [
      "Forever.spin cancelled",
      "Forever.wait cancelled",
      "Forever.after cancelled",
    ]);
    pool.exit(1, null, "SIGKILL");
    pool.exit(2, null, "SIGKILL");
    assert.deepEqual(take(), []);
    engine.run([call("Forever.spin")], {});
    assert.deepEqual(take(), ["run-start Forever.spin (2 workers)", "pool: spawn 3"], "one task, one worker");
  });

  it("cancel keeps idle workers warm; dispose kills every worker, busy or idle", () => {
    for (const how of ["cancel", "dispose"] as const) {
      const { pool, engine, take } = fakeEngine(2);
      engine.run([call("Solo.task"), call("Solo.other")], {});
      pool.ready(1);
      pool.ready(2);
      pool.started(1, "Solo.task");
      pool.succeeded(2, "Solo.other");
      take();
      engine[how]();
      const cancelled = ["pool: kill 1", "cancelled Solo.task: run cancelled", "run-end not ok"];
      assert.deepEqual(take(), how === "cancel" ? cancelled : [...cancelled, "pool: kill 2"], how);
    }
  });

  it("runs again, each alone, the tasks a worker held when it exited: none can be told from the one that ended it", async () => {
    const { pool, engine, take } = fakeEngine(1);
    const report = engine.run(
      [
        call("Crash.exits"),
        call("Crash.neverRuns", { dependencies: ["Crash.exits"] }),
        call("Crash.waits"),
        call("Crash.survivor"),
      ],
      {},
    );
    pool.ready(1);
    pool.started(1, "Crash.exits");
    pool.parked(1, "Crash.exits");
    assert.deepEqual(take(), [
      "run-start Crash.exits Crash.neverRuns Crash.waits Crash.survivor (1 workers)",
      "pool: spawn 1",
      "pool: send Crash.exits to 1",
      "start Crash.exits on 1",
      "pool: send Crash.waits to 1",
      "start Crash.waits on 1",
    ]);
    pool.exit(1, 3);
    const alone = (others: string) =>
      `run again alone: its worker process exited with code 3 while it also held ${others}, and which of them ended it is unknown`;
    assert.deepEqual(take(), [
      `queued Crash.exits: ${alone("Crash.waits")}`,
      `queued Crash.waits: ${alone("Crash.exits")}`,
      "pool: spawn 2",
    ]);
    pool.ready(2);
    pool.started(2, "Crash.exits");
    assert.deepEqual(
      take(),
      ["pool: send Crash.exits to 2", "start Crash.exits on 2"],
      "a task that must run alone shares its worker with no other, not even a ready one",
    );
    pool.exit(2, 3);
    assert.deepEqual(take(), [
      "failed Crash.exits: Crash.exits: its worker process exited with code 3 while the task ran (it ran alone, after a process it shared with other tasks had died too, so the task ends its process); a task must not end its own process (process.exit, a signal): return or throw instead",
      "skipped Crash.neverRuns: upstream failed: Crash.exits",
      "pool: spawn 3",
    ]);
    pool.ready(3);
    pool.started(3, "Crash.survivor");
    pool.succeeded(3, "Crash.survivor");
    pool.succeeded(3, "Crash.waits");
    assert.deepEqual(take(), [
      "pool: send Crash.survivor to 3",
      "start Crash.survivor on 3",
      "succeeded Crash.survivor",
      "pool: send Crash.waits to 3",
      "start Crash.waits on 3",
      "succeeded Crash.waits",
      "run-end not ok",
    ]);
    assert.deepEqual(await statuses(report), [
      "Crash.exits failed",
      "Crash.neverRuns skipped",
      "Crash.waits succeeded",
      "Crash.survivor succeeded",
    ]);
  });

  it("fails the one task a worker held when it exited, telling it not to end its process", async () => {
    const { pool, engine, take } = fakeEngine(1);
    const report = engine.run([call("Crash.exits")], {});
    pool.ready(1);
    pool.started(1, "Crash.exits");
    take();
    pool.exit(1, null, "SIGKILL");
    assert.deepEqual(take(), [
      "failed Crash.exits: Crash.exits: its worker process was killed by SIGKILL while the task ran; a task must not end its own process (process.exit, a signal): return or throw instead",
      "run-end not ok",
    ]);
    assert.deepEqual(await statuses(report), ["Crash.exits failed"]);
  });

  it("fails a task that throws from a timer, and retires its worker once the worker holds nothing else", async () => {
    const { pool, engine, take } = fakeEngine(1);
    engine.run(
      [call("Timer.throws"), call("Timer.after", { dependencies: ["Timer.throws"] }), call("Timer.other")],
      {},
    );
    pool.ready(1);
    pool.started(1, "Timer.throws");
    pool.parked(1, "Timer.throws");
    pool.succeeded(1, "Timer.other");
    take();
    pool.uncaught(1, "Timer.throws", "thrown from a timer");
    assert.deepEqual(take(), [
      "pool: kill 1",
      "failed Timer.throws: thrown from a timer",
      "skipped Timer.after: upstream failed: Timer.throws",
      "run-end not ok",
    ]);
  });

  it("blames no task for an error thrown outside any task: warns, and lets the worker finish what it holds", async () => {
    const { pool, engine, take } = fakeEngine(1);
    const report = engine.run([call("Background.waits"), call("Background.next")], {});
    pool.ready(1);
    pool.started(1, "Background.waits");
    pool.parked(1, "Background.waits");
    take();
    pool.uncaught(1, undefined, "boom");
    assert.deepEqual(take(), [
      "output - stderr: semisync: warning: in worker process 1, code outside any task threw (module top level, or a listener no task owns); no task is blamed. The process takes no new tasks and is replaced.\n    Error: boom\n",
    ]);
    pool.succeeded(1, "Background.next");
    assert.deepEqual(take(), ["succeeded Background.next"]);
    pool.succeeded(1, "Background.waits");
    assert.deepEqual(take(), ["pool: kill 1", "succeeded Background.waits", "run-end ok"]);
    assert.deepEqual(await statuses(report), ["Background.waits succeeded", "Background.next succeeded"]);
  });

  it("blames a late error on the task whose code threw it, not on a bystander: the task keeps its status, the run warns", async () => {
    const { pool, engine, take } = fakeEngine(1);
    const report = engine.run(
      [call("Late.early"), call("Late.bystander"), call("Late.after", { dependencies: ["Late.bystander"] })],
      {},
    );
    pool.ready(1);
    pool.started(1, "Late.bystander");
    pool.parked(1, "Late.bystander");
    pool.succeeded(1, "Late.early");
    assert.deepEqual(take().slice(-2), ["start Late.early on 1", "succeeded Late.early"]);
    pool.uncaught(1, "Late.early", "thrown 300 ms after early returned");
    assert.deepEqual(take(), [
      "output - stderr: semisync: warning: in worker process 1, code that Late.early left running threw after the task had succeeded; the task keeps its status and no other task is blamed. Await what a task starts (timers, promises) before it returns, so that its errors fail it. The process takes no new tasks and is replaced.\n    Error: thrown 300 ms after early returned\n",
    ]);
    pool.succeeded(1, "Late.bystander");
    assert.deepEqual(take(), ["pool: kill 1", "succeeded Late.bystander", "pool: spawn 2"]);
    pool.ready(2);
    pool.started(2, "Late.after");
    pool.succeeded(2, "Late.after");
    assert.deepEqual(await statuses(report), [
      "Late.early succeeded",
      "Late.bystander succeeded",
      "Late.after succeeded",
    ]);
  });

  it("times out a computing task: kills its worker, skips its dependents, and runs the rest on a new worker", async () => {
    const { pool, engine, clock, take } = fakeEngine(1);
    const report = engine.run(
      [
        call("Slow.spins", { timeoutMs: 200 }),
        call("Slow.after", { dependencies: ["Slow.spins"] }),
        call("Slow.quick"),
      ],
      { timeoutMs: 5000 },
    );
    pool.ready(1);
    pool.started(1, "Slow.spins");
    take();
    clock.advance(199);
    assert.deepEqual(take(), []);
    clock.advance(1);
    assert.deepEqual(take(), [
      "pool: kill 1",
      "timed out Slow.spins after 200 ms",
      "skipped Slow.after: upstream failed: Slow.spins",
      "pool: spawn 2",
    ]);
    pool.exit(1, null, "SIGKILL");
    assert.deepEqual(take(), [], "the timed-out task ended already: its worker's exit changes nothing");
    pool.ready(2);
    pool.started(2, "Slow.quick");
    pool.succeeded(2, "Slow.quick");
    assert.deepEqual(take(), [
      "pool: send Slow.quick to 2",
      "start Slow.quick on 2",
      "succeeded Slow.quick",
      "run-end not ok",
    ]);
    const spins = (await report).calls[0];
    assert.equal(spins.status, "timed-out");
    assert.equal(spins.error?.message, "Slow.spins did not finish within 200 ms; its process was stopped");
  });

  it("times out an awaiting task: stops its process at once, and runs the tasks it shared it with again", async () => {
    const { pool, engine, clock, take } = fakeEngine(1);
    const report = engine.run([call("Io.sleeps", { timeoutMs: 100 }), call("Io.other")], {});
    pool.ready(1);
    pool.started(1, "Io.sleeps");
    pool.parked(1, "Io.sleeps");
    pool.parked(1, "Io.other");
    take();
    clock.advance(100);
    assert.deepEqual(take(), ["pool: kill 1", "timed out Io.sleeps after 100 ms"]);
    pool.exit(1, null, "SIGKILL");
    assert.deepEqual(take(), [
      "queued Io.other: run again: its worker process was stopped because Io.sleeps timed out after 100 ms before the task finished",
      "pool: spawn 2",
    ]);
    pool.ready(2);
    pool.started(2, "Io.other");
    pool.succeeded(2, "Io.other");
    assert.deepEqual(await statuses(report), ["Io.sleeps timed-out", "Io.other succeeded"]);
  });

  it("times a task out when its pool says the task's own timer stopped it elsewhere, before this side's timer fires", async () => {
    const { pool, engine, take } = fakeEngine(1);
    const report = engine.run([call("Remote.sleeps", { timeoutMs: 1000 }), call("Remote.after")], {});
    pool.ready(1);
    pool.started(1, "Remote.sleeps");
    take();
    // No time passes here: through Redis the take and the worker's timed-out end may be heard together.
    pool.reply(1, { type: "timed-out", key: "Remote.sleeps", timeoutMs: 1000 });
    assert.deepEqual(take(), ["pool: kill 1", "timed out Remote.sleeps after 1000 ms", "pool: spawn 2"]);
    pool.exit(1, null, "SIGKILL");
    pool.ready(2);
    pool.started(2, "Remote.after");
    pool.succeeded(2, "Remote.after");
    assert.deepEqual(await statuses(report), ["Remote.sleeps timed-out", "Remote.after succeeded"]);
  });

  it("runs again, on another worker, an awaiting task whose process was killed because its neighbour timed out computing", async () => {
    const { pool, engine, clock, events, take } = fakeEngine(1);
    const report = engine.run([call("Io.waits"), call("Cpu.spins", { timeoutMs: 100 })], {});
    pool.ready(1);
    pool.started(1, "Io.waits");
    pool.parked(1, "Io.waits");
    take();
    clock.advance(100);
    assert.deepEqual(take(), ["pool: kill 1", "timed out Cpu.spins after 100 ms"]);
    pool.exit(1, null, "SIGKILL");
    assert.deepEqual(take(), [
      "queued Io.waits: run again: its worker process was stopped because Cpu.spins timed out after 100 ms before the task finished",
      "pool: spawn 2",
    ]);
    pool.ready(2);
    pool.started(2, "Io.waits");
    clock.advance(30);
    pool.succeeded(2, "Io.waits");
    assert.deepEqual(take(), [
      "pool: send Io.waits to 2",
      "start Io.waits on 2",
      "succeeded Io.waits",
      "run-end not ok",
    ]);
    assert.deepEqual(await statuses(report), ["Io.waits succeeded", "Cpu.spins timed-out"]);
    const waits = byKey(events, "Io.waits");
    assert.deepEqual(
      waits.map((event) => event.type),
      ["task-queued", "task-start", "task-queued", "task-start", "task-succeeded"],
      "the stream says it was queued again and started again",
    );
    assert.deepEqual((await report).calls[0].startMs, 100, "its times are those of the run that counted");
  });

  it("counts a task's timeout from when its own code starts, not from when its worker began loading the module", () => {
    const { pool, engine, clock, take } = fakeEngine(1);
    engine.run([call("Slow.loads", { timeoutMs: 200 })], {});
    pool.ready(1);
    take();
    clock.advance(150);
    pool.started(1, "Slow.loads");
    clock.advance(199);
    assert.deepEqual(take(), ["start Slow.loads on 1"]);
    clock.advance(1);
    assert.deepEqual(take(), ["pool: kill 1", "timed out Slow.loads after 200 ms", "run-end not ok"]);
  });

  it("fails a call no worker can run without starting it, and skips its dependents", async () => {
    const { pool, engine, events, take } = fakeEngine(1);
    const report = engine.run(
      [
        call("Bad.args", { args: [function format() {}] }),
        call("Bad.after", { dependencies: ["Bad.args"] }),
        call("Bad.noFile", { noFile: true }),
        call("Good.one"),
      ],
      {},
    );
    take();
    pool.ready(1);
    assert.deepEqual(take(), [
      `failed Bad.args: ${cloneMessage("Bad.args: the arguments of this call", "arguments[0] (function format)")}`,
      "skipped Bad.after: upstream failed: Bad.args",
      "failed Bad.noFile: Bad.noFile: semisync could not tell which file declares this task, so no worker can load it",
      "pool: send Good.one to 1",
    ]);
    pool.started(1, "Good.one");
    pool.succeeded(1, "Good.one");
    const end = events.find((event) => event.type === "run-end");
    assert.deepEqual(end?.tasks[0], {
      key: "Bad.args",
      id: "Bad.args",
      call: 0,
      status: "failed",
      error: {
        name: "TypeError",
        message: cloneMessage("Bad.args: the arguments of this call", "arguments[0] (function format)"),
      },
    });
    assert.equal((await report).calls[0].startMs, undefined, "it never started");
  });

  it("skips a blocked call at once, saying why", async () => {
    const { engine, take } = fakeEngine(1);
    const reason = "Blocked.load was never queued and takes arguments; queue Blocked.load(…) before begin()";
    const report = engine.run([call("Blocked.use", { blockedReason: reason })], {});
    assert.deepEqual(take(), ["run-start Blocked.use (1 workers)", `skipped Blocked.use: ${reason}`, "run-end not ok"]);
    assert.deepEqual(await statuses(report), ["Blocked.use skipped"]);
  });

  it("runs callbacks in completion order, with the result spread into their arguments, before the dependents start", async () => {
    const { pool, engine, take } = fakeEngine(2);
    const opened = (city: string, size: number) =>
      engine.callbackOutput(currentTask.getStore()!.key, `opened ${city} (${size})\n`);
    const report = engine.run(
      [
        call("Shop.open", { callback: opened }),
        call("Shop.open#2", { callback: opened }),
        call("Shop.close", { dependencies: ["Shop.open", "Shop.open#2"] }),
      ],
      {},
    );
    pool.ready(1);
    pool.ready(2);
    pool.started(1, "Shop.open");
    pool.started(2, "Shop.open#2");
    take();
    pool.succeeded(2, "Shop.open#2", ["Lima", 4]);
    pool.succeeded(1, "Shop.open", ["Oslo", 4]);
    assert.deepEqual(take(), [], "a call has not succeeded until its callback has run");
    await callbacksDone();
    assert.deepEqual(take(), [
      "output Shop.open#2 callback: opened Lima (4)\n",
      "succeeded Shop.open#2",
      "output Shop.open callback: opened Oslo (4)\n",
      "succeeded Shop.open",
      "pool: send Shop.close to 1",
      "start Shop.close on 1",
    ]);
    pool.succeeded(1, "Shop.close");
    await callbacksDone();
    assert.deepEqual(
      (await report).calls.map((each) => [each.key, each.callbackOutput]),
      [
        ["Shop.open", "opened Oslo (4)\n"],
        ["Shop.open#2", "opened Lima (4)\n"],
        ["Shop.close", ""],
      ],
    );
  });

  it("fails a call whose callback throws, and skips its dependents", async () => {
    const { pool, engine, take } = fakeEngine(1);
    const broken = () => {
      throw new Error("the till is empty");
    };
    const report = engine.run(
      [call("Shop.broken", { callback: broken }), call("Shop.after", { dependencies: ["Shop.broken"] })],
      {},
    );
    pool.ready(1);
    pool.started(1, "Shop.broken");
    pool.succeeded(1, "Shop.broken", 1);
    take();
    await callbacksDone();
    assert.deepEqual(take(), [
      "failed Shop.broken: Shop.broken: its callback threw: the till is empty",
      "skipped Shop.after: upstream failed: Shop.broken",
      "run-end not ok",
    ]);
    assert.deepEqual(await statuses(report), ["Shop.broken failed", "Shop.after skipped"]);
  });

  it("fails a task whose callback has not settled within the task's timeout, and reports the others meanwhile", async () => {
    const { pool, engine, clock, take } = fakeEngine(2);
    const never = () => new Promise<void>(() => {});
    const report = engine.run(
      [
        call("Shop.stuck", { callback: never }),
        call("Shop.after", { dependencies: ["Shop.stuck"] }),
        call("Shop.other", { callback: () => engine.callbackOutput(currentTask.getStore()!.key, "other done\n") }),
      ],
      { timeoutMs: 500 },
    );
    pool.ready(1);
    pool.ready(2);
    pool.started(1, "Shop.stuck");
    pool.started(2, "Shop.other");
    clock.advance(100);
    pool.succeeded(1, "Shop.stuck");
    pool.succeeded(2, "Shop.other");
    take();
    await callbacksDone();
    assert.deepEqual(
      take(),
      ["output Shop.other callback: other done\n", "succeeded Shop.other"],
      "a callback that awaits holds back only its own task",
    );
    clock.advance(499);
    assert.deepEqual(take(), []);
    clock.advance(1);
    assert.deepEqual(take(), [
      "failed Shop.stuck: Shop.stuck: its callback did not settle within 500 ms, the task's timeout; callbacks run in the coordinating process and cannot be stopped, so the task fails and the run goes on. Make the callback resolve, or give the task a longer timeout",
      "skipped Shop.after: upstream failed: Shop.stuck",
      "run-end not ok",
    ]);
    assert.deepEqual(await statuses(report), ["Shop.stuck failed", "Shop.after skipped", "Shop.other succeeded"]);
  });

  it("without a timeout, waits for a slow callback as for a slow task, reporting every other task meanwhile", async () => {
    const { pool, engine, take } = fakeEngine(1);
    let finish!: () => void;
    const slow = () => new Promise<void>((resolve) => (finish = resolve));
    const report = engine.run([call("Shop.slow", { callback: slow }), call("Shop.other", { callback: () => {} })], {});
    pool.ready(1);
    pool.started(1, "Shop.slow");
    pool.succeeded(1, "Shop.slow");
    pool.succeeded(1, "Shop.other");
    await callbacksDone();
    assert.deepEqual(take().slice(-2), ["start Shop.other on 1", "succeeded Shop.other"]);
    finish();
    await callbacksDone();
    assert.deepEqual(take(), ["succeeded Shop.slow", "run-end ok"]);
    assert.deepEqual(await statuses(report), ["Shop.slow succeeded", "Shop.other succeeded"]);
  });

  it("under a debugger (ignoreTimeouts) no timeout stops a task or its callback, neither the task's own nor the run's", async () => {
    const { pool, engine, clock, take } = fakeEngine(1);
    let finish!: () => void;
    const paused = () => new Promise<void>((resolve) => (finish = resolve));
    const report = engine.run([call("Slow.paused", { timeoutMs: 100, callback: paused })], {
      timeoutMs: 50,
      ignoreTimeouts: true,
    });
    pool.ready(1);
    pool.started(1, "Slow.paused");
    take();
    clock.advance(60_000);
    assert.deepEqual(take(), [], "a task held at a breakpoint for a minute is not stopped");
    pool.succeeded(1, "Slow.paused");
    await callbacksDone();
    clock.advance(60_000);
    assert.deepEqual(take(), [], "nor is its callback");
    finish();
    await callbacksDone();
    assert.deepEqual(take(), ["succeeded Slow.paused", "run-end ok"]);
    assert.deepEqual(await statuses(report), ["Slow.paused succeeded"]);
  });

  it("hands a task whose worker died unseen to another worker", () => {
    const { pool, engine, take } = fakeEngine(2);
    engine.run([call("Solo.task"), call("Solo.other")], {});
    take();
    pool.worker(1).dead = true;
    pool.ready(1);
    assert.deepEqual(take(), ["pool: spawn 3"]);
    pool.ready(2);
    assert.deepEqual(take(), ["pool: send Solo.task to 2"]);
  });

  it("passes on what a task prints, and what a worker prints outside tasks, by the task it holds if it holds one", () => {
    const { pool, engine, take } = fakeEngine(1);
    engine.run([call("Loud.task")], {});
    pool.emit("stray", pool.worker(1), "stderr", "starting up\n");
    pool.ready(1);
    pool.started(1, "Loud.task");
    take();
    pool.reply(1, { type: "output", key: "Loud.task", stream: "stdout", text: "hello\n" });
    pool.emit("stray", pool.worker(1), "stderr", "a warning\n");
    pool.reply(1, { type: "output", key: "Other.task", stream: "stdout", text: "not mine\n" });
    assert.deepEqual(take(), ["output Loud.task stdout: hello\n", "output Loud.task stderr: a warning\n"]);
  });

  it("starts the calls of a dependent only once every call of its dependency succeeded, in one pass each", async () => {
    const { pool, engine, take } = fakeEngine(1);
    const n = 50;
    const keyOf = (id: string, i: number) => (i === 0 ? id : `${id}#${i + 1}`);
    const report = engine.run(
      [
        ...Array.from({ length: n }, (_, i) => call(keyOf("Many.noop", i))),
        ...Array.from({ length: n }, (_, i) => call(keyOf("Many.sink", i), { dependencies: ["Many.noop"] })),
      ],
      {},
    );
    pool.ready(1);
    const sent = () =>
      take()
        .filter((line) => line.startsWith("pool: send "))
        .map((line) => line.split(" ")[2]);
    // Each reply is the worker's next task ending; tasks sent ahead of time end in the order sent.
    const order = sent();
    pool.started(1, order[0]);
    for (let done = 0; done < order.length; done++) {
      pool.succeeded(1, order[done]);
      order.push(...sent());
    }
    assert.deepEqual(order, [
      ...Array.from({ length: n }, (_, i) => keyOf("Many.noop", i)),
      ...Array.from({ length: n }, (_, i) => keyOf("Many.sink", i)),
    ]);
    assert.equal((await report).ok, true);
  });

  it("skips every call of a dependent when one call of its dependency fails, naming that call", async () => {
    const { pool, engine, take } = fakeEngine(1);
    const report = engine.run(
      [
        call("Shop.open"),
        call("Shop.open#2"),
        call("Shop.close", { dependencies: ["Shop.open"] }),
        call("Shop.close#2", { dependencies: ["Shop.open"] }),
        call("Shop.report", { dependencies: ["Shop.close"] }),
      ],
      {},
    );
    pool.ready(1);
    pool.started(1, "Shop.open");
    pool.succeeded(1, "Shop.open");
    take();
    pool.failed(1, "Shop.open#2", "closed for the day");
    assert.deepEqual(take(), [
      "failed Shop.open#2: closed for the day",
      "skipped Shop.close: upstream failed: Shop.open#2",
      "skipped Shop.report: upstream failed: Shop.open#2",
      "skipped Shop.close#2: upstream failed: Shop.open#2",
      "run-end not ok",
    ]);
    assert.deepEqual(await statuses(report), [
      "Shop.open succeeded",
      "Shop.open#2 failed",
      "Shop.close skipped",
      "Shop.close#2 skipped",
      "Shop.report skipped",
    ]);
  });

  it("says in run-start, once per task, which tasks each depends on: its size grows with calls, not calls × calls", () => {
    const runStartSize = (n: number) => {
      const { engine, events } = fakeEngine(1);
      void engine.run(
        [
          ...Array.from({ length: n }, (_, i) => call(i === 0 ? "Many.noop" : `Many.noop#${i + 1}`)),
          ...Array.from({ length: n }, (_, i) =>
            call(i === 0 ? "Many.sink" : `Many.sink#${i + 1}`, { dependencies: ["Many.noop"] }),
          ),
        ],
        {},
      );
      const start = events.find((event) => event.type === "run-start")!;
      assert.deepEqual(start.type === "run-start" && start.dependencies, {
        "Many.noop": [],
        "Many.sink": ["Many.noop"],
      });
      return JSON.stringify(start).length;
    };
    const small = runStartSize(500);
    const large = runStartSize(1000);
    // Twice the calls: about twice the bytes if edges go through the task, four times if call to call.
    assert.ok(large < 2.2 * small, `run-start grew from ${small} to ${large} bytes`);
  });

  it("refuses a second run while one is in progress", async () => {
    const { engine } = fakeEngine(1);
    void engine.run([call("Solo.task")], {});
    await assert.rejects(engine.run([call("Solo.task")], {}), /a run is already in progress/);
  });
});

describe("engine: run options", () => {
  it("refuses maxWorkers outside 1 to 256 as SS013, from begin() and the editor alike, before any process starts", () => {
    const host = new PooledHost(() => {});
    for (const maxWorkers of [0, 1.5, 257, 100_000])
      assert.throws(
        () => host.engineFor({ maxWorkers }),
        (error: Error & { code?: string }) =>
          error.code === "SS013" &&
          error.message ===
            `semisync: maxWorkers must be a whole number from 1 to 256, not ${maxWorkers}; workers start only for tasks that can compute at once, so a larger number gains nothing`,
      );
    assert.equal(host.current, undefined, "no engine, so no worker, was made");
  });
});
