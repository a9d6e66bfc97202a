import { strict as assert } from "node:assert";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  byType,
  callbackOutput,
  eventually,
  fixtures,
  lastRunEnd,
  processesWithMark,
  runCli,
  statusOf,
} from "./helpers/cli";

const fixture = (name: string) => join(fixtures, "engine", `${name}.ts`);

describe("engine: a run through the CLI, in real processes", () => {
  it("runs the finance example: revenue and expenses in parallel, profit after both, callbacks in the coordinator", async () => {
    const { code, events } = await runCli(["run", join(__dirname, "../../../examples/finance.ts"), "--json"]);
    assert.equal(code, 0);
    const end = lastRunEnd(events);
    assert.deepEqual(
      end.tasks.map((task) => [task.id, task.status]),
      [
        ["Finance.revenue", "succeeded"],
        ["Finance.expenses", "succeeded"],
        ["Finance.profit", "succeeded"],
      ],
    );
    const [revenue, expenses, profit] = end.tasks;
    assert.ok(revenue.startMs! < expenses.endMs! && expenses.startMs! < revenue.endMs!, "revenue and expenses overlap");
    assert.ok(profit.startMs! >= Math.max(revenue.endMs!, expenses.endMs!), "profit starts after both");
    const value = (key: string, label: string) =>
      Number(callbackOutput(events, key).match(new RegExp(`${label}: \\$(-?\\d+)`))![1]);
    assert.equal(
      value("Finance.profit", "Profit"),
      value("Finance.revenue", "Revenue") - value("Finance.expenses", "Expenses"),
      "shared() carried the values across processes",
    );
  });

  it("fails a throwing task with its stack, skips its dependents, and keeps independent branches going", async () => {
    const { code, events } = await runCli(["run", fixture("failures"), "--json"]);
    assert.equal(code, 1);
    const failed = byType(events, "task-failed")[0];
    assert.equal(failed.key, "Pipeline.broken");
    assert.match(failed.error.stack!, /the ledger is locked\n\s+at .*failures\.ts:7:\d+/);
    assert.deepEqual(
      byType(events, "task-skipped").map((event) => [event.key, event.reason]),
      [
        ["Pipeline.report", "upstream failed: Pipeline.broken"],
        ["Pipeline.publish", "upstream failed: Pipeline.broken"],
      ],
    );
    assert.equal(statusOf(events, "Pipeline.independent"), "succeeded");
  });

  it("with --fail-fast stops at the first failure: what runs is cancelled, what has not started is skipped", async () => {
    const { code, events } = await runCli(["run", fixture("failures"), "--json", "--fail-fast"]);
    assert.equal(code, 1);
    assert.equal(statusOf(events, "Pipeline.broken"), "failed");
    assert.equal(statusOf(events, "Pipeline.independent"), "cancelled");
  });

  it("fails tasks whose worker exits or throws from a timer, replaces the worker, and names unsendable results", async () => {
    const { code, events } = await runCli(["run", fixture("crashes"), "--json"]);
    assert.equal(code, 1);
    const failures = Object.fromEntries(byType(events, "task-failed").map((event) => [event.key, event.error.message]));
    assert.match(failures["Crashes.exits"], /its worker process exited with code 3 while the task ran/);
    assert.match(failures["Crashes.throwsFromTimer"], /thrown from a timer/);
    assert.match(
      failures["Crashes.returnsFunction"],
      /the value it returned cannot travel between processes: result\.format \(function format\)/,
    );
    assert.equal(statusOf(events, "Crashes.neverRuns"), "skipped");
    assert.equal(statusOf(events, "Crashes.survivor"), "succeeded");
  });

  it("times out a CPU-bound task after its decorator's timeout, killing its process, without failing the rest", async () => {
    const { code, events, mark } = await runCli(["run", fixture("timeouts"), "--json", "--timeout", "5000"], {
      env: { TIMEOUT_KIND: "cpu" },
    });
    assert.equal(code, 1);
    assert.deepEqual(
      byType(events, "task-timed-out").map((event) => [event.key, event.timeoutMs]),
      [["Slow.spins", 200]],
    );
    assert.equal(statusOf(events, "Slow.quick"), "succeeded");
    await eventually(() => processesWithMark(mark).length === 0, "every process of the run to exit");
  });

  it("times out an awaiting task after --timeout and skips its dependents", async () => {
    const { code, events } = await runCli(["run", fixture("timeouts"), "--json", "--timeout", "1000"], {
      env: { TIMEOUT_KIND: "io" },
    });
    assert.equal(code, 1);
    assert.deepEqual(
      byType(events, "task-timed-out").map((event) => [event.key, event.timeoutMs]),
      [["Slow.sleeps", 1000]],
    );
    assert.equal(statusOf(events, "Slow.afterSleep"), "skipped");
    assert.equal(statusOf(events, "Slow.quick"), "succeeded");
  });

  it("refuses a graph with cycles before running anything, naming every cycle's path, with exit code 2", async () => {
    const { code, events } = await runCli(["run", fixture("cycles"), "--json"]);
    assert.equal(code, 2);
    assert.equal(byType(events, "task-start").length, 0);
    const [error] = byType(events, "graph-error");
    assert.deepEqual(
      error.problems.map((problem) => problem.message),
      [
        "dependency cycle: Loops.a -> Loops.b -> Loops.c -> Loops.a.",
        "dependency cycle: Loops.self -> Loops.self.",
        "dependency cycle: Loops.x -> Loops.y -> Loops.x.",
      ],
    );
  });

  it("refuses an unknown dependency with a did-you-mean, in one paragraph that names the file", async () => {
    const { code, stderr } = await runCli(["run", fixture("unknown")]);
    assert.equal(code, 2);
    assert.match(
      stderr,
      /^semisync cannot run the graph of test\/fixtures\/engine\/unknown\.ts: SS002 Finance\.profit .*dependency "revenu" is not a known task; did you mean "Finance\.revenue"\?\n$/,
    );
  });

  it("reports a module that fails to load with exit code 2 and the file", async () => {
    const { code, stderr } = await runCli(["run", fixture("loadError")]);
    assert.equal(code, 2);
    assert.match(stderr, /loadError\.ts failed to load: .*Cannot find module .*doesNotExist/);
  });

  it("runs repeated calls with their own arguments, makes the dependent wait for all of them, and honours clear()", async () => {
    const { code, events, stdout } = await runCli(["run", fixture("calls"), "--json"]);
    assert.equal(code, 0);
    const [first, second] = byType(events, "run-end");
    assert.deepEqual(
      first.tasks.map((task) => task.key),
      ["Sales.region", "Sales.region#2", "Sales.region#3", "Sales.sum"],
    );
    const sum = first.tasks[3];
    for (const region of first.tasks.slice(0, 3))
      assert.ok(sum.startMs! >= region.endMs!, `sum starts after ${region.key}`);
    assert.equal(callbackOutput(events, "Sales.region#2"), "south=20\n");
    assert.match(stdout, /"text":"sum=60\\n"/);
    assert.match(stdout, /"text":"sum=65\\n"/);
    assert.deepEqual(
      second.tasks.map((task) => task.key),
      ["Sales.region", "Sales.sum"],
    );
    assert.doesNotMatch(stdout, /never=1000/);
    assert.match(stdout, /program finished/);
  });

  it("loads TypeScript that imports other files through tsconfig paths and .js-suffixed specifiers", async () => {
    const { code, events } = await runCli(["run", fixture("imports"), "--json"]);
    assert.equal(code, 0);
    assert.equal(callbackOutput(events, "Checkout.total"), "total: 120.00\n");
    assert.equal(statusOf(events, "Prices.base"), "succeeded");
  });

  it("runs a CommonJS-style file", async () => {
    const { code, events } = await runCli(["run", fixture("commonjs"), "--json"]);
    assert.equal(code, 0);
    assert.equal(callbackOutput(events, "Greeter.greet"), "hello from cjs\n");
  });

  it("supports experimentalDecorators, with direct references as dependencies", async () => {
    const { code, events } = await runCli(["run", join(fixtures, "legacy", "ledger.ts"), "--json"]);
    assert.equal(code, 0);
    const order = lastRunEnd(events)
      .tasks.sort((a, b) => a.startMs! - b.startMs!)
      .map((task) => task.id);
    assert.deepEqual(order, ["Ledger.open", "Ledger.close", "Ledger.audit"]);
  });

  it("gives user code the engine's own runtime even when the project installs another copy", async () => {
    const { code, events } = await runCli(["run", join(fixtures, "shadowed", "main.ts"), "--json"]);
    assert.equal(code, 0);
    assert.equal(callbackOutput(events, "Shadow.check"), "engine runtime\n");
  });

  it("names a shared() field whose value cannot travel", async () => {
    const { events } = await runCli(["run", fixture("sharedBad"), "--json"]);
    assert.match(
      byType(events, "task-failed")[0].error.message,
      /shared\("state"\)\.handler cannot travel between processes: handler \(function/,
    );
  });

  it("keeps top-level code inert in worker processes: the program's head runs once per process, its tail only in the coordinator", async () => {
    const scratch = mkdtempSync(join(tmpdir(), "semisync-tail-"));
    const log = join(scratch, "log");
    const { code } = await runCli(["run", fixture("inertTail"), "--json", "--max-workers", "2"], {
      env: { TAIL_LOG: log },
    });
    assert.equal(code, 0);
    const lines = readFileSync(log, "utf8").trim().split("\n");
    rmSync(scratch, { recursive: true, force: true });
    assert.equal(lines.filter((line) => line.startsWith("tail")).length, 1);
    const tailPid = lines.find((line) => line.startsWith("tail"))!.split(" ")[1];
    assert.ok(lines.includes(`head ${tailPid}`), "the tail ran in the process that ran the program");
  });
});

describe("engine: graph mode (--task)", () => {
  it("runs the named task and everything upstream of it, each without arguments, and nothing else", async () => {
    const { code, events } = await runCli(["run", fixture("graphMode"), "--task", "Finance.profit", "--json"]);
    assert.equal(code, 0);
    assert.deepEqual(
      lastRunEnd(events)
        .tasks.map((task) => task.id)
        .sort(),
      ["Finance.expenses", "Finance.profit", "Finance.revenue"],
    );
    const printed = byType(events, "output")
      .map((event) => event.text)
      .join("");
    assert.doesNotMatch(printed, /unrelated ran|the program's tail ran/);
  });

  it("refuses unknown tasks and tasks that need arguments, with exit code 2", async () => {
    const { code, stderr } = await runCli([
      "run",
      fixture("graphMode"),
      "--task",
      "Finance.proft",
      "--task",
      "needsInput",
    ]);
    assert.equal(code, 2);
    assert.match(stderr, /--task Finance\.proft: no @semisync task of that name .*did you mean Finance\.profit\?/);
    assert.match(stderr, /--task needsInput: the task takes arguments/);
  });

  it("skips a task whose unqueued dependency needs arguments, saying why", async () => {
    const { code, events } = await runCli(["run", fixture("graphMode"), "--task", "blocked", "--json"]);
    assert.equal(code, 1);
    assert.deepEqual(
      byType(events, "task-skipped").map((event) => event.reason),
      ["Finance.needsInput was never queued and takes arguments; queue Finance.needsInput(…) before begin()"],
    );
  });
});

describe("engine: scheduling", () => {
  const starts = (events: Awaited<ReturnType<typeof runCli>>["events"]) => byType(events, "task-start");

  it("does not limit awaiting tasks by the worker count: with one worker, all twenty start before the first ends", async () => {
    const { code, events } = await runCli(["run", fixture("scheduling"), "--json", "--max-workers", "1"], {
      env: { SCHEDULING_MODE: "io" },
    });
    assert.equal(code, 0);
    const firstEnd = events.findIndex((event) => event.type === "task-succeeded");
    assert.equal(events.slice(0, firstEnd).filter((event) => event.type === "task-start").length, 20);
  });

  it("runs CPU-bound tasks one at a time per worker, also when the next is sent ahead: with one worker, each starts after the previous ends", async () => {
    const { code, events } = await runCli(["run", fixture("scheduling"), "--json", "--max-workers", "1"], {
      env: { SCHEDULING_MODE: "cpu" },
    });
    assert.equal(code, 0);
    const rounds = byType(events, "run-end");
    assert.equal(rounds.length, 2);
    for (const round of rounds) {
      assert.ok(round.ok);
      const tasks = round.tasks.sort((a, b) => a.startMs! - b.startMs!);
      for (let i = 1; i < tasks.length; i++)
        assert.ok(tasks[i].startMs! >= tasks[i - 1].endMs!, `${tasks[i].key} waited for ${tasks[i - 1].key}`);
    }
  });

  it("starts the task on the longest remaining path first when workers are scarce", async () => {
    const { events } = await runCli(["run", fixture("scheduling"), "--json", "--max-workers", "1"], {
      env: { SCHEDULING_MODE: "chain" },
    });
    assert.equal(starts(events)[0].key, "Chain.head");
  });

  it("remembers task durations between runs of a program, so the next run's first round starts the long task first", async () => {
    const cache = mkdtempSync(join(tmpdir(), "semisync-learned-"));
    try {
      const run = () =>
        runCli(["run", join(fixtures, "engine", "learned", "main.ts"), "--json", "--max-workers", "1"], {
          env: { SEMISYNC_CACHE_DIR: cache },
        });
      const first = await run();
      assert.equal(first.code, 0);
      assert.deepEqual(
        starts(first.events).map((event) => event.key),
        ["Order.quick", "Order.slow"],
      );
      const second = await run();
      assert.equal(second.code, 0);
      assert.deepEqual(
        starts(second.events).map((event) => event.key),
        ["Order.slow", "Order.quick"],
      );
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});

describe("engine: cancel leaves no process behind", () => {
  it("on SIGINT to the CLI, cancels running tasks, reports them and kills every process of the run", async () => {
    let started = 0;
    const { code, events, mark } = await runCli(["run", fixture("cancel"), "--json"], {
      onEvent: (event, child) => {
        if (event.type === "task-start" && ++started === 2) setTimeout(() => child.kill("SIGINT"), 200);
      },
    });
    assert.equal(code, 130);
    assert.deepEqual(
      byType(events, "task-cancelled")
        .map((event) => event.key)
        .sort(),
      ["Forever.spin", "Forever.wait"],
    );
    await eventually(() => processesWithMark(mark).length === 0, "every process of the run to exit");
  });

  it("when the CLI is killed outright, the busy workers still exit", async () => {
    let pids: number[] = [];
    let started = 0;
    const mark = randomUUID();
    await runCli(["run", fixture("cancel"), "--json"], {
      mark,
      onEvent: (event, child) => {
        if (event.type === "task-start" && ++started === 2) {
          setTimeout(() => {
            pids = processesWithMark(mark);
            child.kill("SIGKILL");
          }, 200);
        }
      },
    });
    assert.ok(pids.length >= 3, `the CLI and its workers were running (${pids.length})`);
    await eventually(() => processesWithMark(mark).length === 0, "every process of the run to exit");
  });
});
