import { readFileSync } from "node:fs";
import { relative, sep } from "node:path";
import type { Problem, ScanResult, ScanSnapshots, StaticTask, Workspace } from "../scanner/index";
import { Emitter, type Disposable } from "./emitter";
import { FolderScan, type Folder } from "./folderScan";
import type { Log } from "./log";
import { realTimers, type Timers, type Timer } from "./timers";

const EDIT_DEBOUNCE_MS = 250;
/** File events come in bursts (a branch switch, a folder renamed): one refresh for the burst. */
const PUBLISH_DEBOUNCE_MS = 30;
const SCAN_BATCH = 200;

/** What the index needs of the editor (src/extension/vscodeWorkspace.ts gives it VS Code's). */
export interface WorkspaceAccess {
  /** The workspace folders open now. */
  folders(): readonly Folder[];
  /** The folder `file` belongs to: of nested folders, the innermost. */
  folderOf(file: string): Folder | undefined;
  /** The files of `folder` that `glob` (relative to the folder) matches and `exclude` does not. */
  findFiles(folder: Folder, glob: string, exclude: string): Promise<string[]>;
  /** The same files, found at once by walking the folder's directories; undefined when that would take long. */
  walkFiles(folder: Folder, globs: { include: string; exclude: string }): string[] | undefined;
  /** The folder's semisync.include and semisync.exclude. */
  globsOf(folder: Folder): { include: string; exclude: string };
  /** The text of every file open in an editor with unsaved changes. */
  unsavedTexts(): Map<string, string>;
  isDirectory(path: string): Promise<boolean>;
  /** Follows the folder's files that `include` matches, and every entry (a folder's rename or deletion comes as one event). */
  watch(folder: Folder, include: string, events: FolderEvents): Disposable;
  /** A tsconfig.json changed: the scanner reads the options again (`paths` decide where imports resolve). */
  forgetProjectOptions(): void;
  /** A scanner workspace for the folder's files, empty. */
  createWorkspace(folder: Folder): Workspace;
  /** Where the folder's scan is saved for the next time it opens, for these include and exclude globs. */
  snapshotsOf(folder: Folder, globs: { include: string; exclude: string }): ScanSnapshots;
}

export interface FolderEvents {
  fileCreated(file: string): void;
  fileChanged(file: string): void;
  entryCreated(path: string): void;
  entryDeleted(path: string): void;
  /** A tsconfig.json of the folder was created, changed or deleted. */
  projectConfigChanged(): void;
}

/** A document as VS Code hands it over (vscode.TextDocument has this shape). */
export interface EditorText {
  readonly uri: { readonly scheme: string; readonly fsPath: string };
  getText(): string;
}

/**
 * Every @semisync task and problem of the open workspace, kept current from the files on disk,
 * the editors' unsaved text (debounced) and the creation, deletion and renaming of files and folders.
 * It hears of those from src/extension/workspaceObserver.ts.
 */
export class TaskIndex implements Disposable {
  private readonly scans = new Map<string, FolderScan>();
  private readonly pendingEdits = new Map<string, Timer>();
  private readonly dirtyFolders = new Set<FolderScan>();
  private publishTimer?: Timer;
  private readonly changed = new Emitter<string[]>();
  private scanning: Promise<void> = Promise.resolve();
  private readonly rescanning = new Set<string>();
  private disposed = false;

  /** Fires with the files whose tasks or problems changed. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly access: WorkspaceAccess,
    private readonly log: Log,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Scans the open folders; returns at once, the scan goes on. */
  start(): void {
    this.scanning = this.scanFolders(this.access.folders());
  }

  /** Resolves once the folders open now have been scanned (tests and the first run wait on it). */
  whenScanned(): Promise<void> {
    return this.scanning;
  }

  get tasks(): StaticTask[] {
    return this.readyScans().flatMap((scan) => scan.tasks);
  }

  get problems(): Problem[] {
    return this.readyScans().flatMap((scan) => scan.problems);
  }

  /** The tasks declared in `file`. */
  tasksIn(file: string): StaticTask[] {
    const scan = this.scanOf(file);
    return scan?.ready ? scan.tasksIn(file) : [];
  }

  problemsIn(file: string): Problem[] {
    const scan = this.scanOf(file);
    return scan?.ready ? scan.problemsIn(file) : [];
  }

