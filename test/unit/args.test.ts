import { strict as assert } from "node:assert";
import { UsageError, parseArgs } from "../../src/cli/args";
import type { RunOptions } from "../../src/shared/protocol";

describe("cli: arguments", () => {
  it("parses a program-mode run with every option", () => {
    assert.deepEqual(parseArgs(["run", "a.ts", "--max-workers", "3", "--timeout=250", "--fail-fast", "--json"]), {
      command: "run",
      file: "a.ts",
      tasks: undefined,
      options: { maxWorkers: 3, timeoutMs: 250, failFast: true },
      json: true,
    });
  });

  it("collects repeated --task into graph mode", () => {
    const command = parseArgs(["run", "a.ts", "--task", "Finance.profit", "--task", "Ledger.close"]);
    assert.deepEqual(command.command === "run" && command.tasks, ["Finance.profit", "Ledger.close"]);
  });

  it("rejects bad input with a message that says what to do", () => {
    assert.throws(
      () => parseArgs(["run"]),
      (error: Error) => error instanceof UsageError && /semisync run <file.ts>/.test(error.message),
    );
    assert.throws(
      () => parseArgs(["run", "a.ts", "--max-workers", "0"]),
      /--max-workers takes a whole number from 1 to 256, not "0"/,
    );
    assert.throws(() => parseArgs(["run", "a.ts", "--timeout"]), /--timeout needs a value/);
    assert.throws(() => parseArgs(["run", "a.ts", "--colour"]), /unknown option --colour/);
    assert.throws(() => parseArgs(["launch"]), /unknown command "launch"/);
  });

  it("caps --max-workers: a number far above any machine's cores is refused, saying the range", () => {
    assert.equal(
      (parseArgs(["run", "a.ts", "--max-workers", "256"]) as { options: RunOptions }).options.maxWorkers,
      256,
    );
    assert.throws(
      () => parseArgs(["run", "a.ts", "--max-workers", "100000"]),
      (error: Error) =>
        error instanceof UsageError &&
        /--max-workers takes a whole number from 1 to 256, not "100000": workers start only for tasks/.test(
          error.message,
        ),
    );
  });

  it("answers help and version", () => {
    assert.deepEqual(parseArgs([]), { command: "help" });
    assert.deepEqual(parseArgs(["--version"]), { command: "version" });
  });
});
