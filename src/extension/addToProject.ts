import { dirname } from "node:path";
import * as vscode from "vscode";
import type { Log } from "./log";
import { addCommand, detectPackageManager, onPath, projectRootOf, shellLine } from "./packageManager";
import { writeRuntimeTarball } from "./runtimePackage";

export type AddOutcome = { refused: string } | { root: string; command: string; exitCode?: number; notRun?: string };

/**
 * "Add semisync to This Project": writes the runtime package the extension carries into the
 * project (.semisync/semisync-VERSION.tgz) and adds it as a dev dependency with the project's
 * package manager, in a task whose terminal the user sees. Only ever run because the user chose it.
 */
export async function addToProject(extensionDir: string, log: Log, uri?: vscode.Uri): Promise<AddOutcome> {
  if (!vscode.workspace.isTrusted)
    return refuse(
      "adding the package runs your project's package manager, which runs code of the project (its scripts and settings), so it is done only in a trusted workspace. Trust the workspace, then add semisync again.",
    );
  const file = uri ?? vscode.window.activeTextEditor?.document.uri;
  const folder = (file && vscode.workspace.getWorkspaceFolder(file)) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) return refuse("open the folder of your project first: semisync adds its package to the project there.");
  const root = projectRootOf(file ? dirname(file.fsPath) : folder.uri.fsPath, folder.uri.fsPath);
  if (!root)
    return refuse(
      `there is no package.json in ${file ? vscode.workspace.asRelativePath(dirname(file.fsPath)) : folder.name} or above it, so no Node project to add semisync to. Run \`npm init -y\` in your project's folder, then add semisync again.`,
    );
  const manager = detectPackageManager(root, folder.uri.fsPath);
  let tarball: string;
  try {
    tarball = await writeRuntimeTarball(extensionDir, root);
  } catch (error) {
    log.error(`semisync could not write its package into ${root}: ${(error as Error).stack ?? error}`);
    return refuse(
      `could not write its package into ${root}: ${(error as Error).message}. Check that the folder is writable, or reinstall the extension if its files are missing; the log has the details.`,
    );
  }
  const command = shellLine(addCommand(manager.name, tarball));
  log.info(`adding semisync to ${root} with ${manager.name} (${manager.because}): ${command}`);
  if (!onPath(manager.name)) {
    const notRun = `semisync wrote ${tarball} in ${root}, but found no ${manager.name} on PATH (${manager.because}). To add it, run in that folder: ${command}`;
    void vscode.window.showWarningMessage(notRun, "Copy Command").then((choice) => {
      if (choice) void vscode.env.clipboard.writeText(command);
    });
    return { root, command, notRun };
  }
  const exitCode = await runInTerminal(folder, root, command);
  if (exitCode === 0)
    void vscode.window.showInformationMessage(
      `semisync is now a dev dependency of ${projectName(folder, root)} (from ${tarball}; commit it with package.json), so TypeScript finds its types.`,
    );
  else
    void vscode.window.showErrorMessage(
      `semisync: \`${command}\` failed in ${root} (exit code ${exitCode ?? "unknown"}); its terminal says why. Fix that and add semisync again.`,
    );
  return { root, command, exitCode };
}

/** The project as a person calls it: the workspace folder's name, or its path inside the folder. */
export function projectName(folder: vscode.WorkspaceFolder, root: string): string {
  return root === folder.uri.fsPath ? folder.name : vscode.workspace.asRelativePath(root);
}

function refuse(message: string): AddOutcome {
  void vscode.window.showWarningMessage(`semisync: ${message}`);
  return { refused: message };
}

/** Runs the command as a VS Code task, so its output is in a terminal the user sees; resolves with its exit code. */
async function runInTerminal(
  folder: vscode.WorkspaceFolder,
  cwd: string,
  command: string,
): Promise<number | undefined> {
  const task = new vscode.Task(
    { type: "semisync", action: "addToProject" },
    folder,
    "add semisync to the project",
    "semisync",
    new vscode.ShellExecution(command, { cwd }),
  );
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, clear: true };
  let execution: vscode.TaskExecution | undefined;
  let exitCode: number | undefined;
  const listeners: vscode.Disposable[] = [];
  try {
    // A task may end without a process of its own (refused, its shell not found): its end settles it too.
    const ended = new Promise<number | undefined>((resolve) => {
      listeners.push(
        vscode.tasks.onDidEndTaskProcess((event) => {
          if (event.execution === execution) exitCode = event.exitCode;
        }),
        vscode.tasks.onDidEndTask((event) => {
          if (event.execution === execution) resolve(exitCode);
        }),
      );
    });
    execution = await vscode.tasks.executeTask(task);
    return await ended;
  } finally {
    for (const listener of listeners) listener.dispose();
  }
}
