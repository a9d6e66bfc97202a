import * as vscode from "vscode";
import type { RunController, RunOutcome } from "./runController";
import type { RunNode } from "./runView";
import { rerunFailedTarget, runFromHereTarget, tasksToRerun } from "./rerunSelection";

/**
 * Rerun Failed (the run view's title and the palette) and Run from here (each task row), both
 * from the last run, and the context key that shows Rerun Failed only when it has something to run.
 */
export function registerRerunCommands(runs: RunController): vscode.Disposable[] {
  let canRerun: boolean | undefined;
  const updateContext = () => {
    // Counted only between runs: during one, every event changes the run, and nothing can start anyway.
    const now = !runs.isRunning && runs.current !== undefined && tasksToRerun(runs.current).size > 0;
    if (now === canRerun) return;
    canRerun = now;
    void vscode.commands.executeCommand("setContext", "semisync.canRerunFailed", now);
  };
  updateContext();
  return [
    runs.onDidChange(updateContext),
    vscode.commands.registerCommand("semisync.rerunFailed", async (): Promise<RunOutcome | undefined> => {
      const last = runs.current;
      const target = last && !runs.isRunning ? rerunFailedTarget(last) : undefined;
      if (!last || !target) {
        void vscode.window.showInformationMessage(
          runs.isRunning
            ? "semisync: a run is going; Rerun Failed reruns what did not succeed once it has ended."
            : "semisync: nothing to rerun: every task of the last run succeeded (or there was no run yet).",
        );
        return undefined;
      }
      return runs.run(target, `Rerun Failed (${plural(target.tasks.length)})`, last.origin?.cwd);
    }),
    vscode.commands.registerCommand("semisync.runFromHere", async (node?: RunNode): Promise<RunOutcome | undefined> => {
      const last = runs.current;
      if (!last || node?.kind !== "task") return undefined;
      const target = runFromHereTarget(last, node.key);
      if (!target) {
        void vscode.window.showWarningMessage(
          `semisync: the last run did not say which file declares ${node.key}; run it from its CodeLens instead.`,
        );
        return undefined;
      }
      return runs.run(target, `${target.tasks[0]} and what follows it`, last.origin?.cwd);
    }),
  ];
}

const plural = (count: number) => `${count} task${count === 1 ? "" : "s"}`;
