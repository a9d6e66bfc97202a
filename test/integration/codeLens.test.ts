import { strict as assert } from "node:assert";
import * as vscode from "vscode";
import { eventually, fixture, open, semisync } from "./helpers";

const lensTitles = async (document: vscode.TextDocument) => {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
    "vscode.executeCodeLensProvider",
    document.uri,
  );
  return lenses
    .filter((lens) => lens.command?.command.startsWith("semisync."))
    .map((lens) => `${lens.range.start.line + 1} ${lens.command!.title}`);
};

describe("CodeLens", () => {
  before(semisync);

  it("puts Run semisync graph, Run task, Debug task and Show graph above every task", async () => {
    const document = await open("finance.ts");
    assert.deepEqual(await lensTitles(document), [
      "11 $(play) Run semisync graph",
      "11 Run task",
      "11 Debug task",
      "11 Show graph",
      "18 $(play) Run semisync graph",
      "18 Run task",
      "18 Debug task",
      "18 Show graph",
      "25 $(play) Run semisync graph",
      "25 Run task",
      "25 Debug task",
      "25 Show graph",
    ]);
  });

  it("follows unsaved edits: a new task gets its lenses, a removed one loses them", async () => {
    const document = await open("loop.ts");
    const editor = vscode.window.activeTextEditor!;
    try {
      const api = await semisync();
      let refreshed = 0;
      const listening = api.lenses.onDidChangeCodeLenses(() => refreshed++);
      await editor.edit((edit) => edit.insert(new vscode.Position(8, 0), "\n  @semisync()\n  static third() {}\n"));
      await eventually(() => refreshed > 0, "VS Code told to ask for lenses again after the edit");
      listening.dispose();
      assert.deepEqual(await lensTitles(document), [
        "4 $(play) Run semisync graph",
        "4 Run task",
        "4 Debug task",
        "4 Show graph",
        "7 $(play) Run semisync graph",
        "7 Run task",
        "7 Debug task",
        "7 Show graph",
        "10 $(play) Run semisync graph",
        "10 Run task",
        "10 Debug task",
        "10 Show graph",
      ]);
      await editor.edit((edit) => edit.delete(new vscode.Range(3, 0, 5, 0)));
      assert.deepEqual(await lensTitles(document), [
        "5 $(play) Run semisync graph",
        "5 Run task",
        "5 Debug task",
        "5 Show graph",
        "8 $(play) Run semisync graph",
        "8 Run task",
        "8 Debug task",
        "8 Show graph",
      ]);
    } finally {
      await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
      const api = await semisync();
      await eventually(
        () =>
          api.index
            .tasksIn(fixture("loop.ts"))
            .map((task) => task.id)
            .join() === "Loop.first,Loop.second",
        "loop.ts back to its tasks after the revert",
      );
    }
  });
});
