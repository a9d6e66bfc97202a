// Not a test of speed (nothing here asserts a time): bench/editorRun.mjs runs this suite on
// examples/ and reads the MEASURE line it prints. From the CodeLens command to the moment the
// run view learns the first task started, for the first run after the window opened and for
// the runs after it; it asserts only that each run succeeded.
import { strict as assert } from "node:assert";
import { join } from "node:path";
import * as vscode from "vscode";
import type { SemisyncApi } from "../../../src/extension/extension";
import type { RunOutcome } from "../../../src/extension/runController";
import { EXTENSION_ID } from "../helpers";

const RUNS = Number(process.env.SEMISYNC_MEASURE_RUNS ?? 6);
/** A person reads a run's result before clicking again: long enough for the next run's processes to start. */
const PAUSE_MS = Number(process.env.SEMISYNC_MEASURE_PAUSE_MS ?? 1500);
/** Before the first click: 0 clicks the moment the scan is done, while the window is still starting. */
const FIRST_PAUSE_MS = Number(process.env.SEMISYNC_MEASURE_FIRST_PAUSE_MS ?? 0);

/** Runs `Finance.profit`'s graph as its CodeLens does; resolves with the ms until its first task started. */
async function clickToFirstStart(api: SemisyncApi, file: string): Promise<number> {
  const started = performance.now();
  let firstStartMs: number | undefined;
  const watching = api.runs.onDidChange(() => {
    const rows = api.runs.current?.model.rows;
    if (firstStartMs === undefined && rows && [...rows.values()].some((row) => row.status !== "queued"))
      firstStartMs = performance.now() - started;
  });
  try {
    const outcome = await vscode.commands.executeCommand<RunOutcome>("semisync.runGraph", file, "Finance.profit");
    assert.deepEqual(outcome, { exitCode: 0 });
  } finally {
    watching.dispose();
  }
  assert.ok(firstStartMs !== undefined, "a task started");
  return firstStartMs;
}

describe("measure: from a CodeLens click to the first task's start", () => {
  it("runs the example's graph several times in one window", async () => {
    const extension = vscode.extensions.getExtension<SemisyncApi>(EXTENSION_ID)!;
    const api = await extension.activate();
    await api.index.whenScanned();
    const file = join(vscode.workspace.workspaceFolders![0].uri.fsPath, "finance.ts");
    const runs: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      await new Promise((resolve) => setTimeout(resolve, run > 0 ? PAUSE_MS : FIRST_PAUSE_MS));
      runs.push(await clickToFirstStart(api, file));
    }
    console.log(`MEASURE ${JSON.stringify({ firstRunMs: runs[0], laterRunsMs: runs.slice(1) })}`);
  });
});
