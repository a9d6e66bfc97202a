import * as vscode from "vscode";
import type { Problem } from "../scanner/index";
import { positionOf, spanRange } from "./locations";
import type { TaskIndex } from "./taskIndex";

/** Every scanner problem as an editor diagnostic: in the file, the Problems panel and CI-style codes. */
export class ProblemDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection("semisync");
  private readonly subscription: vscode.Disposable;

  constructor(private readonly index: TaskIndex) {
    this.subscription = index.onDidChange((files) => this.refresh(files));
  }

  /** Only the files an update names: an edit never re-sets the whole workspace's diagnostics. */
  private refresh(files: readonly string[]): void {
    for (const file of files) this.collection.set(vscode.Uri.file(file), this.index.problemsIn(file).map(toDiagnostic));
  }

  dispose(): void {
    this.subscription.dispose();
    this.collection.dispose();
  }
}

function toDiagnostic(problem: Problem): vscode.Diagnostic {
  const severity = problem.severity === "error" ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  const diagnostic = new vscode.Diagnostic(spanRange(problem), problem.message, severity);
  diagnostic.source = "semisync";
  diagnostic.code = problem.code;
  diagnostic.relatedInformation = problem.related.map(
    (other) =>
      new vscode.DiagnosticRelatedInformation(
        new vscode.Location(vscode.Uri.file(other.file), positionOf(other)),
        "another task in this cycle",
      ),
  );
  return diagnostic;
}
