import * as vscode from "vscode";
import type { Location, Span } from "../scanner/index";

/** The scanner counts lines and columns from 1, as compilers print them; VS Code counts from 0. */
export function positionOf(location: Location): vscode.Position {
  return new vscode.Position(location.line - 1, location.column - 1);
}

/** A span from the scanner (1-based, end exclusive of nothing: the column after the last character). */
export function spanRange(span: Span): vscode.Range {
  return new vscode.Range(span.line - 1, span.column - 1, span.endLine - 1, span.endColumn - 1);
}

export function openLocation(location: Location): vscode.Command {
  return {
    title: "Open",
    command: "vscode.open",
    arguments: [
      vscode.Uri.file(location.file),
      {
        selection: new vscode.Range(positionOf(location), positionOf(location)),
      } satisfies vscode.TextDocumentShowOptions,
    ],
  };
}
