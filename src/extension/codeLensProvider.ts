import * as vscode from "vscode";
import type { RunController } from "./runController";
import { readSettings } from "./settings";
import { lastRunText } from "./statusPresentation";
import type { TaskIndex } from "./taskIndex";
import { positionOf } from "./locations";

/** Above each task: run its graph, run it with what it needs, debug that, draw its graph, and how its last run went. */
export class TaskCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly index: TaskIndex,
    private readonly runs: RunController,
  ) {
    this.subscriptions = [
      index.onDidChange(() => this.changed.fire()),
      runs.onDidChange(() => {
        if (!runs.isRunning) this.changed.fire();
      }),
      vscode.workspace.onDidChangeConfiguration((change) => {
        if (change.affectsConfiguration("semisync.codeLens.enabled")) this.changed.fire();
      }),
    ];
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!readSettings(document.uri).codeLens) return [];
    this.index.ensureCurrent(document);
    return this.index.tasksIn(document.uri.fsPath).flatMap((task) => {
      const range = new vscode.Range(positionOf(task), positionOf(task));
      const lenses = [
        new vscode.CodeLens(range, {
          title: "$(play) Run semisync graph",
          tooltip: `Run every task connected to ${task.id}`,
          command: "semisync.runGraph",
          arguments: [task.file, task.id],
        }),
        new vscode.CodeLens(range, {
          title: "Run task",
          tooltip: `Run ${task.id} and every task it needs`,
          command: "semisync.runTask",
          arguments: [task.file, task.id],
        }),
        new vscode.CodeLens(range, {
          title: "Debug task",
          tooltip: `Run ${task.id} and every task it needs under the debugger: breakpoints stop, timeouts do not apply`,
          command: "semisync.debugTask",
          arguments: [task.file, task.id],
        }),
        new vscode.CodeLens(range, {
          title: "Show graph",
          tooltip: `Draw ${task.id} and every task connected to it`,
          command: "semisync.showGraph",
          arguments: [task.file, task.id],
        }),
      ];
      const last = this.runs.lastRun(task);
      if (last)
        lenses.push(
          new vscode.CodeLens(range, {
            title: `last run: ${lastRunText(last)}`,
            tooltip: "Show the run",
            command: "semisync.run.focus",
          }),
        );
      return lenses;
    });
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}
