/**
 * The fault matrix, the engine's cases: how a run treats tasks when a worker process fails under
 * them, when code throws after its task ended, when a callback never settles, and how many
 * processes a run starts. Each case asserts the exit code, what the user is told, every task's
 * status, and that no process of the run is left.
 */
import { nothingLeft } from "./matrix";
import { strict as assert } from "node:assert";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import type { RunEvent } from "../../../src/shared/protocol";
import { byType, callbackOutput, fixtures, processesWithMark, runCli, statusOf } from "../helpers/cli";

const fixture = (name: string) => join(fixtures, "engine", `${name}.ts`);

const statuses = (events: RunEvent[]) =>
  Object.fromEntries(byType(events, "run-end").flatMap((end) => end.tasks.map((task) => [task.key, task.status])));

/** The event types one task went through, in order; output left out. */
const lifecycle = (events: RunEvent[], key: string) =>
  events.filter((event) => "key" in event && event.key === key && event.type !== "output").map((event) => event.type);

describe("faults: a task that ends its worker process does not take its neighbours with it", () => {
  const neighbours = (crash: string) =>
    runCli(["run", fixture("neighbours"), "--json", "--max-workers", "1"], { env: { CRASH: crash } });

  for (const [crash, how] of [
    ["exit", "exited with code 3"],
    ["sigkill", "was killed by SIGKILL"],
  ] as const) {
    it(`crash by ${crash === "exit" ? "process.exit(3)" : 'process.kill(process.pid, "SIGKILL")'}: the innocent neighbour runs again alone and succeeds, the crasher fails`, async () => {
      const { code, events, mark } = await neighbours(crash);
      assert.equal(code, 1);
      assert.deepEqual(statuses(events), {
        "Neighbours.innocent": "succeeded",
        "Neighbours.crasher": "failed",
        "Neighbours.after": "succeeded",
      });
      const requeued = byType(events, "task-queued").filter((event) => event.reason !== undefined);
      assert.deepEqual(
        requeued.map((event) => [event.key, event.reason]),
        [
          [
            "Neighbours.innocent",
            `run again alone: its worker process ${how} while it also held Neighbours.crasher, and which of them ended it is unknown`,
          ],
          [
            "Neighbours.crasher",
            `run again alone: its worker process ${how} while it also held Neighbours.innocent, and which of them ended it is unknown`,
          ],
        ],
      );
      assert.deepEqual(lifecycle(events, "Neighbours.innocent"), [
        "task-queued",
        "task-start",
        "task-queued",
        "task-start",
        "task-succeeded",
      ]);
      const failed = byType(events, "task-failed").find((event) => event.key === "Neighbours.crasher")!;
      assert.match(
        failed.error.message,
        new RegExp(
          `its worker process ${how} while the task ran \\(it ran alone, .*\\); a task must not end its own process`,
        ),
      );
      await nothingLeft(mark);
    });
  }

  it("crash by an uncaught error in a timer: the error fails the crasher, the neighbour finishes in the same process", async () => {
    const { code, events, mark } = await neighbours("uncaught");
    assert.equal(code, 1);
    assert.deepEqual(statuses(events), {
      "Neighbours.innocent": "succeeded",
      "Neighbours.crasher": "failed",
      "Neighbours.after": "succeeded",
    });
    const failed = byType(events, "task-failed").find((event) => event.key === "Neighbours.crasher")!;
    assert.match(failed.error.stack!, /the crasher threw from a timer\n\s+at .*neighbours\.ts:\d+:\d+/);
    assert.deepEqual(lifecycle(events, "Neighbours.innocent"), ["task-queued", "task-start", "task-succeeded"]);
    await nothingLeft(mark);
  });

  it("a CPU-bound timeout after an await: the crasher's process is stopped, the neighbour runs again and succeeds", async () => {
    const { code, events, mark } = await neighbours("spin");
    assert.equal(code, 1);
    assert.deepEqual(statuses(events), {
      "Neighbours.innocent": "succeeded",
      "Neighbours.crasher": "timed-out",
      "Neighbours.after": "succeeded",
    });
    const requeued = byType(events, "task-queued").filter((event) => event.reason !== undefined);
    assert.deepEqual(
      requeued.map((event) => [event.key, event.reason]),
      [
        [
          "Neighbours.innocent",
          "run again: its worker process was stopped because Neighbours.crasher timed out after 400 ms before the task finished",
        ],
      ],
    );
    const starts = byType(events, "task-start").filter((event) => event.key === "Neighbours.innocent");
    assert.equal(starts.length, 2);
    assert.notEqual(starts[0].worker, starts[1].worker, "it ran again in another process");
    await nothingLeft(mark);
  });
});

