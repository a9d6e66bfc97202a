import * as vscode from "vscode";
import { createExample, exampleTemplate } from "./exampleFile";

/** "Open an Example": the walkthrough's first task, copied beside the user's code and opened. */
export async function openExample(extensionDir: string): Promise<string | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const folders = vscode.workspace.workspaceFolders ?? [];
  const folder =
    (active && vscode.workspace.getWorkspaceFolder(active)) ??
    (folders.length === 1
      ? folders[0]
      : await vscode.window.showWorkspaceFolderPick({ placeHolder: "Put the semisync example in which folder?" }));
  if (!folder) {
    if (folders.length === 0)
      void vscode.window.showWarningMessage(
        "semisync: open a folder first; the example goes into it, beside your code.",
      );
    return undefined;
  }
  const { file, created } = createExample(exampleTemplate(extensionDir), folder.uri.fsPath);
  await vscode.window.showTextDocument(vscode.Uri.file(file));
  if (!created)
    void vscode.window.showInformationMessage(
      `semisync: ${vscode.workspace.asRelativePath(file)} is already there; opened it as it is.`,
    );
  return file;
}
