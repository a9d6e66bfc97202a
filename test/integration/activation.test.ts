import { strict as assert } from "node:assert";
import * as vscode from "vscode";

describe("activation", () => {
  it("is lazy: nothing activates semisync until a TypeScript file or its view needs it", async () => {
    const extension = vscode.extensions.getExtension("semisync.semisync");
    assert.ok(extension, "extension semisync.semisync is not loaded: is extensionDevelopmentPath the repository root?");
    assert.equal(extension.isActive, false, "activated at start-up, before anything needed it");
    await vscode.window.showTextDocument(
      await vscode.workspace.openTextDocument(
        vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, "finance.ts"),
      ),
    );
    await extension.activate();
    assert.equal(extension.isActive, true);
  });
});
