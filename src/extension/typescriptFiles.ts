import type * as vscode from "vscode";

/** The documents semisync's lenses, hovers, definitions and fixes serve: TypeScript files on disk. */
export const TYPESCRIPT_FILES: vscode.DocumentSelector = [
  { scheme: "file", language: "typescript" },
  { scheme: "file", language: "typescriptreact" },
];
