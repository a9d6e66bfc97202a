import { strict as assert } from "node:assert";
import * as vscode from "vscode";
import { fixture, semisync } from "../helpers";

describe("the graph panel in an untrusted workspace", () => {
  before(semisync);

  it("shows the static graph: scanning needs no trust", async () => {
    assert.equal(vscode.workspace.isTrusted, false, "the suite runs in restricted mode");
    const { graphPanel } = await semisync();
    await vscode.commands.executeCommand("semisync.showGraph", fixture("finance.ts"), "Finance.profit");
    try {
      assert.ok(graphPanel.current, "a panel is open");
      assert.ok(graphPanel.graph()!.graph.tasks.some((task) => task.id === "Finance.profit"));
    } finally {
      graphPanel.current?.panel.dispose();
    }
  });
});
