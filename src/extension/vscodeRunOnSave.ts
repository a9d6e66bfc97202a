import * as vscode from "vscode";
import type { Log } from "./log";
import type { RunController } from "./runController";
import { RunOnSave, type RunOnSaveMode } from "./runOnSave";
import { readSettings } from "./settings";
import type { TaskIndex } from "./taskIndex";

const DESCRIPTIONS: Record<RunOnSaveMode, string> = {
  off: "off",
  task: "reruns the tasks of a saved file, with what they need",
  graph: "reruns the whole graphs of a saved file's tasks",
};

/** Run on save in VS Code: its saves, its `semisync.runOnSave` setting, a status bar item and the toggle command. */
/** The file being edited, else the first folder: whose setting the status bar shows and the toggle changes. */
const settingScope = () => vscode.window.activeTextEditor?.document.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;

export function vscodeRunOnSave(
  index: TaskIndex,
  runs: RunController,
  log: Log,
): vscode.Disposable & { onSave: RunOnSave } {
  const folderOf = (file: string) => vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath;
  const onSave = new RunOnSave(
    index,
    runs,
    {
      mode: (file) => readSettings(vscode.Uri.file(file)).runOnSave,
      isTrusted: () => vscode.workspace.isTrusted,
      folderOf,
    },
    log,
  );
  const status = vscode.window.createStatusBarItem("semisync.runOnSave", vscode.StatusBarAlignment.Left);
  status.name = "semisync run on save";
  status.command = "semisync.toggleRunOnSave";
  const currentMode = () => readSettings(settingScope()).runOnSave;
  const refresh = () => {
    const mode = currentMode();
    if (mode === "off") return status.hide();
    const trusted = vscode.workspace.isTrusted;
    status.text = trusted ? "$(sync) semisync on save" : "$(circle-slash) semisync on save";
    status.tooltip = trusted
      ? `semisync run on save (${mode}): ${DESCRIPTIONS[mode]}. Click to turn it off.`
      : "semisync run on save is on, but runs nothing until you trust this workspace. Click to turn it off.";
    status.show();
  };
  // What "on" means for the toggle: the mode it had when it was turned off.
  let lastOn: RunOnSaveMode = "task";
  const toggle = async (): Promise<RunOnSaveMode> => {
    const mode = currentMode();
    if (mode !== "off") lastOn = mode;
    const next = mode === "off" ? lastOn : "off";
    const config = vscode.workspace.getConfiguration("semisync", settingScope());
    // A folder's own setting wins over the workspace's: the toggle changes the one in effect.
    const target =
      config.inspect("runOnSave")?.workspaceFolderValue !== undefined
        ? vscode.ConfigurationTarget.WorkspaceFolder
        : vscode.workspace.workspaceFolders
          ? vscode.ConfigurationTarget.Workspace
          : vscode.ConfigurationTarget.Global;
    await config.update("runOnSave", next, target);
    return next;
  };
  refresh();
  const disposable = vscode.Disposable.from(
    onSave,
    status,
    vscode.workspace.onDidSaveTextDocument((document) => {
      if (document.uri.scheme === "file") onSave.saved(document.uri.fsPath);
    }),
    vscode.workspace.onDidChangeConfiguration((change) => {
      if (change.affectsConfiguration("semisync.runOnSave")) refresh();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(refresh),
    vscode.window.onDidChangeActiveTextEditor(refresh),
    vscode.commands.registerCommand("semisync.toggleRunOnSave", toggle),
  );
  return Object.assign(disposable, { onSave });
}
