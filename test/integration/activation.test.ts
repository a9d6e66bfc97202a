import { strict as assert } from "node:assert";
import * as vscode from "vscode";

describe("activation", () => {
  it("activates the semisync extension in a real VS Code", async () => {
    const extension = vscode.extensions.getExtension("semisync.semisync");
    assert.ok(extension, "extension semisync.semisync is not loaded: is extensionDevelopmentPath the repository root?");
    await extension.activate();
    assert.equal(extension.isActive, true);
  });
});
