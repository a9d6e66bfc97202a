import * as vscode from "vscode";
import { forkCoordinator, killCoordinator, startRun, type CoordinatorSetting } from "../engine/client";
import { SpareCoordinator } from "../engine/spareCoordinator";
import { DebugRuns } from "./debugRun";
import type { RunHost } from "./runController";
import { readSettings } from "./settings";

/**
 * The run controller's view of VS Code: trust, messages, the run context key and view, progress
 * notifications, the spare coordinator runs start in, and debug runs (disposed with the host).
 */
export function vscodeRunHost(log: vscode.LogOutputChannel): RunHost & vscode.Disposable {
  const spares = new SpareCoordinator(forkCoordinator, killCoordinator);
  const debugRuns = new DebugRuns();
  return {
    dispose: () => {
      spares.dispose();
      debugRuns.dispose();
    },
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
    startRun: (request) => startRun(request, spares.take(spareSetting({ ...request, throughRedis: !!request.redis }))),
    // js-debug must launch the coordinator it debugs: a spare is never used for a debug run.
    startDebugRun: (request) => debugRuns.start(request),
    prepareRun: (setting) => spares.prepare(spareSetting(setting)),
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

/** The one shape a spare is asked for and taken with: the spare serves a run whose setting reads the same. */
function spareSetting(setting: Pick<CoordinatorSetting, "cwd" | "nodePath" | "throughRedis">): CoordinatorSetting {
  return { cwd: setting.cwd, nodePath: setting.nodePath, ...(setting.throughRedis ? { throughRedis: true } : {}) };
}
