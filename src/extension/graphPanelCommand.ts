import * as vscode from "vscode";
import { GRAPH_PANEL_TYPE, restoredScope, type GraphPanel } from "./graphPanel";
import type { GraphNode } from "./graphView";
import type { TaskIndex } from "./taskIndex";
import type { PanelScope } from "../shared/panelMessages";

/**
 * *semisync: Show Graph*: from a CodeLens (file, id) or a Graph view row (its node), the task's
 * graph; from the palette or the Graph view's title (nothing), the folder being edited. And the
 * serializer that brings the panel back after a reload.
 */
export function registerGraphPanel(panel: GraphPanel, index: TaskIndex): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(
      "semisync.showGraph",
      async (from?: string | GraphNode, id?: string): Promise<PanelScope | undefined> => {
        await index.whenScanned();
        const scope = scopeOf(from, id) ?? folderScope(index);
        if (!scope) {
          void vscode.window.showInformationMessage("semisync: open a folder with @semisync tasks to see their graph.");
          return undefined;
        }
        panel.show(scope);
        return scope;
      },
    ),
    vscode.window.registerWebviewPanelSerializer(GRAPH_PANEL_TYPE, {
      async deserializeWebviewPanel(restored, state: unknown) {
        await index.whenScanned();
        const scope = restoredScope(state, () => folderScope(index));
        if (scope) panel.adopt(restored, scope);
        else restored.dispose();
      },
    }),
  ];
}

function scopeOf(from: string | GraphNode | undefined, id: string | undefined): PanelScope | undefined {
  if (typeof from === "string" && id) return { kind: "task", file: from, task: id };
  if (typeof from === "object" && from.kind === "task")
    return { kind: "task", file: from.task.file, task: from.task.id };
  return undefined;
}

/** The folder of the file being edited if it has tasks, else the first folder that has. */
function folderScope(index: TaskIndex): PanelScope | undefined {
  const hasTasks = (folder: vscode.WorkspaceFolder) => index.tasksOfFolderOf(folder.uri.fsPath).length > 0;
  const editor = vscode.window.activeTextEditor;
  const active = editor && vscode.workspace.getWorkspaceFolder(editor.document.uri);
  const folder =
    (active && hasTasks(active) ? active : undefined) ??
    vscode.workspace.workspaceFolders?.find(hasTasks) ??
    vscode.workspace.workspaceFolders?.[0];
  return folder ? { kind: "folder", folder: folder.uri.fsPath } : undefined;
}
