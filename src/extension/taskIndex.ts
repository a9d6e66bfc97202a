import { join, relative } from "node:path";
import * as vscode from "vscode";
import type { Problem, StaticTask, Workspace } from "../scanner/index";
import { readSettings } from "./settings";

type Scanner = typeof import("../scanner/index");
let scanner: Scanner | undefined;

/** ts-morph is large: it is loaded the first time a folder is scanned, not at activation. */
function loadScanner(): Scanner {
  scanner ??= require(join(__dirname, "scanner.js")) as Scanner;
  return scanner;
}

const EDIT_DEBOUNCE_MS = 250;
const SCAN_BATCH = 200;

/** One workspace folder's scan: tasks resolve within their own folder, as each is its own project. */
interface FolderScan {
  folder: vscode.WorkspaceFolder;
  workspace: Workspace;
  tasks: StaticTask[];
  problems: Problem[];
}

/**
 * Every @semisync task and problem of the open workspace, kept current from the files on disk,
 * the editors' unsaved text (debounced) and file creation, deletion and renames.
 */
export class TaskIndex implements vscode.Disposable {
  private readonly scans = new Map<string, FolderScan>();
  private readonly pendingEdits = new Map<string, NodeJS.Timeout>();
  private readonly dirtyFolders = new Set<FolderScan>();
  private publishTimer?: NodeJS.Timeout;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private scanning: Promise<void> = Promise.resolve();