  /** The tasks of the workspace folder `file` belongs to: where its dependency names resolve. */
  tasksOfFolderOf(file: string): StaticTask[] {
    const scan = this.scanOf(file);
    return scan?.ready ? scan.tasks : [];
  }

  /** The task whose decorator, or the method line under it, is on `line` (1-based, as the scanner counts). */
  taskAt(file: string, line: number): StaticTask | undefined {
    return this.tasksIn(file).find((task) => line >= task.line && line <= task.endLine + 1);
  }

  /** Applies an edit still waiting for its debounce, so what a provider answers is never stale. */
  ensureCurrent(document: EditorText): void {
    if (document.uri.scheme !== "file") return;
    const file = document.uri.fsPath;
    const pending = this.pendingEdits.get(file);
    if (pending === undefined) return;
    this.timers.clearTimeout(pending);
    this.pendingEdits.delete(file);
    this.update(file, document.getText());
    this.publishNow();
  }

  foldersChanged(added: readonly Folder[], removed: readonly Folder[]): void {
    for (const folder of removed) this.forget(folder);
    this.scanning = this.scanning.then(() => this.scanFolders(added));
  }

  /** semisync.include or semisync.exclude changed: every folder is scanned again. */
  settingsChanged(): void {
    for (const scan of [...this.scans.values()]) this.forget(scan.folder);
    this.scanning = this.scanning.then(() => this.scanFolders(this.access.folders()));
  }

  /**
   * A tsconfig.json changed: where imports resolve through `paths` may have moved, so the folder is
   * scanned again. The events of a burst (a branch switch) wait for one scan, queued behind any other.
   */
  private projectConfigChanged(folder: Folder): void {
    if (this.rescanning.has(folder.key)) return;
    this.rescanning.add(folder.key);
    this.scanning = this.scanning.then(async () => {
      this.rescanning.delete(folder.key);
      if (!this.scans.has(folder.key)) return;
      this.access.forgetProjectOptions();
      this.forget(folder);
      await this.scanFolders([folder]);
    });
  }

  /** An editor's text changed; the index reads it once the typing pauses. */
  edited(document: EditorText): void {
    if (!this.isScanned(document.uri)) return;
    const file = document.uri.fsPath;
    this.timers.clearTimeout(this.pendingEdits.get(file));
    this.pendingEdits.set(
      file,
      this.timers.setTimeout(() => {
        this.pendingEdits.delete(file);
        this.update(file, document.getText());
      }, EDIT_DEBOUNCE_MS),
    );
  }

  /** Unsaved edits may have been thrown away: the file on disk is the truth again. */
  closed(document: Pick<EditorText, "uri">): void {
    const file = document.uri.fsPath;
    if (document.uri.scheme === "file") {
      this.timers.clearTimeout(this.pendingEdits.get(file));
      this.pendingEdits.delete(file);
    }
    if (this.isScanned(document.uri)) this.update(file);
  }

  dispose(): void {
    this.disposed = true;
    // The window is closing: what it shows now is what the next one opens with, if the disk still says so.
    for (const scan of this.scans.values()) if (scan.unsaved && !scan.reading) this.save(scan);
    for (const timer of this.pendingEdits.values()) this.timers.clearTimeout(timer);
    this.timers.clearTimeout(this.publishTimer);
    for (const scan of this.scans.values()) scan.watcher.dispose();
    // A scan still reading its batches sees its folder gone and stops.
    this.scans.clear();
    this.changed.dispose();
  }

  private readyScans(): FolderScan[] {
    return [...this.scans.values()].filter((scan) => scan.ready);
  }

  private forget(folder: Folder): void {
    const scan = this.scans.get(folder.key);
    if (!scan) return;
    scan.watcher.dispose();
    this.scans.delete(folder.key);
    this.dirtyFolders.delete(scan);
    // Its files' tasks and problems are gone from the editor too.
    const shown = scan.shownFiles();
    if (shown.length > 0) this.changed.fire(shown);
  }

  private async scanFolders(folders: readonly Folder[]): Promise<void> {
    // Every folder's saved scan is shown before any folder is read: a large folder does not hold back another's problems.
    const opened: OpenedFolder[] = [];
    for (const folder of folders) {
      const each = await this.guarded(folder, () => this.openFolder(folder));
      if (each) opened.push(each);
    }
    const scanned: FolderScan[] = [];
    for (const { scan, reading } of opened)
      if (await this.guarded(scan.folder, () => reading ?? this.readFolder(scan))) scanned.push(scan);
    this.publishNow();
    // Saved once shown, in slices: reading 5,000 files again at once would hold the diagnostics back by a second.
    for (const scan of scanned) if (scan.unsaved) await this.saveInSlices(scan);
  }

