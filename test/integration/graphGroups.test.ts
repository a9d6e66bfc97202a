import { strict as assert } from "node:assert";
import * as vscode from "vscode";
import { eventually, fixture, open, semisync } from "./helpers";

const activeFile = () => vscode.window.activeTextEditor?.document.uri.fsPath;

describe("the graph panel opens a task of the file its page names", () => {
  before(semisync);
  afterEach(async () => (await semisync()).graphPanel.current?.panel.dispose());

  it("opens the task of the file named, as the page was sent it, and nothing for a file the graph shown does not draw it in", async () => {
    const { graphPanel } = await semisync();
    await open("loop.ts");
    await vscode.commands.executeCommand("semisync.showGraph", fixture("finance.ts"), "Finance.revenue");
    for (const file of ["loop.ts", "report.ts", fixture("finance.ts"), "/etc/passwd", "../finance.ts"])
      await graphPanel.receive({ type: "open", task: "Finance.profit", file });
    assert.equal(activeFile(), fixture("loop.ts"), "nothing opened");

    await graphPanel.receive({ type: "open", task: "Finance.profit", file: "finance.ts" });
    await eventually(() => activeFile() === fixture("finance.ts"), "finance.ts in the editor");
    assert.equal(vscode.window.activeTextEditor!.selection.active.line + 1, 25, "on Finance.profit's decorator");
  });
});
