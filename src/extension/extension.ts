import * as vscode from "vscode";

/**
 * The editor integration (CodeLens, run view, diagnostics) builds on the engine and the
 * scanner; until it lands, activation only opens the log channel the run view will write to.
 */
export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.window.createOutputChannel("semisync", { log: true }));
}

export function deactivate(): void {}
