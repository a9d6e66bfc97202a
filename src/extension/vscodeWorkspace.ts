import { join, relative } from "node:path";
import * as vscode from "vscode";
import type { ScanSnapshots, Workspace } from "../scanner/index";
import type { Folder } from "./folderScan";
import { readSettings } from "./settings";
import type { FolderEvents, WorkspaceAccess } from "./taskIndex";

type Scanner = typeof import("../scanner/index");
let scanner: Scanner | undefined;

/** The scanner is its own bundle: it is loaded the first time a folder is scanned, not at activation. */
function loadScanner(): Scanner {
  scanner ??= require(join(__dirname, "scanner.js")) as Scanner;
  return scanner;
}

/**
 * Entries a walk may meet before the listing alone is waited for. The walk holds the extension
 * host (about 4 ms a thousand entries here): a folder this size costs it up to 0.1 s, once per open.
 */
const WALK_LIMIT = 20_000;

export function toFolder(folder: vscode.WorkspaceFolder): Folder {
  return { key: folder.uri.toString(), path: folder.uri.fsPath, name: folder.name };
}

/** The index's view of VS Code's workspace: its folders, file search, settings, editors and file watchers. */
export class VsCodeWorkspace implements WorkspaceAccess {
  folders(): readonly Folder[] {
    return (vscode.workspace.workspaceFolders ?? []).map(toFolder);
  }

  folderOf(file: string): Folder | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file));
    return folder && toFolder(folder);
  }

  async findFiles(folder: Folder, glob: string, exclude: string): Promise<string[]> {
    const found = await vscode.workspace.findFiles(new vscode.RelativePattern(uriOf(folder), glob), exclude);
    return found.map((uri) => uri.fsPath);
  }

  walkFiles(folder: Folder, globs: { include: string; exclude: string }): string[] | undefined {
    try {
      return loadScanner().walkFolder({ path: folder.path, ...globs }, WALK_LIMIT).files;
    } catch {
      // Too many entries, or a directory that cannot be read: the listing alone says what to read.
      return undefined;
    }
  }

  globsOf(folder: Folder): { include: string; exclude: string } {
    const { include, exclude } = readSettings(uriOf(folder));
    return { include, exclude };
  }

  unsavedTexts(): Map<string, string> {
    return new Map(
      vscode.workspace.textDocuments
        .filter((open) => open.uri.scheme === "file" && open.isDirty)
        .map((open) => [open.uri.fsPath, open.getText()]),
    );
  }

  isDirectory(path: string): Promise<boolean> {
    return Promise.resolve(
      vscode.workspace.fs.stat(vscode.Uri.file(path)).then(
        (stat) => (stat.type & vscode.FileType.Directory) !== 0,
        () => false,
      ),
    );
  }

  watch(folder: Folder, include: string, events: FolderEvents): vscode.Disposable {
    const files = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(uriOf(folder), include),
      false,
      false,
      true,
    );
    const everything = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(uriOf(folder), "**/*"),
      false,
      true,
      false,
    );
    const projectConfigs = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(uriOf(folder), "**/tsconfig*.json"),
    );
    const configChanged = (uri: vscode.Uri) => {
      if (!/[\\/]node_modules[\\/]/.test(uri.fsPath)) events.projectConfigChanged();
    };
    return vscode.Disposable.from(
      files,
      everything,
      projectConfigs,
      projectConfigs.onDidCreate(configChanged),
      projectConfigs.onDidChange(configChanged),
      projectConfigs.onDidDelete(configChanged),
      files.onDidCreate((uri) => events.fileCreated(uri.fsPath)),
      files.onDidChange((uri) => events.fileChanged(uri.fsPath)),
      everything.onDidCreate((uri) => events.entryCreated(uri.fsPath)),
      everything.onDidDelete((uri) => events.entryDeleted(uri.fsPath)),
    );
  }

  forgetProjectOptions(): void {
    // Not loaded yet: nothing read, nothing to forget.
    scanner?.forgetProjectOptions();
  }

  createWorkspace(folder: Folder): Workspace {
    const { Workspace, cachedFacts } = loadScanner();
    // Facts cached by content: reopening a workspace parses only the files that changed.
    return new Workspace((file) => relative(folder.path, file) || file, { readFacts: cachedFacts() });
  }

  snapshotsOf(folder: Folder, globs: { include: string; exclude: string }): ScanSnapshots {
    // The folder's path and globs are part of the key: messages name files relative to the folder.
    return loadScanner().scanSnapshots(folder.key, { folder: { path: folder.path, ...globs } });
  }
}

/** The folder's URI: a folder's settings and globs are scoped by it as by the folder itself. */
function uriOf(folder: Folder): vscode.Uri {
  return vscode.Uri.parse(folder.key);
}
