// Not a test of speed (nothing here asserts a time): bench/debugClick.mjs runs this suite on
// examples/ and reads the MEASURE line it prints. In one window, rounds of: Run task, Debug task
// without breakpoints, and Debug task with a breakpoint on the first line of Finance.revenue
// (from the command to the debugger's stop, then from Continue to the run's end).
import { strict as assert } from "node:assert";
import { join } from "node:path";
import * as vscode from "vscode";
import type { SemisyncApi } from "../../../src/extension/extension";
import type { RunOutcome } from "../../../src/extension/runController";
import { EXTENSION_ID } from "../helpers";

const ROUNDS = Number(process.env.SEMISYNC_MEASURE_RUNS ?? 3);
/** A person reads a run's result before clicking again: long enough for the next run's processes to start. */
const PAUSE_MS = 1500;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves at the next `stopped` event of any debug session, with the session and thread. */
function nextStop(): Promise<{ session: vscode.DebugSession; threadId: number }> {
  return new Promise((resolve) => {
    const tracking = vscode.debug.registerDebugAdapterTrackerFactory("*", {
      createDebugAdapterTracker: (session) => ({
        onDidSendMessage: (message: { type?: string; event?: string; body?: { threadId: number } }) => {
          if (message.type !== "event" || message.event !== "stopped") return;
          tracking.dispose();
          resolve({ session, threadId: message.body!.threadId });
        },
      }),
    });
  });
}

async function timed(command: string, file: string): Promise<number> {
  const started = performance.now();
  const outcome = await vscode.commands.executeCommand<RunOutcome>(command, file, "Finance.profit");
  assert.deepEqual(outcome, { exitCode: 0 });
  return performance.now() - started;
}

describe("measure: debugging a task", () => {
  it("runs, debugs, and debugs to a breakpoint the example's Finance.profit, round after round", async () => {
    const api = await vscode.extensions.getExtension<SemisyncApi>(EXTENSION_ID)!.activate();
    await api.index.whenScanned();
    const file = join(vscode.workspace.workspaceFolders![0].uri.fsPath, "finance.ts");
    const breakpoint = new vscode.SourceBreakpoint(
      new vscode.Location(vscode.Uri.file(file), new vscode.Position(16, 0)),
    );
    const measured = {
      runMs: [] as number[],
      debugMs: [] as number[],
      toBreakpointMs: [] as number[],
      debugWithBreakpointMs: [] as number[],
    };
    for (let round = 0; round < ROUNDS; round++) {
      await pause(PAUSE_MS);
      measured.runMs.push(await timed("semisync.runTask", file));
      await pause(PAUSE_MS);
      measured.debugMs.push(await timed("semisync.debugTask", file));
      await pause(PAUSE_MS);
      vscode.debug.addBreakpoints([breakpoint]);
      const stopped = nextStop();
      const started = performance.now();
      const outcome = vscode.commands.executeCommand<RunOutcome>("semisync.debugTask", file, "Finance.profit");
      const stop = await stopped;
      const hitMs = performance.now() - started;
      vscode.debug.removeBreakpoints([breakpoint]);
      const continued = performance.now();
      await stop.session.customRequest("continue", { threadId: stop.threadId });
      assert.deepEqual(await outcome, { exitCode: 0 });
      measured.toBreakpointMs.push(hitMs);
      measured.debugWithBreakpointMs.push(hitMs + performance.now() - continued);
    }
    console.log(`MEASURE ${JSON.stringify(measured)}`);
  });
});