  /** Fires after tasks or problems may have changed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** Scans the open folders and starts following changes; returns at once, the scan goes on. */
  start(): void {
    this.scanning = this.scanFolders(vscode.workspace.workspaceFolders ?? []);
    this.disposables.push(
      vscode.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
        for (const folder of removed) this.scans.delete(folder.uri.toString());
        this.scanning = this.scanning.then(() => this.scanFolders(added));
        this.schedulePublish();
      }),
      vscode.workspace.onDidChangeTextDocument(({ document, contentChanges }) => {
        if (contentChanges.length > 0) this.editLater(document);
      }),
      // Unsaved edits may have been thrown away: the file on disk is the truth again.
      vscode.workspace.onDidCloseTextDocument((document) => this.closed(document.uri)),
      vscode.workspace.onDidChangeConfiguration((change) => {
        if (change.affectsConfiguration("semisync.include") || change.affectsConfiguration("semisync.exclude")) this.rescan();
      }),
    );
    this.watchFiles();
  }

  /** Resolves once the folders open now have been scanned (tests and the first run wait on it). */
  whenScanned(): Promise<void> {
    return this.scanning;
  }

  get tasks(): StaticTask[] {
    return [...this.scans.values()].flatMap((scan) => scan.tasks);
  }

  get problems(): Problem[] {
    return [...this.scans.values()].flatMap((scan) => scan.problems);
  }

  tasksIn(file: string): StaticTask[] {
    return this.scanOf(vscode.Uri.file(file))?.tasks.filter((task) => task.file === file) ?? [];
  }

  /** The tasks of the folder `file` belongs to, where its dependency names resolve. */
  tasksNear(file: string): StaticTask[] {
    return this.scanOf(vscode.Uri.file(file))?.tasks ?? [];
  }

  /** Applies an edit still waiting for its debounce, so what a provider answers is never stale. */
  ensureCurrent(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const pending = this.pendingEdits.get(key);
    if (!pending) return;
    clearTimeout(pending);
    this.pendingEdits.delete(key);
    this.update(document.uri, document.getText());
    this.publishNow();
  }

  dispose(): void {
    for (const timer of this.pendingEdits.values()) clearTimeout(timer);
    clearTimeout(this.publishTimer);
    for (const disposable of this.disposables) disposable.dispose();
  }

  private watchFiles(): void {
    const watcher = vscode.workspace.createFileSystemWatcher(readSettings().include);
    this.disposables.push(
      watcher,
      // A rename arrives as a deletion and a creation.
      watcher.onDidCreate((uri) => this.updateFromDisk(uri)),
      watcher.onDidChange((uri) => this.updateFromDisk(uri)),
      watcher.onDidDelete((uri) => {
        const scan = this.scanOf(uri);
        if (scan && scan.workspace.remove(uri.fsPath).files.length > 0) this.markDirty(scan);
      }),
    );
  }

  private rescan(): void {
    const folders = [...this.scans.values()].map((scan) => scan.folder);
    this.scans.clear();
    this.scanning = this.scanning.then(() => this.scanFolders(folders));
  }

  private async scanFolders(folders: readonly vscode.WorkspaceFolder[]): Promise<void> {
    for (const folder of folders) {
      try {
        await this.scanFolder(folder);
      } catch (error) {
        this.log.error(`semisync could not scan ${folder.uri.fsPath}: ${(error as Error).stack ?? error}`);
      }
    }
    this.publishNow();
  }

  private async scanFolder(folder: vscode.WorkspaceFolder): Promise<void> {
    const started = performance.now();
    const settings = readSettings(folder);
    const files = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, settings.include), settings.exclude);
    const { Workspace } = loadScanner();
    const scan: FolderScan = { folder, workspace: new Workspace((file) => relative(folder.uri.fsPath, file) || file), tasks: [], problems: [] };
    this.scans.set(folder.uri.toString(), scan);
    const open = new Map(vscode.workspace.textDocuments.filter((document) => document.isDirty).map((document) => [document.uri.toString(), document]));
    for (let start = 0; start < files.length; start += SCAN_BATCH) {
      for (const uri of files.slice(start, start + SCAN_BATCH)) this.updateIn(scan, uri, open.get(uri.toString())?.getText());
      // Yield between batches: a large folder must not freeze the editor's other extensions.
      await new Promise((resolve) => setImmediate(resolve));
      if (this.scans.get(folder.uri.toString()) !== scan) return;
    }
    this.markDirty(scan);
    this.log.info(`scanned ${files.length} files of ${folder.name} in ${Math.round(performance.now() - started)} ms`);
  }

  private editLater(document: vscode.TextDocument): void {
    if (!this.isScanned(document.uri)) return;
    const key = document.uri.toString();
    clearTimeout(this.pendingEdits.get(key));
    this.pendingEdits.set(key, setTimeout(() => {
      this.pendingEdits.delete(key);
      this.update(document.uri, document.getText());
    }, EDIT_DEBOUNCE_MS));
  }

  private closed(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.pendingEdits.get(key));
    this.pendingEdits.delete(key);
    if (this.isScanned(uri)) this.update(uri);
  }

  private updateFromDisk(uri: vscode.Uri): void {
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
    // While an editor holds unsaved text, that text is what the user sees and what counts.
    if (open?.isDirty || !this.isScanned(uri)) return;
    this.update(uri);
  }

  private update(uri: vscode.Uri, text?: string): void {
    const scan = this.scanOf(uri);
    // Most keystrokes change no task and no problem: then nothing is redrawn.
    if (scan && this.updateIn(scan, uri, text)) this.markDirty(scan);
  }

  /** True when the file's tasks or problems changed. */
  private updateIn(scan: FolderScan, uri: vscode.Uri, text?: string): boolean {
    try {
      return scan.workspace.update(uri.fsPath, text).files.length > 0;
    } catch (error) {
      // A file deleted between the event and the read is simply gone; anything else is worth a line in the log.
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return scan.workspace.remove(uri.fsPath).files.length > 0;
      this.log.warn(`semisync could not read ${uri.fsPath}: ${(error as Error).message}`);
      return false;
    }
  }

  private isScanned(uri: vscode.Uri): boolean {
    return uri.scheme === "file" && /\.(ts|tsx|mts|cts)$/.test(uri.fsPath) && !uri.fsPath.endsWith(".d.ts") && !/[\\/]node_modules[\\/]/.test(uri.fsPath) && this.scanOf(uri) !== undefined;
  }

  private scanOf(uri: vscode.Uri): FolderScan | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder && this.scans.get(folder.uri.toString());
  }

  private markDirty(scan: FolderScan): void {
    this.dirtyFolders.add(scan);
    this.schedulePublish();
  }

  /** Many file events at once (a branch switch) make one refresh, not hundreds. */
  private schedulePublish(): void {
    clearTimeout(this.publishTimer);
    this.publishTimer = setTimeout(() => this.publishNow(), 30);
  }

  private publishNow(): void {
    clearTimeout(this.publishTimer);
    for (const scan of this.dirtyFolders) Object.assign(scan, scan.workspace.result());
    this.dirtyFolders.clear();
    this.changed.fire();
  }
}
