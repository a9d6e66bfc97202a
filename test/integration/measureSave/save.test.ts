// Not a test of speed (nothing here asserts a time): bench/editorSave.mjs runs this suite on
// examples/ and reads the MEASURE line it prints. With semisync.runOnSave set to `task`, from
// a save of finance.ts to the moment the run view learns the first task of the new run started:
// when no run goes, and when the save comes while a run goes (that run is cancelled first).
import { strict as assert } from "node:assert";
import { join } from "node:path";
import * as vscode from "vscode";
import type { SemisyncApi } from "../../../src/extension/extension";
import { EXTENSION_ID, eventually } from "../helpers";

const RUNS = Number(process.env.SEMISYNC_MEASURE_RUNS ?? 6);
/** A person reads a run's result before saving again: long enough for the next run's processes to start. */
const PAUSE_MS = Number(process.env.SEMISYNC_MEASURE_PAUSE_MS ?? 1500);

const started = (api: SemisyncApi, title: string) =>
  api.runs.current?.title === title && [...api.runs.current.model.rows.values()].some((row) => row.status !== "queued");

/** How long each `document.save()` took to resolve: the editor's part of the time, before run on save hears of it. */
const saveMs: number[] = [];

/** Saves the file with a new last line; resolves with the ms until the run on save's first task started. */
async function saveToFirstStart(api: SemisyncApi, document: vscode.TextDocument): Promise<number> {
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, document.lineAt(document.lineCount - 1).range.end, "\n// saved");
  assert.ok(await vscode.workspace.applyEdit(edit));
  const title = "Finance.revenue, Finance.expenses, Finance.profit (saved)";
  const before = api.runs.current;
  const start = performance.now();
  let firstStartMs: number | undefined;
  const watching = api.runs.onDidChange(() => {
    if (firstStartMs === undefined && api.runs.current !== before && started(api, title))
      firstStartMs = performance.now() - start;
  });
  try {
    assert.ok(await document.save());
    saveMs.push(performance.now() - start);
    await eventually(() => firstStartMs !== undefined, "the run on save's first task started");
    await eventually(() => api.runs.current?.exitCode === 0, "the run on save succeeded");
  } finally {
    watching.dispose();
  }
  return firstStartMs!;
}

describe("measure: from a save to the first task's start, with run on save", () => {
  it("saves the example several times in one window, idle and during a run", async () => {
    const extension = vscode.extensions.getExtension<SemisyncApi>(EXTENSION_ID)!;
    const api = await extension.activate();
    await api.index.whenScanned();
    const file = join(vscode.workspace.workspaceFolders![0].uri.fsPath, "finance.ts");
    await vscode.workspace
      .getConfiguration("semisync")
      .update("runOnSave", "task", vscode.ConfigurationTarget.Workspace);
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    const idle: number[] = [];
    const duringRun: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
      idle.push(await saveToFirstStart(api, document));
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
      void vscode.commands.executeCommand("semisync.runGraph", file, "Finance.profit");
      await eventually(() => started(api, "the graph of Finance.profit"), "the clicked run's first task started");
      duringRun.push(await saveToFirstStart(api, document));
    }
    console.log(`MEASURE ${JSON.stringify({ idleMs: idle, duringRunMs: duringRun, saveMs })}`);
  });
});
