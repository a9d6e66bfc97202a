import * as vscode from "vscode";
import { startRun } from "../engine/client";
import type { RunHost } from "./runController";
import { readSettings } from "./settings";

/** The run controller's view of VS Code: trust, messages, the run context key and view, progress notifications. */
export function vscodeRunHost(log: vscode.LogOutputChannel): RunHost {
  return {
    isTrusted: () => vscode.workspace.isTrusted,
    refuseUntrusted: (message) =>
      void vscode.window.showWarningMessage(message, "Manage Workspace Trust").then((choice) => {
        if (choice) void vscode.commands.executeCommand("workbench.trust.manage");
      }),
    inform: (message) => void vscode.window.showInformationMessage(message),
    showGraphError: (message) =>
      void vscode.window.showErrorMessage(message, "Show Log").then((choice) => {
        if (choice) log.show();
      }),
    runSettings: (cwd) => readSettings(cwd ? vscode.Uri.file(cwd) : undefined),
    startRun,
    setRunning: (running) => void vscode.commands.executeCommand("setContext", "semisync.running", running),
    showRunView: () => void vscode.commands.executeCommand("semisync.run.focus"),
    withProgress: (title, work) =>
      Promise.resolve(
        vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title, cancellable: true },
          (progress, token) => work(progress, token),
        ),
      ),
  };
}
