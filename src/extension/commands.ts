import * as vscode from "vscode";
import type { StaticTask } from "../scanner/index";
import { runTargetFor, runTargetForAll, type RunScope } from "./runTarget";
import type { GraphNode } from "./graphView";
import type { RunController, RunOutcome } from "./runController";
import type { TaskIndex } from "./taskIndex";

/** The commands of the CodeLens, the view titles and the command palette. */
export function registerCommands(
  index: TaskIndex,
  runs: RunController,
  log: vscode.LogOutputChannel,
  extensionUri: vscode.Uri,
): vscode.Disposable[] {
  /** From a CodeLens (file, id), from the graph view's inline button (its node), or from the palette (nothing). */
  const runScoped =
    (scope: RunScope) =>
    async (from?: string | GraphNode, id?: string): Promise<RunOutcome | undefined> => {
      await index.whenScanned();
      const file =
        typeof from === "object" && from.kind === "task" ? from.task.file : typeof from === "string" ? from : undefined;
      if (typeof from === "object" && from.kind === "task") id = from.task.id;
      const task =
        file && id ? index.tasksIn(file).find((candidate) => candidate.id === id) : await pickTask(index, scope);
      if (!task) {
        if (file && id)
          void vscode.window.showWarningMessage(
            `semisync: ${id} is no longer a task in ${vscode.workspace.asRelativePath(file)}; save the file and try again.`,
          );
        return undefined;
      }
      const target = runTargetFor(index.tasksOfFolderOf(task.file), task, scope);
      return runs.run(
        target,
        scope === "graph" ? `the graph of ${task.id}` : task.id,
        vscode.workspace.getWorkspaceFolder(vscode.Uri.file(task.file))?.uri.fsPath,
      );
    };

  return [
    vscode.commands.registerCommand("semisync.runGraph", runScoped("graph")),
    vscode.commands.registerCommand("semisync.runTask", runScoped("task")),
    vscode.commands.registerCommand(
      "semisync.runAll",
      async (): Promise<RunOutcome | { leftOut: string[] } | undefined> => {
        await index.whenScanned();
        // One run at a time: the folder of the file being edited, or the first that has tasks.
        const hasTasks = (candidate: vscode.WorkspaceFolder) => index.tasksOfFolderOf(candidate.uri.fsPath).length > 0;
        const active =
          vscode.window.activeTextEditor &&
          vscode.workspace.getWorkspaceFolder(vscode.window.activeTextEditor.document.uri);
        const folder =
          (active && hasTasks(active) ? active : undefined) ?? vscode.workspace.workspaceFolders?.find(hasTasks);
        const tasks = folder ? index.tasksOfFolderOf(folder.uri.fsPath) : [];
        if (!folder || tasks.length === 0) {
          void vscode.window.showInformationMessage("semisync: this workspace has no @semisync tasks to run.");
          return undefined;
        }
        const target = runTargetForAll(tasks);
        if (target.leftOut.length > 0) {
          void vscode.window.showWarningMessage(
            `semisync: left out of the run, because their graph has a cycle: ${target.leftOut.join(", ")}. See the Problems view.`,
          );
        }
        if (!("file" in target)) return { leftOut: target.leftOut };
        return runs.run(target, `every graph in ${folder.name}`, folder.uri.fsPath);
      },
    ),
    vscode.commands.registerCommand("semisync.cancel", () => runs.cancel()),
    vscode.commands.registerCommand("semisync.clear", () => runs.clear()),
    vscode.commands.registerCommand("semisync.showLog", () => log.show()),
    vscode.commands.registerCommand("semisync.showExample", () =>
      vscode.commands.executeCommand("markdown.showPreview", vscode.Uri.joinPath(extensionUri, "README.md")),
    ),
  ];
}

/** From the command palette: the task under the cursor, or the user's pick. */
async function pickTask(index: TaskIndex, scope: RunScope): Promise<StaticTask | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor) {
    const here = index.taskAt(editor.document.uri.fsPath, editor.selection.active.line + 1);
    if (here) return here;
  }
  const picked = await vscode.window.showQuickPick(
    index.tasks.map((task) => ({ label: task.id, description: vscode.workspace.asRelativePath(task.file), task })),
    { placeHolder: scope === "graph" ? "Run the graph of which task?" : "Run which task (with everything it needs)?" },
  );
  return picked?.task;
}
