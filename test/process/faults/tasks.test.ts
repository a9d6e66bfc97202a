import { strict as assert } from "node:assert";
import { byType, lastRunEnd, runCli, type CliResult } from "../helpers/cli";
import { fault, nothingLeft } from "./matrix";

/**
 * Tasks and callbacks that fail: one fault per run of faults/tasks.ts, its dependent `after`
 * skipped. A throwing task beside an independent branch (keep-going), --fail-fast, and timeouts
 * of CPU-bound and awaiting tasks are in engine.test.ts.
 */
function runFault(fault_: string, ...flags: string[]): Promise<CliResult> {
  return runCli(["run", fault("tasks.ts"), "--json", ...flags], { env: { FAULT: fault_ } });
}

const statuses = (result: CliResult) => lastRunEnd(result.events).tasks.map((task) => `${task.key} ${task.status}`);
const failure = (result: CliResult) => byType(result.events, "task-failed")[0]?.error;

const CASES: Array<[fault: string, what: string, message: RegExp]> = [
  ["throws", "a task that throws fails with its error", /^the ledger is locked$/],
  [
    "exits",
    "a task that exits its process fails with the exit code",
    /its worker process exited with code 3 while the task ran/,
  ],
  ["uncaught", "a task whose timer throws fails with that error", /^thrown from a timer$/],
  [
    "sigkill",
    "a task whose process is killed fails with the signal",
    /its worker process was killed by SIGKILL while the task ran/,
  ],
  [
    "callback-throws",
    "a callback that throws fails its task",
    /^Faults\.faulty: its callback threw: the callback could not file the report$/,
  ],
  [
    "callback-rejects",
    "a callback that rejects fails its task",
    /^Faults\.faulty: its callback threw: the callback's upload was refused$/,
  ],
];

describe("faults: tasks and callbacks", () => {
  for (const [name, what, message] of CASES) {
    it(`${what}; its dependent is skipped, exit code 1, no process left`, async () => {
      const result = await runFault(name);
      assert.equal(result.code, 1);
      assert.match(failure(result)?.message ?? "", message);
      assert.deepEqual(statuses(result), ["Faults.faulty failed", "Faults.after skipped"]);
      assert.deepEqual(
        byType(result.events, "task-skipped").map((event) => event.reason),
        ["upstream failed: Faults.faulty"],
      );
      await nothingLeft(result.mark);
    });
  }

  it("a task that never settles is timed out by --timeout, its process killed; its dependent is skipped, exit code 1", async () => {
    const result = await runFault("never-settles", "--timeout", "1000");
    assert.equal(result.code, 1);
    assert.deepEqual(
      byType(result.events, "task-timed-out").map((event) => [event.key, event.timeoutMs]),
      [["Faults.faulty", 1000]],
    );
    assert.deepEqual(statuses(result), ["Faults.faulty timed-out", "Faults.after skipped"]);
    await nothingLeft(result.mark);
  });
});
