import * as vscode from "vscode";
import type { StaticTask } from "../scanner/index";
import { runTargetFor, runTargetForAll, type RunScope } from "./runTarget";
import type { GraphNode } from "./graphView";
import type { RunController, RunOutcome } from "./runController";
import type { RunNode } from "./runView";
import type { TaskIndex } from "./taskIndex";
import { canonicalPath } from "./canonicalPath";

/** The commands of the CodeLens, the view titles and the command palette. */
export function registerCommands(
  index: TaskIndex,
  runs: RunController,
  log: vscode.LogOutputChannel,
  extensionUri: vscode.Uri,
): vscode.Disposable[] {
  /**
   * From a CodeLens (file, id), from the graph view's inline button (its node), from a row of the
   * run view (its node), or from the palette (nothing). `debug`: under VS Code's debugger.
   */
  const runScoped =
    (scope: RunScope, debug = false) =>
    async (from?: string | GraphNode | RunNode, id?: string): Promise<RunOutcome | undefined> => {
      await index.whenScanned();
      let file = typeof from === "string" ? from : undefined;
      if (typeof from === "object" && from.kind === "task") {
        const chosen = "task" in from ? from.task : runs.current?.calls.get(from.key);
        file = chosen?.file;
        id = chosen?.id;
      }
      const task =
        file && id
          ? (index.tasksIn(file).find((candidate) => candidate.id === id) ??
            index.tasks.find(
              (candidate) => candidate.id === id && canonicalPath(candidate.file) === canonicalPath(file),
            ))
          : await pickTask(index, scope, debug);
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
        debug ? `debugging ${task.id}` : scope === "graph" ? `the graph of ${task.id}` : task.id,
        vscode.workspace.getWorkspaceFolder(vscode.Uri.file(task.file))?.uri.fsPath,
        { debug },
      );
    };

  return [
    vscode.commands.registerCommand("semisync.runGraph", runScoped("graph")),
    vscode.commands.registerCommand("semisync.runTask", runScoped("task")),
    vscode.commands.registerCommand("semisync.debugTask", runScoped("task", true)),
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
async function pickTask(index: TaskIndex, scope: RunScope, debug: boolean): Promise<StaticTask | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor) {
    const here = index.taskAt(editor.document.uri.fsPath, editor.selection.active.line + 1);
    if (here) return here;
  }
  const picked = await vscode.window.showQuickPick(
    index.tasks.map((task) => ({ label: task.id, description: vscode.workspace.asRelativePath(task.file), task })),
    {
      placeHolder: debug
        ? "Debug which task (with everything it needs)?"
        : scope === "graph"
          ? "Run the graph of which task?"
          : "Run which task (with everything it needs)?",
    },
  );
  return picked?.task;
}
