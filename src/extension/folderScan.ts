import type { Problem, ScanResult, ScanSnapshots, StaticTask, Workspace } from "../scanner/index";
import type { Disposable } from "./emitter";

/** A workspace folder as the index knows it; `key` tells folders apart (in VS Code, its URI). */
export interface Folder {
  readonly key: string;
  readonly path: string;
  readonly name: string;
}

/** One workspace folder's scan: tasks resolve within their own folder, as each is its own project. */
export class FolderScan {
  /**
   * Whether answers can be shown: until the first scan is through, a half-read folder would show
   * false "unknown dependency" errors; a saved scan that still holds is shown at once.
   */
  ready = false;
  /** While the workspace is read through, changes wait: they are published once it is whole. */
  reading = true;
  /** Something was published that the saved scan does not hold yet. */
  unsaved = false;
  /** What the editor shows, kept per file and refreshed only for the files an update says changed. */
  private readonly tasksByFile = new Map<string, StaticTask[]>();
  private readonly problemsByFile = new Map<string, Problem[]>();
  private readonly changedFiles = new Set<string>();

  constructor(
    readonly folder: Folder,
    readonly workspace: Workspace,
    /** The files the folder's include and exclude settings take in; only these are scanned. */
    readonly files: Set<string>,
    readonly watcher: Disposable,
    readonly snapshots: ScanSnapshots,
  ) {}

  get tasks(): StaticTask[] {
    return [...this.tasksByFile.values()].flat();
  }

  get problems(): Problem[] {
    return [...this.problemsByFile.values()].flat();
  }

  tasksIn(file: string): StaticTask[] {
    return this.tasksByFile.get(file) ?? [];
  }

  problemsIn(file: string): Problem[] {
    return this.problemsByFile.get(file) ?? [];
  }

  /** The files the editor shows tasks or problems of. */
  shownFiles(): string[] {
    return [...new Set([...this.tasksByFile.keys(), ...this.problemsByFile.keys()])];
  }

  /** Notes files whose tasks or problems the workspace says changed; false when there were none. */
  markChanged(files: readonly string[]): boolean {
    for (const file of files) this.changedFiles.add(file);
    return files.length > 0;
  }

  /** Takes the changed files' tasks and problems from the workspace into what is shown; answers those files. */
  publish(): string[] {
    const changed = [...this.changedFiles];
    for (const file of changed) {
      setOrDelete(this.tasksByFile, file, this.workspace.tasksIn(file));
      setOrDelete(this.problemsByFile, file, this.workspace.problemsIn(file));
    }
    this.changedFiles.clear();
    if (changed.length > 0) this.unsaved = true;
    return changed;
  }

  /** Shows a saved scan while the workspace is read; answers the files it shows. */
  restore(saved: ScanResult): string[] {
    for (const task of saved.tasks) this.tasksByFile.set(task.file, [...this.tasksIn(task.file), task]);
    for (const problem of saved.problems)
      this.problemsByFile.set(problem.file, [...this.problemsIn(problem.file), problem]);
    this.ready = true;
    return this.shownFiles();
  }

  /**
   * Once the workspace is read through after a restore: shows what it says instead, and marks
   * changed only the files where that differs (edits made meanwhile; nothing, when the saved scan held).
   */
  adopt(): void {
    const { tasks, problems } = this.workspace.result();
    const files = new Set([
      ...this.shownFiles(),
      ...tasks.map((task) => task.file),
      ...problems.map((each) => each.file),
    ]);
    this.changedFiles.clear();
    for (const file of files) {
      const shown = JSON.stringify([this.tasksIn(file), this.problemsIn(file)]);
      if (shown !== JSON.stringify([this.workspace.tasksIn(file), this.workspace.problemsIn(file)]))
        this.changedFiles.add(file);
    }
  }

  /** Whether the workspace has changes waiting to be shown. */
  get hasChanges(): boolean {
    return this.changedFiles.size > 0;
  }
}

function setOrDelete<T>(map: Map<string, T[]>, file: string, values: T[]): void {
  if (values.length > 0) map.set(file, values);
  else map.delete(file);
}
