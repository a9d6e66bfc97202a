import { strict as assert } from "node:assert";
import * as vscode from "vscode";
import type { RunOutcome } from "../../src/extension/runController";
import { fixture, semisync } from "./helpers";

describe("the semisync views", () => {
  before(semisync);

  it("Problems lists a cycle once, with each member under it", async () => {
    const { views } = await semisync();
    const cycles = views.problems
      .getChildren()
      .filter((node) => String(views.problems.getTreeItem(node).label).startsWith("dependency cycle: Loop.first"));
    assert.equal(cycles.length, 1);
    assert.deepEqual(
      views.problems
        .getChildren(cycles[0])
        .map((node) => `${views.problems.getTreeItem(node).label} ${views.problems.getTreeItem(node).description}`),
      ["Loop.first loop.ts:4", "Loop.second loop.ts:7"],
    );
  });

  it("a click on a task in the run view opens its source at the task", async () => {
    const { views } = await semisync();
    assert.deepEqual(
      await vscode.commands.executeCommand<RunOutcome>("semisync.runTask", fixture("finance.ts"), "Finance.expenses"),
      { exitCode: 0 },
    );
    const [row] = views.run.getChildren();
    const { command } = views.run.getTreeItem(row);
    assert.ok(command, "the task row has a command");
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.fsPath, fixture("finance.ts"));
    assert.equal(editor.selection.active.line + 1, 18, "the cursor on Finance.expenses' decorator");
    await vscode.commands.executeCommand("semisync.clear");
    assert.deepEqual(views.run.getChildren(), []);
  });
});
