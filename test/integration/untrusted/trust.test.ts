import { strict as assert } from "node:assert";
import * as vscode from "vscode";
import type { RunOutcome } from "../../../src/extension/runController";
import { engineProcesses, fixture, open, semisync, semisyncDiagnostics } from "../helpers";

describe("an untrusted workspace", () => {
  before(semisync);

  it("is untrusted in this suite (code-server started with workspace trust on)", () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it("still scans: CodeLens and diagnostics work without trust", async () => {
    const document = await open("finance.ts");
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      "vscode.executeCodeLensProvider",
      document.uri,
    );
    assert.equal(lenses.filter((lens) => lens.command?.title.includes("Run semisync graph")).length, 3);
    const cycle = semisyncDiagnostics(fixture("loop.ts"));
    assert.equal(cycle.length, 2);
  });

  it("refuses to run, says why, and starts no process", async () => {
    const outcome = await vscode.commands.executeCommand<RunOutcome>(
      "semisync.runGraph",
      fixture("finance.ts"),
      "Finance.profit",
    );
    assert.ok("refused" in outcome, `the run was not refused: ${JSON.stringify(outcome)}`);
    assert.match(outcome.refused, /runs only in a trusted workspace/);
    assert.deepEqual(engineProcesses(), []);
  });
});
