import { strict as assert } from "node:assert";
import * as vscode from "vscode";
import type { RunOutcome } from "../../src/extension/runController";
import { eventually, fixture, open, runViewText, semisync } from "./helpers";

const configuration = () => vscode.workspace.getConfiguration("semisync");

describe("settings", () => {
  before(semisync);

  it("semisync.taskTimeoutMs reaches the engine: a task past it is reported timed out, in words", async () => {
    const api = await semisync();
    await configuration().update("taskTimeoutMs", 500, vscode.ConfigurationTarget.Workspace);
    try {
      assert.deepEqual(
        await vscode.commands.executeCommand<RunOutcome>("semisync.runTask", fixture("slow.ts"), "Slow.wait"),
        { exitCode: 1 },
      );
      assert.match(runViewText(api)[0].description, /^timed out · \d+ ms · did not finish within 500 ms$/);
    } finally {
      await configuration().update("taskTimeoutMs", undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand("semisync.clear");
    }
  });

  it("semisync.codeLens.enabled turns the lenses off and on", async () => {
    const document = await open("finance.ts");
    const count = async () =>
      (await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", document.uri)).filter(
        (lens) => lens.command?.command === "semisync.runGraph",
      ).length;
    await configuration().update("codeLens.enabled", false, vscode.ConfigurationTarget.Workspace);
    try {
      assert.equal(await count(), 0);
    } finally {
      await configuration().update("codeLens.enabled", undefined, vscode.ConfigurationTarget.Workspace);
    }
    assert.equal(await count(), 3);
  });

  it("semisync.exclude takes files out of the scan, and back in when it changes again", async () => {
    const api = await semisync();
    const reportTasks = () => api.index.tasks.filter((task) => task.id === "Report.print").length;
    assert.equal(reportTasks(), 1);
    await configuration().update("exclude", "**/report.ts", vscode.ConfigurationTarget.Workspace);
    try {
      // Right after the change the folder is being scanned again and has no tasks at all.
      await eventually(
        () => api.index.tasks.some((task) => task.id === "Finance.profit") && reportTasks() === 0,
        "report.ts left out of the new scan",
      );
    } finally {
      await configuration().update("exclude", undefined, vscode.ConfigurationTarget.Workspace);
    }
    await eventually(
      () => api.index.tasks.some((task) => task.id === "Finance.profit") && reportTasks() === 1,
      "report.ts back in the scan",
    );
  });
});
