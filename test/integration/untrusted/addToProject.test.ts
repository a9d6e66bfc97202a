import { strict as assert } from "node:assert";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import * as vscode from "vscode";
import type { AddOutcome } from "../../../src/extension/addToProject";
import { open, semisync } from "../helpers";

describe("adding the package in an untrusted workspace", () => {
  before(semisync);

  it("is refused, saying why, and writes nothing into the project", async () => {
    const document = await open("finance.ts");
    const outcome = await vscode.commands.executeCommand<AddOutcome>("semisync.addToProject", document.uri);
    assert.ok(outcome && "refused" in outcome, `refused, not ${JSON.stringify(outcome)}`);
    assert.match(outcome.refused, /only in a trusted workspace/);
    assert.equal(existsSync(join(dirname(document.uri.fsPath), ".semisync")), false);
  });
});
