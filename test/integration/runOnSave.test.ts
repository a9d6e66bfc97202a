import { strict as assert } from "node:assert";
import * as vscode from "vscode";
import type { RunOutcome } from "../../src/extension/runController";
import { engineProcesses, eventually, open, runViewText, semisync } from "./helpers";

const configuration = () => vscode.workspace.getConfiguration("semisync");
const setMode = (mode: string | undefined) =>
  configuration().update("runOnSave", mode, vscode.ConfigurationTarget.Workspace);

/** Edits the file (a comment at its end, so no task moves) and saves it, as a person would. */
async function editAndSave(name: string): Promise<void> {
  const document = await open(name);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, document.lineAt(document.lineCount - 1).range.end, "\n// saved");
  assert.ok(await vscode.workspace.applyEdit(edit));
  assert.ok(await document.save(), `${name} was saved`);
}

describe("run on save", () => {
  before(semisync);
  afterEach(async () => {
    const api = await semisync();
    await setMode(undefined);
    api.runs.cancel();
    await eventually(() => !api.runs.isRunning, "no run going");
    await vscode.commands.executeCommand("semisync.clear");
  });

  it("with `task`, saving a task file reruns its tasks with what they need", async () => {
    const api = await semisync();
    await setMode("task");
    await editAndSave("audit.ts");
    await eventually(() => api.runs.current?.exitCode !== undefined, "the run on save ended");
    assert.equal(api.runs.current!.title, "Audit.check (saved)");
    assert.deepEqual(
      runViewText(api).map((row) => `${row.label} ${row.description.split(" · ")[0]}`),
      ["Finance.revenue succeeded", "Audit.check succeeded"],
    );
  });

  it("a save during a long run cancels that run and starts the new one, leaving none of its processes", async () => {
    const api = await semisync();
    await setMode("task");
    const long = vscode.commands.executeCommand<RunOutcome>(
      "semisync.runTask",
      (await open("slow.ts")).uri.fsPath,
      "Slow.wait",
    );
    await eventually(() => api.runs.current?.model.rows.get("Slow.wait")?.status === "running", "Slow.wait running");
    const cancelled = api.runs.current!;
    const processes = engineProcesses();
    await editAndSave("finance.ts");
    assert.deepEqual(await long, { exitCode: 1 });
    assert.equal(cancelled.model.rows.get("Slow.wait")?.status, "cancelled");
    await eventually(
      () => api.runs.current?.title === "Finance.revenue, Finance.expenses, Finance.profit (saved)",
      "the new run started",
    );
    await eventually(() => api.runs.current?.exitCode === 0, "the new run succeeded");
    await eventually(
      () => engineProcesses().every((pid) => !processes.includes(pid)),
      "every process of the cancelled run gone",
    );
  });

  it("`off` runs nothing: of two saves, only the one made after turning it on runs", async () => {
    const api = await semisync();
    await setMode("off");
    await editAndSave("report.ts");
    await setMode("task");
    await editAndSave("audit.ts");
    await eventually(() => api.runs.current?.exitCode !== undefined, "the run on save ended");
    assert.equal(api.runs.current!.title, "Audit.check (saved)");
  });

  it("the toggle command turns it on and off, writing the setting", async () => {
    assert.equal(await vscode.commands.executeCommand("semisync.toggleRunOnSave"), "task");
    assert.equal(configuration().get("runOnSave"), "task");
    assert.equal(await vscode.commands.executeCommand("semisync.toggleRunOnSave"), "off");
    assert.equal(configuration().get("runOnSave"), "off");
  });
});
