import { strict as assert } from "node:assert";
import * as vscode from "vscode";
import type { RunOutcome } from "../../src/extension/runController";
import { engineProcesses, eventually, fixture, runViewText, semisync } from "./helpers";

describe("running from the editor", () => {
  before(semisync);
  afterEach(() => vscode.commands.executeCommand("semisync.clear"));

  it("Run semisync graph runs the task's whole graph, across files, and the run view shows each task with its output", async () => {
    const api = await semisync();
    const outcome = await vscode.commands.executeCommand<RunOutcome>(
      "semisync.runGraph",
      fixture("finance.ts"),
      "Finance.revenue",
    );
    assert.deepEqual(outcome, { exitCode: 0 });
    const rows = runViewText(api);
    assert.deepEqual(rows.map((row) => `${row.label} ${row.description.split(" · ")[0]}`).sort(), [
      "Audit.check succeeded",
      "Finance.expenses succeeded",
      "Finance.profit succeeded",
      "Finance.revenue succeeded",
      "Report.print succeeded",
    ]);
    const linesOf = (label: string) => rows.find((row) => row.label === label)!.lines;
    assert.deepEqual(linesOf("Finance.revenue"), ["Revenue: $600"]);
    assert.deepEqual(linesOf("Finance.profit"), ["Profit: $200"]);
    assert.deepEqual(linesOf("Report.print"), ["report printed"]);
    assert.equal(api.runs.lastRun({ file: fixture("finance.ts"), id: "Finance.profit" })?.status, "succeeded");
  });

  it("Run task runs the task and what it needs, nothing else; a failure shows its error and skips dependents", async () => {
    const api = await semisync();
    assert.deepEqual(
      await vscode.commands.executeCommand<RunOutcome>("semisync.runTask", fixture("finance.ts"), "Finance.expenses"),
      { exitCode: 0 },
    );
    assert.deepEqual(
      runViewText(api).map((row) => row.label),
      ["Finance.expenses"],
    );

    assert.deepEqual(
      await vscode.commands.executeCommand<RunOutcome>("semisync.runTask", fixture("failing.ts"), "Failing.after"),
      { exitCode: 1 },
    );
    const rows = runViewText(api);
    const broken = rows.find((row) => row.label === "Failing.broken")!;
    const after = rows.find((row) => row.label === "Failing.after")!;
    assert.equal(broken.description.split(" · ")[0], "failed");
    assert.equal(broken.lines[0], "Error: the ledger is locked");
    assert.ok(
      broken.lines.some((line) => line.includes("failing.ts")),
      "the stack names the user's file",
    );
    assert.deepEqual([after.label, after.description], ["Failing.after", "skipped · upstream failed: Failing.broken"]);
  });

  it("a task whose worker another task ended runs again, and its row says so", async () => {
    const api = await semisync();
    const settings = vscode.workspace.getConfiguration("semisync");
    await settings.update("maxWorkers", 1, vscode.ConfigurationTarget.Workspace);
    try {
      assert.deepEqual(
        await vscode.commands.executeCommand<RunOutcome>(
          "semisync.runGraph",
          fixture("neighbours.ts"),
          "Neighbours.after",
        ),
        { exitCode: 1 },
      );
    } finally {
      await settings.update("maxWorkers", undefined, vscode.ConfigurationTarget.Workspace);
    }
    const rows = runViewText(api);
    const row = (label: string) => rows.find((each) => each.label === label)!;
    assert.match(
      row("Neighbours.innocent").description,
      /^succeeded · .* · run again alone: its worker process exited with code 3/,
    );
    assert.deepEqual(row("Neighbours.innocent").lines, ["innocent done"]);
    assert.match(row("Neighbours.crasher").description, /^failed/);
    assert.match(row("Neighbours.crasher").lines[0], /exited with code 3 while the task ran/);
    assert.equal(row("Neighbours.after").description, "skipped · upstream failed: Neighbours.crasher");
  });

  it("the graph view's inline button runs the task it sits on", async () => {
    const api = await semisync();
    const graph = api.views.graph;
    const file = graph.getChildren().find((node) => node.kind === "file" && node.file === fixture("finance.ts"))!;
    const [financeClass] = graph.getChildren(file);
    assert.equal(graph.getTreeItem(financeClass).label, "Finance");
    const expenses = graph
      .getChildren(financeClass)
      .find((node) => node.kind === "task" && node.task.id === "Finance.expenses")!;
    assert.equal(graph.getTreeItem(expenses).contextValue, "task");
    assert.deepEqual(await vscode.commands.executeCommand<RunOutcome>("semisync.runTask", expenses), { exitCode: 0 });
    assert.deepEqual(
      runViewText(api).map((row) => row.label),
      ["Finance.expenses"],
    );
  });

  it("refuses a graph with a cycle before running anything, saying why", async () => {
    const api = await semisync();
    assert.deepEqual(
      await vscode.commands.executeCommand<RunOutcome>("semisync.runGraph", fixture("loop.ts"), "Loop.first"),
      { exitCode: 2 },
    );
    assert.match(api.runs.current!.graphError!, /Loop\.first -> Loop\.second -> Loop\.first/);
    assert.equal(runViewText(api)[0].label, "The graph could not run");
  });

  it("cancel stops the run, marks the task cancelled and leaves no process behind", async () => {
    const api = await semisync();
    const running = vscode.commands.executeCommand<RunOutcome>("semisync.runTask", fixture("slow.ts"), "Slow.wait");
    await eventually(() => api.runs.current?.model.rows.get("Slow.wait")?.status === "running", "Slow.wait running");
    // While a run goes, every engine process is the run's: the spare it started in is its own, the next is started after it.
    const runs = engineProcesses();
    assert.ok(runs.length > 0, "the run has processes of its own");
    await vscode.commands.executeCommand("semisync.cancel");
    assert.deepEqual(await running, { exitCode: 1 });
    assert.equal(runViewText(api)[0].description.split(" · ")[0], "cancelled");
    await eventually(
      () => engineProcesses().every((pid) => !runs.includes(pid)),
      "every process of the cancelled run gone",
    );
  });
});