  /** A step of a folder's scan; one that throws leaves that folder unscanned, and the others go on. */
  private async guarded<T>(folder: Folder, step: () => Promise<T>): Promise<T | undefined> {
    try {
      return await step();
    } catch (error) {
      this.log.error(`semisync could not scan ${folder.path}: ${(error as Error).stack ?? error}`);
      this.forget(folder);
      return undefined;
    }
  }

  /**
   * Lists the folder's files and shows its saved scan if that holds; undefined if the folder
   * closed meanwhile. A saved scan whose folder's directories have not changed is shown before
   * the listing (which takes about half a second for 5,000 files); the listing then says what is read.
   * Without one, the files a walk of the folder finds are read while the editor lists it, and
   * the listing then says which of them belong and what else to read.
   */
  private async openFolder(folder: Folder): Promise<OpenedFolder | undefined> {
    const started = performance.now();
    const globs = this.access.globsOf(folder);
    const snapshots = this.access.snapshotsOf(folder, globs);
    const unlisted = this.unlisted(folder, snapshots);
    const early = unlisted && this.register(folder, globs, snapshots, unlisted.files);
    if (early && unlisted) this.show(early, unlisted.result, started);
    const listing = this.access.findFiles(folder, globs.include, globs.exclude);
    const walked = early ? undefined : this.walked(folder, globs);
    const ahead = walked && this.register(folder, globs, snapshots, walked);
    let listed: (() => void) | undefined;
    const reading = ahead && this.readFolder(ahead, new Promise<void>((resolve) => (listed = resolve)));
    // Its failure is the scan's, reported where the scan is awaited; this only keeps it from counting as unhandled meanwhile.
    reading?.catch(() => {});
    try {
      const found = await listing;
      const scan = early ?? ahead;
      // The folder may have left the workspace, or the window closed, while its files were listed.
      if (this.disposed || !this.isOpen(folder)) {
        if (scan && this.scans.get(folder.key) === scan) this.forget(folder);
        return undefined;
      }
      const files = this.ownFiles(folder, found);
      if (scan) {
        if (this.scans.get(folder.key) !== scan) return undefined;
        // Of the files the saved scan or the walk named, those the listing lacks are gone; a file
        // created meanwhile came by its event, after the listing began, and stays.
        const kept = new Set(files);
        for (const file of early ? unlisted!.files : walked!) {
          if (kept.has(file) || !scan.files.delete(file)) continue;
          scan.workspace.remove(file);
        }
        for (const file of files) scan.files.add(file);
        if (early) return { scan };
      }
      const opened = scan ?? this.register(folder, globs, snapshots, files);
      const saved = this.savedFor(opened.files, () => snapshots.load(opened.files));
      if (saved) this.show(opened, saved, started);
      return { scan: opened, reading };
    } finally {
      listed?.();
    }
  }

  /** The files a walk finds, when no other open folder is nested in this one (whose files would be its own). */
  private walked(folder: Folder, globs: { include: string; exclude: string }): string[] | undefined {
    return this.hasNested(folder) ? undefined : this.access.walkFiles(folder, globs);
  }

  /** The listed files that are this folder's: a folder nested in it takes its own (asked only then: 5,000 questions cost 0.1 s). */
  private ownFiles(folder: Folder, files: readonly string[]): string[] {
    return this.hasNested(folder) ? files.filter((file) => this.belongsTo(folder, file)) : [...files];
  }

  private isOpen(folder: Folder): boolean {
    return this.access.folders().some((open) => open.key === folder.key);
  }

  private hasNested(folder: Folder): boolean {
    const inside = folder.path + sep;
    return this.access.folders().some((other) => other.key !== folder.key && other.path.startsWith(inside));
  }

  /** The saved scan and its files, when the folder's directories show its globs still take in just those. */
  private unlisted(folder: Folder, snapshots: ScanSnapshots): { files: string[]; result: ScanResult } | undefined {
    const saved = snapshots.loadUnlisted();
    if (!saved) return undefined;
    // A folder opened inside this one since takes its own files.
    if (this.ownFiles(folder, saved.files).length !== saved.files.length) return undefined;
    return this.savedFor(saved.files, () => saved);
  }

