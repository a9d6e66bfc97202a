import { strict as assert } from "node:assert";
import * as vscode from "vscode";
import type { PanelScope } from "../../src/shared/panelMessages";
import { eventually, fixture, open, semisync } from "./helpers";

const showGraph = (...args: unknown[]) =>
  vscode.commands.executeCommand<PanelScope | undefined>("semisync.showGraph", ...args);

describe("the graph panel", () => {
  before(semisync);
  afterEach(async () => (await semisync()).graphPanel.current?.panel.dispose());

  it("Show graph from a lens opens one panel on the task's graph, with its page under a strict policy", async () => {
    const { graphPanel } = await semisync();
    assert.deepEqual(await showGraph(fixture("report.ts"), "Report.print"), {
      kind: "task",
      file: fixture("report.ts"),
      task: "Report.print",
    });
    const { panel } = graphPanel.current!;
    assert.equal(panel.title, "semisync: Report.print");
    assert.deepEqual(
      graphPanel
        .graph()!
        .graph.tasks.map((task) => task.id)
        .sort(),
      ["Audit.check", "Finance.expenses", "Finance.profit", "Finance.revenue", "Report.print"],
    );
    const dist = vscode.Uri.joinPath(vscode.extensions.getExtension("semisync.semisync")!.extensionUri, "dist");
    assert.deepEqual(
      panel.webview.options.localResourceRoots?.map((root) => root.toString()),
      [dist.toString()],
    );
    assert.ok(panel.webview.options.enableScripts);
    assert.match(panel.webview.html, /default-src 'none'; script-src 'nonce-[^']+'; style-src /);
    assert.ok(
      panel.webview.html.includes(panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, "webview.js")).toString()),
    );
  });

  it("opened again, the same panel shows the new scope; from the palette, the whole folder", async () => {
    const { graphPanel } = await semisync();
    await showGraph(fixture("loop.ts"), "Loop.first");
    const first = graphPanel.current!.panel;
    assert.deepEqual(
      graphPanel.graph()!.graph.tasks.map((task) => task.id),
      ["Loop.first", "Loop.second"],
    );
    await showGraph();
    assert.equal(graphPanel.current!.panel, first, "the panel is reused, not a second one opened");
    assert.equal(graphPanel.current!.scope.kind, "folder");
    assert.equal(graphPanel.graph()!.graph.tasks.length, (await semisync()).index.tasks.length);
  });

  it("from a Graph view row, the row's task", async () => {
    const { graphPanel, index } = await semisync();
    const task = index.tasksIn(fixture("failing.ts")).find((each) => each.id === "Failing.after")!;
    await showGraph({ kind: "task", task });
    assert.deepEqual(graphPanel.current!.scope, { kind: "task", file: task.file, task: "Failing.after" });
  });

  it("an open message opens the task at its decorator; one naming no task of the graph, or malformed, opens nothing", async () => {
    const { graphPanel } = await semisync();
    await open("loop.ts");
    await showGraph(fixture("finance.ts"), "Finance.revenue");
    await graphPanel.receive({ type: "open", task: "Finance.profit" });
    await eventually(
      () => vscode.window.activeTextEditor?.document.uri.fsPath === fixture("finance.ts"),
      "finance.ts in the editor",
    );
    assert.equal(
      vscode.window.activeTextEditor!.selection.active.line + 1,
      25,
      "the cursor on Finance.profit's decorator",
    );

    await open("loop.ts");
    for (const message of [
      { type: "open", task: "Loop.first" }, // a task, but not of the graph shown
      { type: "open", task: "/etc/passwd" },
      { type: "open" },
      { type: "open", task: 7 },
      "open Finance.profit",
      null,
    ])
      await graphPanel.receive(message);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, fixture("loop.ts"));
  });

  it("closing the panel forgets it; the next Show graph opens a new one", async () => {
    const { graphPanel } = await semisync();
    await showGraph(fixture("loop.ts"), "Loop.first");
    const first = graphPanel.current!.panel;
    first.dispose();
    assert.equal(graphPanel.current, undefined);
    await showGraph(fixture("loop.ts"), "Loop.first");
    assert.notEqual(graphPanel.current!.panel, first);
  });
});
