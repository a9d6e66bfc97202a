import * as vscode from "vscode";
import type { TaskIndex } from "./taskIndex";
import { toFolder } from "./vscodeWorkspace";

/** Tells the index of every change to the workspace's folders, editors and settings. */
export function observeWorkspace(index: TaskIndex): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.workspace.onDidChangeWorkspaceFolders(({ added, removed }) =>
      index.foldersChanged(added.map(toFolder), removed.map(toFolder)),
    ),
    vscode.workspace.onDidChangeTextDocument(({ document, contentChanges }) => {
      if (contentChanges.length > 0) index.edited(document);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => index.closed(document)),
    vscode.workspace.onDidChangeConfiguration((change) => {
      if (change.affectsConfiguration("semisync.include") || change.affectsConfiguration("semisync.exclude"))
        index.settingsChanged();
    }),
  );
}