  /** A saved scan is of the files on disk: a folder where an editor holds unsaved text is always read first. */
  private savedFor<T>(files: Iterable<string>, load: () => T | undefined): T | undefined {
    const unsaved = this.access.unsavedTexts();
    for (const file of files) if (unsaved.has(file)) return undefined;
    return load();
  }

  private register(
    folder: Folder,
    globs: { include: string; exclude: string },
    snapshots: ScanSnapshots,
    files: readonly string[],
  ): FolderScan {
    const scan = new FolderScan(
      folder,
      this.access.createWorkspace(folder),
      new Set(files),
      this.access.watch(folder, globs.include, this.eventsOf(folder, globs.include)),
      snapshots,
    );
    this.forget(folder);
    this.scans.set(folder.key, scan);
    return scan;
  }

  /** Shows a saved scan while the folder is read behind it. */
  private show(scan: FolderScan, saved: ScanResult, started: number): void {
    const shown = scan.restore(saved);
    if (shown.length > 0) this.changed.fire(shown);
    this.log.info(`showed the saved scan of ${scan.folder.name} after ${Math.round(performance.now() - started)} ms`);
  }

  /**
   * Reads every file of the folder, batch by batch, and those the listing adds while it reads,
   * until `listed` says the listing is in; false when the folder closed or was scanned anew meanwhile.
   */
  private async readFolder(scan: FolderScan, listed: Promise<void> = Promise.resolve()): Promise<boolean> {
    const started = performance.now();
    let complete = false;
    void listed.then(() => (complete = true));
    const read = new Set<string>();
    // Not in the same turn as opening the folder: a folder closed meanwhile, even while it is listed, is not read.
    await new Promise((resolve) => setImmediate(resolve));
    for (;;) {
      if (this.scans.get(scan.folder.key) !== scan || !this.isOpen(scan.folder)) return false;
      const batch = unread(scan.files, read, SCAN_BATCH);
      if (batch.length === 0) {
        if (complete) break;
        await listed;
        continue;
      }
      for (const file of batch) read.add(file);
      // Read now, not at scan start: an editor's unsaved text is what the user sees.
      scan.workspace.updateFiles(this.textsOf(batch));
      // Yield between batches: a large folder must not freeze the editor's other extensions.
      await this.timers.yieldToEditor();
    }
    scan.reading = false;
    // A saved scan may have been shown while the folder was read: once listed, it held for the listed files.
    const restored = scan.ready;
    if (restored) {
      scan.adopt();
    } else {
      scan.ready = true;
      const { tasks, problems } = scan.workspace.result();
      scan.markChanged([...tasks, ...problems].map((each) => each.file));
      // Nothing shown yet, so an empty folder has nothing to publish but still something to save.
      scan.unsaved = true;
    }
    if (scan.hasChanges) this.markDirty(scan, []);
    this.log.info(
      `scanned ${scan.files.size} files of ${scan.folder.name} in ${Math.round(performance.now() - started)} ms`,
    );
    return true;
  }

  private async saveInSlices(scan: FolderScan): Promise<void> {
    const started = performance.now();
    // Not the editor's yield: these pauses only let it deliver what was published and answer meanwhile.
    const pause = () => new Promise<void>((resolve) => setImmediate(resolve));
    const current = () => this.scans.get(scan.folder.key) === scan && !this.disposed;
    if (!current() || !(await scan.snapshots.saveInSlices(scan.workspace, pause)) || !current()) return;
    scan.unsaved = false;
    this.log.info(`saved the scan of ${scan.folder.name} in ${Math.round(performance.now() - started)} ms`);
  }

  private save(scan: FolderScan): void {
    const started = performance.now();
    // Unsaved text, or a file changed on disk since it was read: the next opening reads the folder.
    if (!scan.snapshots.save(scan.workspace)) return;
    scan.unsaved = false;
    this.log.info(`saved the scan of ${scan.folder.name} in ${Math.round(performance.now() - started)} ms`);
  }

