import * as vscode from "vscode";
import type { Problem } from "../scanner/index";
import { positionOf, spanRange } from "./locations";
import type { TaskIndex } from "./taskIndex";

/** Every scanner problem as an editor diagnostic: in the file, the Problems panel and CI-style codes. */
export class ProblemDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection("semisync");
  private readonly subscription: vscode.Disposable;

  constructor(private readonly index: TaskIndex) {
    this.subscription = index.onDidChange(() => this.refresh());
  }

  private refresh(): void {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const problem of this.index.problems) {
      const diagnostics = byFile.get(problem.file) ?? [];
      diagnostics.push(toDiagnostic(problem));
      byFile.set(problem.file, diagnostics);
    }
    this.collection.clear();
    this.collection.set([...byFile].map(([file, diagnostics]) => [vscode.Uri.file(file), diagnostics]));
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
    (other) => new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(other.file), positionOf(other)), "another task in this cycle"),
  );
  return diagnostic;
}
