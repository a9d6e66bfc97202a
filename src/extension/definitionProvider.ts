import * as vscode from "vscode";
import { positionOf, spanRange } from "./locations";
import type { TaskIndex } from "./taskIndex";

/** Go to Definition on a dependency, the string "revenue" or the reference in a thunk, opens that task. */
export class DependencyDefinitionProvider implements vscode.DefinitionProvider {
  constructor(private readonly index: TaskIndex) {}

  provideDefinition(document: vscode.TextDocument, position: vscode.Position): vscode.LocationLink[] | undefined {
    this.index.ensureCurrent(document);
    for (const task of this.index.tasksIn(document.uri.fsPath)) {
      for (const dependency of task.dependencyLocations) {
        const origin = spanRange(dependency);
        if (!dependency.id || !origin.contains(position)) continue;
        const target = this.index
          .tasksOfFolderOf(task.file)
          .find(
            (candidate) =>
              candidate.id === dependency.id && (!dependency.targetFile || candidate.file === dependency.targetFile),
          );
        if (!target) return undefined;
        const targetRange = spanRange(target);
        return [
          {
            originSelectionRange: origin,
            targetUri: vscode.Uri.file(target.file),
            targetRange,
            targetSelectionRange: new vscode.Range(positionOf(target), positionOf(target)),
          },
        ];
      }
    }
    return undefined;
  }
}