  private eventsOf(folder: Folder, include: string): FolderEvents {
    return {
      fileCreated: (file) => void this.created(folder, escapeGlob(relative(folder.path, file).split(sep).join("/"))),
      fileChanged: (file) => this.updateFromDisk(file),
      entryCreated: async (path) => {
        if (await this.access.isDirectory(path)) await this.created(folder, include, path + sep);
      },
      entryDeleted: (path) => this.deleted(path),
      projectConfigChanged: () => this.projectConfigChanged(folder),
    };
  }

  /** New files: one the include glob matched, or every included file of a folder renamed or copied in. */
  private async created(folder: Folder, glob: string, under?: string): Promise<void> {
    const scan = this.scans.get(folder.key);
    if (!scan) return;
    // The editor applies the include and exclude globs exactly as the first scan did.
    const found = (await this.access.findFiles(folder, glob, this.access.globsOf(folder).exclude)).filter(
      (file) => (!under || file.startsWith(under)) && this.belongsTo(folder, file),
    );
    if (this.scans.get(folder.key) !== scan || found.length === 0) return;
    for (const file of found) scan.files.add(file);
    const change = scan.workspace.updateFiles(this.textsOf(found));
    this.markDirty(scan, change.files);
  }

  private deleted(path: string): void {
    const scan = this.scanOf(path);
    if (!scan) return;
    const inside = path + sep;
    for (const file of [...scan.files]) {
      if (file !== path && !file.startsWith(inside)) continue;
      scan.files.delete(file);
      this.markDirty(scan, scan.workspace.remove(file).files);
    }
  }

  private updateFromDisk(file: string): void {
    // While an editor holds unsaved text, that text is what the user sees and what counts.
    if (this.access.unsavedTexts().has(file) || !this.isScanned({ scheme: "file", fsPath: file })) return;
    this.update(file);
  }

  private update(file: string, text = this.readText(file)): void {
    const scan = this.scanOf(file);
    // An edit may outlive its file: deleted, renamed or excluded while its debounce ran.
    if (!scan?.files.has(file)) return;
    const change = text === undefined ? scan.workspace.remove(file) : scan.workspace.update(file, text);
    // Most keystrokes change no task and no problem: then nothing is redrawn.
    this.markDirty(scan, change.files);
  }

  /** What the scanner should read for each file: an editor's unsaved text, else the file on disk. */
  private textsOf(files: readonly string[]): Array<{ file: string; text: string }> {
    const unsaved = this.access.unsavedTexts();
    return files.flatMap((file) => {
      const text = unsaved.get(file) ?? this.readText(file);
      return text === undefined ? [] : [{ file, text }];
    });
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

  private isScanned(uri: EditorText["uri"]): boolean {
    return uri.scheme === "file" && (this.scanOf(uri.fsPath)?.files.has(uri.fsPath) ?? false);
  }

  /** A folder nested in another is its own project: its files are not the outer folder's too. */
  private belongsTo(folder: Folder, file: string): boolean {
    return this.access.folderOf(file)?.key === folder.key;
  }

  private scanOf(file: string): FolderScan | undefined {
    const folder = this.access.folderOf(file);
    return folder && this.scans.get(folder.key);
  }

  private markDirty(scan: FolderScan, files: readonly string[]): void {
    if (!scan.markChanged(files) && !scan.hasChanges) return;
    this.dirtyFolders.add(scan);
    this.timers.clearTimeout(this.publishTimer);
    this.publishTimer = this.timers.setTimeout(() => this.publishNow(), PUBLISH_DEBOUNCE_MS);
  }

  private publishNow(): void {
    this.timers.clearTimeout(this.publishTimer);
    const changed: string[] = [];
    for (const scan of [...this.dirtyFolders].filter((each) => each.ready && !each.reading)) {
      changed.push(...scan.publish());
      this.dirtyFolders.delete(scan);
    }
    if (changed.length > 0) this.changed.fire(changed);
  }
}

/** A folder opened: its scan, and the reading of its files if that began before the listing was in. */
interface OpenedFolder {
  scan: FolderScan;
  reading?: Promise<boolean>;
}

/** Up to `count` of `files` not in `read`, in order. */
function unread(files: ReadonlySet<string>, read: ReadonlySet<string>, count: number): string[] {
  const batch: string[] = [];
  for (const file of files) {
    if (batch.length === count) break;
    if (!read.has(file)) batch.push(file);
  }
  return batch;
}

/** A path as a glob that matches only itself. */
function escapeGlob(path: string): string {
  return path.replace(/[[\]{}*?!]/g, "[$&]");
}
