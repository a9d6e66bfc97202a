import { dirname } from "node:path";
import * as vscode from "vscode";
import { isMissingSemisync } from "./missingRuntime";
import { projectName } from "./addToProject";
import { projectRootOf } from "./packageManager";

const TITLE = "Add semisync to this project (for its types)";

/** On TypeScript's "Cannot find module 'semisync'": a quick fix that adds the package the extension carries. */
export class MissingRuntimeFix implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    return context.diagnostics.filter(isMissingSemisync).map((diagnostic) => {
      const action = new vscode.CodeAction(TITLE, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      action.command = { command: "semisync.addToProject", title: TITLE, arguments: [document.uri] };
      return action;
    });
  }
}

/**
 * Once per project and window: when TypeScript first says a file cannot find "semisync", a
 * notification offers to add it. Only in a Node project (a package.json above the file): elsewhere
 * the quick fix still explains what to do.
 */
export function offerToAddMissingRuntime(): vscode.Disposable {
  const offered = new Set<string>();
  return vscode.languages.onDidChangeDiagnostics(({ uris }) => {
    // Adding runs the project's package manager, which runs the project's code: not offered unasked where it is not trusted.
    if (!vscode.workspace.isTrusted) return;
    for (const uri of uris) {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (!folder || !vscode.languages.getDiagnostics(uri).some(isMissingSemisync)) continue;
      const root = projectRootOf(dirname(uri.fsPath), folder.uri.fsPath);
      if (!root || offered.has(root)) continue;
      offered.add(root);
      void vscode.window
        .showInformationMessage(
          `${vscode.workspace.asRelativePath(uri)} imports "semisync", which ${projectName(folder, root)} does not have, so TypeScript cannot find its types (semisync runs it anyway). Add the package the extension carries to the project?`,
          "Add to Project",
          "Not Now",
        )
        .then((choice) => {
          if (choice === "Add to Project") void vscode.commands.executeCommand("semisync.addToProject", uri);
        });
    }
  });
}
