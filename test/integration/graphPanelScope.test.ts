import { strict as assert } from "node:assert";
import * as vscode from "vscode";
import { fixture, semisync } from "./helpers";

const folder = () => vscode.workspace.workspaceFolders![0].uri.fsPath;

describe("the graph panel's scope switch", () => {
  before(semisync);
  afterEach(async () => (await semisync()).graphPanel.current?.panel.dispose());

  it("switches a task's graph to its workspace folder's, and back to that task's", async () => {
    const { graphPanel } = await semisync();
    await vscode.commands.executeCommand("semisync.showGraph", fixture("report.ts"), "Report.print");
    await graphPanel.receive({ type: "scope", kind: "folder" });
    assert.deepEqual(graphPanel.current!.scope, { kind: "folder", folder: folder() });
    assert.equal(graphPanel.current!.panel.title, `semisync: ${vscode.workspace.workspaceFolders![0].name}`);
    assert.equal(graphPanel.graph()!.lastTask, "Report.print", "the page is told where it can go back to");

    await graphPanel.receive({ type: "scope", kind: "task" });
    assert.deepEqual(graphPanel.current!.scope, { kind: "task", file: fixture("report.ts"), task: "Report.print" });
  });

  it("stays on the folder's graph when no task's graph was shown in this panel, and the page is told so", async () => {
    const { graphPanel } = await semisync();
    await vscode.commands.executeCommand("semisync.showGraph");
    assert.equal(graphPanel.current!.scope.kind, "folder");
    assert.equal(graphPanel.graph()!.lastTask, undefined);
    await graphPanel.receive({ type: "scope", kind: "task" });
    assert.equal(graphPanel.current!.scope.kind, "folder");
    for (const malformed of [{ type: "scope" }, { type: "scope", kind: "everything" }])
      await graphPanel.receive(malformed);
    assert.equal(graphPanel.current!.scope.kind, "folder");
  });
});
