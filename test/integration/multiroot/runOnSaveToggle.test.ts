import { strict as assert } from "node:assert";
import { join } from "node:path";
import * as vscode from "vscode";
import { semisync } from "../helpers";

const folderUri = (name: string) => vscode.workspace.workspaceFolders!.find((each) => each.name === name)!.uri;

describe("Toggle Run on Save in a multi-root workspace", () => {
  before(semisync);

  it("turns off a folder's own setting, the one in effect, not only the workspace's", async () => {
    const billing = folderUri("billing");
    const config = () => vscode.workspace.getConfiguration("semisync", billing);
    await config().update("runOnSave", "graph", vscode.ConfigurationTarget.WorkspaceFolder);
    try {
      await vscode.window.showTextDocument(vscode.Uri.file(join(billing.fsPath, "jobs.ts")));
      assert.equal(await vscode.commands.executeCommand("semisync.toggleRunOnSave"), "off");
      assert.equal(config().get("runOnSave"), "off");
      assert.equal(config().inspect("runOnSave")?.workspaceFolderValue, "off");
      assert.equal(
        await vscode.commands.executeCommand("semisync.toggleRunOnSave"),
        "graph",
        "back to the mode it had",
      );
      assert.equal(config().get("runOnSave"), "graph");
    } finally {
      await config().update("runOnSave", undefined, vscode.ConfigurationTarget.WorkspaceFolder);
      await config().update("runOnSave", undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
