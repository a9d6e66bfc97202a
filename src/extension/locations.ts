import * as vscode from "vscode";
import type { Location } from "../scanner/index";

/** The scanner counts lines and columns from 1, as compilers print them; VS Code counts from 0. */
export function positionOf(location: Location): vscode.Position {
  return new vscode.Position(location.line - 1, location.column - 1);
}

/**
 * The scanner locates the start of what it reports; the range runs to the end of that line,
 * which VS Code clamps to the line's real length.
 */
export function rangeOf(location: Location): vscode.Range {
  const start = positionOf(location);
  return new vscode.Range(start, start.with({ character: Number.MAX_SAFE_INTEGER }));
}

export function openLocation(location: Location): vscode.Command {
  return {
    title: "Open",
    command: "vscode.open",
    arguments: [vscode.Uri.file(location.file), { selection: new vscode.Range(positionOf(location), positionOf(location)) } satisfies vscode.TextDocumentShowOptions],
  };
}