describe("faults: an error thrown after its task ended is blamed on no other task", () => {
  const described = {
    timer: "timer that throws",
    rejection: "promise that rejects unhandled",
    microtask: "queueMicrotask callback that throws",
  };
  for (const kind of ["timer", "rejection", "microtask"] as const) {
    it(`a ${described[kind]} after its task succeeded: the task stays succeeded, the run warns naming it, the bystander succeeds`, async () => {
      const { code, events, stderr, mark } = await runCli(
        ["run", fixture("lateErrors"), "--max-workers", "1", "--json"],
        { env: { LATE_KIND: kind } },
      );
      assert.equal(code, 0, stderr);
      assert.deepEqual(statuses(events), {
        "Late.early": "succeeded",
        "Late.bystander": "succeeded",
        "Late.after": "succeeded",
      });
      const warnings = byType(events, "output").filter((event) => event.key === undefined && event.stream === "stderr");
      assert.equal(warnings.length, 1);
      assert.match(
        warnings[0].text,
        /^semisync: warning: in worker process \d+, code that Late\.early left running threw after the task had succeeded; the task keeps its status and no other task is blamed\. Await what a task starts/,
      );
      assert.match(
        warnings[0].text,
        /early's (timer threw|promise rejected|microtask threw) after it returned\n\s+at .*lateErrors\.ts:\d+:\d+/,
      );
      await nothingLeft(mark);
    });
  }
});

describe("faults: a callback that never settles", () => {
  it("with --timeout, fails its task once the timeout passes; the independent task's result is reported and the run ends", async () => {
    const { code, events, mark } = await runCli(["run", fixture("stuckCallback"), "--json", "--timeout", "1500"]);
    assert.equal(code, 1);
    assert.deepEqual(statuses(events), {
      "Stuck.neverCalledBack": "failed",
      "Stuck.after": "skipped",
      "Stuck.independent": "succeeded",
    });
    const failed = byType(events, "task-failed").find((event) => event.key === "Stuck.neverCalledBack")!;
    assert.equal(
      failed.error.message,
      "Stuck.neverCalledBack: its callback did not settle within 1500 ms, the task's timeout; callbacks run in the coordinating process and cannot be stopped, so the task fails and the run goes on. Make the callback resolve, or give the task a longer timeout",
    );
    assert.equal(callbackOutput(events, "Stuck.independent"), "independent result: 3\n");
    await nothingLeft(mark);
  });

  it("without a timeout, waits for it as for a task, reporting the independent task meanwhile; Ctrl-C ends the run", async () => {
    const { code, events, mark } = await runCli(["run", fixture("stuckCallback"), "--json"], {
      onEvent: (event, child) => {
        if (event.type === "task-succeeded" && event.key === "Stuck.independent") child.kill("SIGINT");
      },
    });
    assert.notEqual(code, 0);
    assert.equal(callbackOutput(events, "Stuck.independent"), "independent result: 3\n");
    assert.equal(statusOf(events, "Stuck.independent"), "succeeded");
    assert.equal(statusOf(events, "Stuck.neverCalledBack"), "cancelled");
    await nothingLeft(mark);
  });
});

describe("faults: --max-workers is a maximum, not a number of processes to start", () => {
  it("--max-workers 64 on a graph two tasks wide starts at most two workers", async () => {
    let most = 0;
    const mark = randomUUID();
    const { code, events } = await runCli(["run", fixture("workerCount"), "--json", "--max-workers", "64"], {
      mark,
      onEvent: () => (most = Math.max(most, processesWithMark(mark).length)),
    });
    assert.equal(code, 0);
    assert.equal(byType(events, "run-start")[0].maxWorkers, 64);
    assert.ok(most >= 3, "the CLI and two workers were seen");
    assert.ok(most <= 4, `the CLI and at most two workers, not ${most} processes`);
    assert.ok(new Set(byType(events, "task-start").map((event) => event.worker)).size <= 2);
    assert.deepEqual(statuses(events), {
      "Narrow.first": "succeeded",
      "Narrow.second": "succeeded",
      "Narrow.last": "succeeded",
    });
    await nothingLeft(mark);
  });

  it("--max-workers 100000 is refused at once with the range, exit code 2", async () => {
    const { code, stderr, events, mark } = await runCli(["run", fixture("workerCount"), "--max-workers", "100000"]);
    assert.equal(code, 2);
    assert.match(stderr, /--max-workers takes a whole number from 1 to 256, not "100000"/);
    assert.equal(events.length, 0);
    await nothingLeft(mark);
  });

  it("begin({ maxWorkers: 100000 }) is refused as SS013 before any task starts, exit code 2", async () => {
    const { code, events, mark } = await runCli(["run", fixture("workerCount"), "--json"], {
      env: { BEGIN_MAX_WORKERS: "100000" },
    });
    assert.equal(code, 2);
    const [error] = byType(events, "graph-error");
    assert.deepEqual(
      error.problems.map((problem) => problem.code),
      ["SS013"],
    );
    assert.match(error.message, /maxWorkers must be a whole number from 1 to 256, not 100000/);
    assert.equal(byType(events, "task-start").length, 0);
    await nothingLeft(mark);
  });
});
