/**
 * What the extension's plain models need of VS Code, played by plain Node over real files in a
 * temporary folder: the models run unchanged, only the editor around them is pretend.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, matchesGlob, relative, sep } from "node:path";
import type { Folder } from "../../../src/extension/folderScan";
import type { Timers, Timer } from "../../../src/extension/timers";
import type { Log } from "../../../src/extension/log";
import type { EditorText, FolderEvents, WorkspaceAccess } from "../../../src/extension/taskIndex";
import { forgetProjectOptions } from "../../../src/project/tsconfig";
import { walkFolder } from "../../../src/scanner/folderTree";
import { parseFacts } from "../../../src/scanner/parserBundle";
import { scanSnapshots, type ScanSnapshots } from "../../../src/scanner/snapshot";
import { Workspace } from "../../../src/scanner/workspace";

/** A workspace of real files: folders, globs, unsaved editor text and file watchers the test drives. */
export class FakeWorkspace implements WorkspaceAccess {
  readonly root = mkdtempSync(join(tmpdir(), "semisync-index-"));
  readonly open: Folder[] = [];
  readonly unsaved = new Map<string, string>();
  readonly globs = { include: "**/*.{ts,tsx,mts,cts}", exclude: "**/{node_modules,dist,out,.git}/**" };
  /** Every file the scanner parsed, in order: a file never scanned is never here. */
  readonly parsed: string[] = [];
  private readonly watchers = new Map<string, FolderEvents>();

  /** Opens a folder (made under the temporary root) as a workspace folder. */
  addFolder(name: string): Folder {
    const path = join(this.root, name);
    mkdirSync(path, { recursive: true });
    const folder = { key: `file://${path}`, path, name };
    this.open.push(folder);
    return folder;
  }

  path(name: string): string {
    return join(this.root, name);
  }

  write(name: string, text: string): string {
    const path = this.path(name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return path;
  }

  /** An editor's document of `file` holding `text`, unsaved. */
  edit(file: string, text: string): EditorText {
    this.unsaved.set(file, text);
    return { uri: { scheme: "file", fsPath: file }, getText: () => text };
  }

  /** The file events of a folder, as its watchers would send them. */
  events(folder: Folder): FolderEvents {
    const events = this.watchers.get(folder.key);
    if (!events) throw new Error(`nothing watches ${folder.name}`);
    return events;
  }

  isWatched(folder: Folder): boolean {
    return this.watchers.has(folder.key);
  }

  folders(): readonly Folder[] {
    return [...this.open];
  }

  folderOf(file: string): Folder | undefined {
    return this.open
      .filter((folder) => file === folder.path || file.startsWith(folder.path + sep))
      .sort((a, b) => b.path.length - a.path.length)[0];
  }

  /** Runs when the index asks for a folder's files, before they are listed. */
  onFindFiles?: () => void;
  /**
   * While set, the next listing waits for it, as VS Code's takes its time (about half a second for
   * 5,000 files); what it answers is the disk as it was when it began.
   */
  listingDelay?: Promise<void>;

  async findFiles(folder: Folder, glob: string, exclude: string): Promise<string[]> {
    this.onFindFiles?.();
    const delay = this.listingDelay;
    this.listingDelay = undefined;
    const files = filesUnder(folder.path)
      .filter((file) => {
        const path = relative(folder.path, file).split(sep).join("/");
        return matchesGlob(path, glob) && !matchesGlob(path, exclude);
      })
      .sort();
    await delay;
    return files;
  }

  /** Walked files the listing will not have, and listed ones the walk misses, as VS Code's listing and the walk may differ. */
  readonly walkDiffers = { extra: [] as string[], missing: [] as string[] };

  walkFiles(folder: Folder, globs: { include: string; exclude: string }): string[] | undefined {
    const walked = walkFolder({ path: folder.path, ...globs }).files;
    return [...walked.filter((file) => !this.walkDiffers.missing.includes(file)), ...this.walkDiffers.extra];
  }

  globsOf(): { include: string; exclude: string } {
    return { ...this.globs };
  }

  unsavedTexts(): Map<string, string> {
    return new Map(this.unsaved);
  }

  async isDirectory(path: string): Promise<boolean> {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false;
    }
  }

  watch(folder: Folder, _include: string, events: FolderEvents) {
    this.watchers.set(folder.key, events);
    return { dispose: () => this.watchers.get(folder.key) === events && this.watchers.delete(folder.key) };
  }

  forgetProjectOptions(): void {
    forgetProjectOptions();
  }

  createWorkspace(folder: Folder): Workspace {
    return new Workspace((file) => relative(folder.path, file), {
      readFacts: (text, file) => (this.parsed.push(file), parseFacts(text, file)),
    });
  }

  /** Saved scans live beside the folders, as they outlive a window: a second index over the same fake reopens them. */
  snapshotsOf(folder: Folder, globs: { include: string; exclude: string }): ScanSnapshots {
    return scanSnapshots(folder.key, { dir: join(this.root, ".cache"), folder: { path: folder.path, ...globs } });
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/** Timers that fire when the test says so; the scan's yields are real, and a test may act during them. */
export class ManualTimers implements Timers {
  private readonly timers = new Map<number, { callback: () => void; ms: number }>();
  private next = 0;
  yields = 0;
  /** Runs at each yield of a folder scan, between its batches. */
  onYield?: () => void;

  setTimeout(callback: () => void, ms: number): Timer {
    this.timers.set(++this.next, { callback, ms });
    return this.next;
  }

  clearTimeout(timer: Timer | undefined): void {
    this.timers.delete(timer as number);
  }

  async yieldToEditor(): Promise<void> {
    this.yields++;
    this.onYield?.();
    await new Promise((resolve) => setImmediate(resolve));
  }

  /** The delays of the timers waiting, shortest first. */
  get waiting(): number[] {
    return [...this.timers.values()].map((timer) => timer.ms).sort((a, b) => a - b);
  }

  /** Fires every waiting timer, and those they start, shortest delay first, as if their time had come. */
  runAll(): void {
    while (this.timers.size > 0) {
      const [id, timer] = [...this.timers].sort(([, a], [, b]) => a.ms - b.ms)[0];
      this.timers.delete(id);
      timer.callback();
    }
  }
}

export class FakeLog implements Log {
  readonly lines: string[] = [];
  info(message: string): void {
    this.lines.push(`info ${message}`);
  }
  warn(message: string): void {
    this.lines.push(`warn ${message}`);
  }
  error(message: string | Error): void {
    this.lines.push(`error ${message}`);
  }
}

/** Lets promises already settled run their callbacks: the fake's file search and stat answer at once. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
