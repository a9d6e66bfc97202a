import { readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import * as vscode from "vscode";
import type { Problem, StaticTask, Workspace } from "../scanner/index";
import { readSettings } from "./settings";

type Scanner = typeof import("../scanner/index");
let scanner: Scanner | undefined;

/** The scanner is its own bundle: it is loaded the first time a folder is scanned, not at activation. */
function loadScanner(): Scanner {
  scanner ??= require(join(__dirname, "scanner.js")) as Scanner;
  return scanner;
}

const EDIT_DEBOUNCE_MS = 250;
/** File events come in bursts (a branch switch, a folder renamed): one refresh for the burst. */
const PUBLISH_DEBOUNCE_MS = 30;
const SCAN_BATCH = 200;

/** One workspace folder's scan: tasks resolve within their own folder, as each is its own project. */
interface FolderScan {
  folder: vscode.WorkspaceFolder;
  workspace: Workspace;
  /** The files the folder's include and exclude settings take in; only these are scanned. */
  files: Set<string>;
  /** Until the first scan is through, a half-read folder would show false "unknown dependency" errors. */
  ready: boolean;
  /** What the editor shows, kept per file and refreshed only for the files an update says changed. */
  tasksByFile: Map<string, StaticTask[]>;
  problemsByFile: Map<string, Problem[]>;
  changedFiles: Set<string>;
  watcher: vscode.Disposable;
}

/**
 * Every @semisync task and problem of the open workspace, kept current from the files on disk,
 * the editors' unsaved text (debounced) and the creation, deletion and renaming of files and folders.
 */
export class TaskIndex implements vscode.Disposable {
  private readonly scans = new Map<string, FolderScan>();
  private readonly pendingEdits = new Map<string, NodeJS.Timeout>();
  private readonly dirtyFolders = new Set<FolderScan>();
  private publishTimer?: NodeJS.Timeout;
  private readonly changed = new vscode.EventEmitter<string[]>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private scanning: Promise<void> = Promise.resolve();
  private disposed = false;

  /** Fires with the files whose tasks or problems changed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** Scans the open folders and starts following changes; returns at once, the scan goes on. */
  start(): void {
    this.scanning = this.scanFolders(vscode.workspace.workspaceFolders ?? []);
    this.disposables.push(
      vscode.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
        for (const folder of removed) this.forget(folder);
        this.scanning = this.scanning.then(() => this.scanFolders(added));
      }),
      vscode.workspace.onDidChangeTextDocument(({ document, contentChanges }) => {
        if (contentChanges.length > 0) this.editLater(document);
      }),
      // Unsaved edits may have been thrown away: the file on disk is the truth again.
      vscode.workspace.onDidCloseTextDocument((document) => this.closed(document.uri)),
      vscode.workspace.onDidChangeConfiguration((change) => {
        if (change.affectsConfiguration("semisync.include") || change.affectsConfiguration("semisync.exclude"))
          this.rescan();
      }),
    );
  }

  /** Resolves once the folders open now have been scanned (tests and the first run wait on it). */
  whenScanned(): Promise<void> {
    return this.scanning;
  }

  get tasks(): StaticTask[] {
    return this.readyScans().flatMap((scan) => [...scan.tasksByFile.values()].flat());
  }

  get problems(): Problem[] {
    return this.readyScans().flatMap((scan) => [...scan.problemsByFile.values()].flat());
  }

  /** The tasks declared in `file`. */
  tasksIn(file: string): StaticTask[] {
    const scan = this.scanOf(vscode.Uri.file(file));
    return (scan?.ready && scan.tasksByFile.get(file)) || [];
  }

  problemsIn(file: string): Problem[] {
    const scan = this.scanOf(vscode.Uri.file(file));
    return (scan?.ready && scan.problemsByFile.get(file)) || [];
  }

  /** The tasks of the workspace folder `file` belongs to: where its dependency names resolve. */
  tasksOfFolderOf(file: string): StaticTask[] {
    const scan = this.scanOf(vscode.Uri.file(file));
    return scan?.ready ? [...scan.tasksByFile.values()].flat() : [];
  }

  /** The task whose decorator, or the method line under it, is on `line` (1-based, as the scanner counts). */
  taskAt(file: string, line: number): StaticTask | undefined {
    return this.tasksIn(file).find((task) => line >= task.line && line <= task.endLine + 1);
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
    this.disposed = true;
    for (const timer of this.pendingEdits.values()) clearTimeout(timer);
    clearTimeout(this.publishTimer);
    for (const scan of this.scans.values()) scan.watcher.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private readyScans(): FolderScan[] {
    return [...this.scans.values()].filter((scan) => scan.ready);
  }

  private rescan(): void {
    for (const scan of [...this.scans.values()]) this.forget(scan.folder);
    this.scanning = this.scanning.then(() => this.scanFolders(vscode.workspace.workspaceFolders ?? []));
  }

  private forget(folder: vscode.WorkspaceFolder): void {
    const scan = this.scans.get(folder.uri.toString());
    if (!scan) return;
    scan.watcher.dispose();
    this.scans.delete(folder.uri.toString());
    this.dirtyFolders.delete(scan);
    // Its files' tasks and problems are gone from the editor too.
    const shown = [...new Set([...scan.tasksByFile.keys(), ...scan.problemsByFile.keys()])];
    if (shown.length > 0) this.changed.fire(shown);
  }

  private async scanFolders(folders: readonly vscode.WorkspaceFolder[]): Promise<void> {
    for (const folder of folders) {
      try {
        await this.scanFolder(folder);
      } catch (error) {
        this.log.error(`semisync could not scan ${folder.uri.fsPath}: ${(error as Error).stack ?? error}`);
        this.forget(folder);
      }
    }
    this.publishNow();
  }

  private async scanFolder(folder: vscode.WorkspaceFolder): Promise<void> {
    const started = performance.now();
    const settings = readSettings(folder);
    const found = await vscode.workspace.findFiles(
      new vscode.RelativePattern(folder, settings.include),
      settings.exclude,
    );
    // The folder may have left the workspace, or the window closed, while its files were listed.
    if (
      this.disposed ||
      !vscode.workspace.workspaceFolders?.some((open) => open.uri.toString() === folder.uri.toString())
    )
      return;
    const { Workspace, cachedFacts } = loadScanner();
    const scan: FolderScan = {
      folder,
      // Facts cached by content: reopening a workspace parses only the files that changed.
      workspace: new Workspace((file) => relative(folder.uri.fsPath, file) || file, { readFacts: cachedFacts() }),
      files: new Set(found.filter((uri) => this.belongsTo(folder, uri)).map((uri) => uri.fsPath)),
      ready: false,
      tasksByFile: new Map(),
      problemsByFile: new Map(),
      changedFiles: new Set(),
      watcher: this.watch(folder, settings.include),
    };
    this.forget(folder);
    this.scans.set(folder.uri.toString(), scan);
    const files = [...scan.files];
    for (let start = 0; start < files.length; start += SCAN_BATCH) {
      // Read now, not at scan start: an editor's unsaved text is what the user sees.
      scan.workspace.updateFiles(this.textsOf(files.slice(start, start + SCAN_BATCH)));
      // Yield between batches: a large folder must not freeze the editor's other extensions.
      await new Promise((resolve) => setImmediate(resolve));
      if (this.scans.get(folder.uri.toString()) !== scan) return;
    }
    scan.ready = true;
    const { tasks, problems } = scan.workspace.result();
    this.markDirty(
      scan,
      [...tasks, ...problems].map((each) => each.file),
    );
    this.log.info(`scanned ${files.length} files of ${folder.name} in ${Math.round(performance.now() - started)} ms`);
  }

  /** File events of one folder: its included files, and folders (a folder's rename or deletion comes as one event). */
  private watch(folder: vscode.WorkspaceFolder, include: string): vscode.Disposable {
    const files = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(folder, include),
      false,
      false,
      true,
    );
    const everything = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(folder, "**/*"),
      false,
      true,
      false,
    );
    const subscriptions = [
      files.onDidCreate(
        (uri) =>
          void this.created(
            folder,
            new vscode.RelativePattern(
              folder,
              escapeGlob(relative(folder.uri.fsPath, uri.fsPath).split(sep).join("/")),
            ),
          ),
      ),
      files.onDidChange((uri) => this.updateFromDisk(uri)),
      everything.onDidCreate(async (uri) => {
        const isFolder = await vscode.workspace.fs.stat(uri).then(
          (stat) => (stat.type & vscode.FileType.Directory) !== 0,
          () => false,
        );
        if (isFolder) await this.created(folder, new vscode.RelativePattern(folder, include), uri.fsPath + sep);
      }),
      everything.onDidDelete((uri) => this.deleted(uri)),
    ];
    return vscode.Disposable.from(files, everything, ...subscriptions);
  }

  /** New files: one the include glob matched, or every included file of a folder renamed or copied in. */
  private async created(
    folder: vscode.WorkspaceFolder,
    pattern: vscode.RelativePattern,
    under?: string,
  ): Promise<void> {
    const scan = this.scans.get(folder.uri.toString());
    if (!scan) return;
    // findFiles applies the include and exclude globs exactly as the first scan did.
    const found = (await vscode.workspace.findFiles(pattern, readSettings(folder).exclude)).filter(
      (uri) => (!under || uri.fsPath.startsWith(under)) && this.belongsTo(folder, uri),
    );
    if (this.scans.get(folder.uri.toString()) !== scan || found.length === 0) return;
    for (const uri of found) scan.files.add(uri.fsPath);
    const change = scan.workspace.updateFiles(this.textsOf(found.map((uri) => uri.fsPath)));
    this.markDirty(scan, change.files);
  }

  private deleted(uri: vscode.Uri): void {
    const scan = this.scanOf(uri);
    if (!scan) return;
    const inside = uri.fsPath + sep;
    for (const file of [...scan.files]) {
      if (file !== uri.fsPath && !file.startsWith(inside)) continue;
      scan.files.delete(file);
      this.markDirty(scan, scan.workspace.remove(file).files);
    }
  }

  private editLater(document: vscode.TextDocument): void {
    if (!this.isScanned(document.uri)) return;
    const key = document.uri.toString();
    clearTimeout(this.pendingEdits.get(key));
    this.pendingEdits.set(
      key,
      setTimeout(() => {
        this.pendingEdits.delete(key);
        this.update(document.uri, document.getText());
      }, EDIT_DEBOUNCE_MS),
    );
  }

  private closed(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.pendingEdits.get(key));
    this.pendingEdits.delete(key);
    if (this.isScanned(uri)) this.update(uri);
  }

  private updateFromDisk(uri: vscode.Uri): void {
    // While an editor holds unsaved text, that text is what the user sees and what counts.
    if (this.openText(uri.fsPath) !== undefined || !this.isScanned(uri)) return;
    this.update(uri);
  }

  private update(uri: vscode.Uri, text = this.readText(uri.fsPath)): void {
    const scan = this.scanOf(uri);
    // An edit may outlive its file: deleted, renamed or excluded while its debounce ran.
    if (!scan?.files.has(uri.fsPath)) return;
    const change = text === undefined ? scan.workspace.remove(uri.fsPath) : scan.workspace.update(uri.fsPath, text);
    // Most keystrokes change no task and no problem: then nothing is redrawn.
    this.markDirty(scan, change.files);
  }

  /** The unsaved text of a file open in an editor, if it has any. */
  private openText(file: string): string | undefined {
    return this.unsavedTexts().get(file);
  }

  /** What the scanner should read for each file: an editor's unsaved text, else the file on disk. */
  private textsOf(files: readonly string[]): Array<{ file: string; text: string }> {
    const unsaved = this.unsavedTexts();
    return files.flatMap((file) => {
      const text = unsaved.get(file) ?? this.readText(file);
      return text === undefined ? [] : [{ file, text }];
    });
  }

  private unsavedTexts(): Map<string, string> {
    return new Map(
      vscode.workspace.textDocuments
        .filter((open) => open.uri.scheme === "file" && open.isDirty)
        .map((open) => [open.uri.fsPath, open.getText()]),
    );
  }

  /** The file's text on disk; undefined when it is gone (deleted between an event and the read). */
  private readText(file: string): string | undefined {
    try {
      return readFileSync(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT")
        this.log.warn(`semisync could not read ${file}: ${(error as Error).message}`);
      return undefined;
    }
  }

  private isScanned(uri: vscode.Uri): boolean {
    return uri.scheme === "file" && (this.scanOf(uri)?.files.has(uri.fsPath) ?? false);
  }

  /** A folder nested in another is its own project: its files are not the outer folder's too. */
  private belongsTo(folder: vscode.WorkspaceFolder, uri: vscode.Uri): boolean {
    return vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() === folder.uri.toString();
  }

  private scanOf(uri: vscode.Uri): FolderScan | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder && this.scans.get(folder.uri.toString());
  }

  private markDirty(scan: FolderScan, files: readonly string[]): void {
    if (files.length === 0) return;
    for (const file of files) scan.changedFiles.add(file);
    this.dirtyFolders.add(scan);
    clearTimeout(this.publishTimer);
    this.publishTimer = setTimeout(() => this.publishNow(), PUBLISH_DEBOUNCE_MS);
  }

  private publishNow(): void {
    clearTimeout(this.publishTimer);
    const changed: string[] = [];
    for (const scan of [...this.dirtyFolders].filter((each) => each.ready)) {
      for (const file of scan.changedFiles) {
        setOrDelete(scan.tasksByFile, file, scan.workspace.tasksIn(file));
        setOrDelete(scan.problemsByFile, file, scan.workspace.problemsIn(file));
        changed.push(file);
      }
      scan.changedFiles.clear();
      this.dirtyFolders.delete(scan);
    }
    if (changed.length > 0) this.changed.fire(changed);
  }
}

function setOrDelete<T>(map: Map<string, T[]>, file: string, values: T[]): void {
  if (values.length > 0) map.set(file, values);
  else map.delete(file);
}

/** A path as a glob that matches only itself. */
function escapeGlob(path: string): string {
  return path.replace(/[[\]{}*?!]/g, "[$&]");
}
