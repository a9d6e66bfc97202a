import * as vscode from "vscode";
import { addToProject } from "./addToProject";
import { openExample } from "./exampleCommand";
import type { Log } from "./log";
import { MissingRuntimeFix, offerToAddMissingRuntime } from "./missingRuntimeFix";
import { TYPESCRIPT_FILES } from "./typescriptFiles";

/** What leads a newcomer from an empty folder to a first run: the example, and the package for TypeScript's sake. */
export function newcomerHelp(extensionUri: vscode.Uri, log: Log): vscode.Disposable {
  const extensionDir = extensionUri.fsPath;
  return vscode.Disposable.from(
    vscode.commands.registerCommand("semisync.openExample", () => openExample(extensionDir)),
    vscode.commands.registerCommand("semisync.addToProject", (uri?: vscode.Uri) =>
      addToProject(extensionDir, log, uri),
    ),
    vscode.languages.registerCodeActionsProvider(TYPESCRIPT_FILES, new MissingRuntimeFix(), {
      providedCodeActionKinds: MissingRuntimeFix.kinds,
    }),
    offerToAddMissingRuntime(),
  );
}
