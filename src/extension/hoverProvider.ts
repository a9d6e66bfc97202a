import * as vscode from "vscode";
import { dependentsOf } from "../graph/neighbourhood";
import { edgesOf } from "./runTarget";
import type { RunController } from "./runController";
import { lastRunText } from "./statusPresentation";
import type { TaskIndex } from "./taskIndex";

/** Over a task's decorator or the method line under it: what it needs, what needs it, how it last ran. */
export class TaskHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly index: TaskIndex,
    private readonly runs: RunController,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    this.index.ensureCurrent(document);
    const task = this.index.taskAt(document.uri.fsPath, position.line + 1);
    if (!task) return undefined;
    const dependents = dependentsOf(edgesOf(this.index.tasksOfFolderOf(task.file)), task.id);
    const list = (ids: readonly string[]) => (ids.length > 0 ? ids.map((id) => `\`${id}\``).join(", ") : "nothing");
    const last = this.runs.lastRun(task);
    const markdown = new vscode.MarkdownString(
      [
        `**${task.id}** (semisync task)`,
        `Runs after: ${list(task.dependencies)}`,
        `Needed by: ${list(dependents)}`,
        `Last run: ${last ? lastRunText(last) : "not run in this window yet"}`,
      ].join("\n\n"),
    );
    return new vscode.Hover(markdown);
  }
}
