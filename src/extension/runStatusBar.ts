import * as vscode from "vscode";
import type { RunController } from "./runController";
import { runProgress } from "./runState";

/** "semisync 2/5" in the status bar while a run goes; a click shows the run view. */
export class RunStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("semisync.run", vscode.StatusBarAlignment.Left);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly runs: RunController) {
    this.item.name = "semisync run";
    this.item.command = "semisync.run.focus";
    this.subscription = runs.onDidChange(() => this.refresh());
  }

  private refresh(): void {
    const run = this.runs.current;
    if (!this.runs.isRunning || !run) {
      this.item.hide();
      return;
    }
    const { done, total } = runProgress(run);
    this.item.text = `$(sync~spin) semisync ${done}/${total}`;
    this.item.tooltip = `semisync is running ${run.title}: ${done} of ${total} tasks done. Click to show the run.`;
    this.item.accessibilityInformation = { label: `semisync run: ${done} of ${total} tasks done` };
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
