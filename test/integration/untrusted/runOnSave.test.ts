import { strict as assert } from "node:assert";
import * as vscode from "vscode";
import { SAVE_DEBOUNCE_MS } from "../../../src/extension/runOnSave";
import { engineProcesses, open, semisync } from "../helpers";

describe("run on save in an untrusted workspace", () => {
  before(semisync);

  it("never runs, however it is set", async () => {
    const api = await semisync();
    const settings = vscode.workspace.getConfiguration("semisync");
    await settings.update("runOnSave", "task", vscode.ConfigurationTarget.Workspace);
    try {
      const document = await open("finance.ts");
      const edit = new vscode.WorkspaceEdit();
      edit.insert(document.uri, document.lineAt(document.lineCount - 1).range.end, "\n// saved");
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.ok(await document.save());
      // Waiting out the debounce twice over: a run it started would be under way by then.
      await new Promise((resolve) => setTimeout(resolve, 2 * SAVE_DEBOUNCE_MS));
      await api.runOnSave.whenStarted();
      assert.equal(api.runs.current, undefined);
      assert.deepEqual(engineProcesses(), []);
    } finally {
      await settings.update("runOnSave", undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
