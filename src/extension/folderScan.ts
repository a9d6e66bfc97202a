import type { Problem, StaticTask, Workspace } from "../scanner/index";
import type { Disposable } from "./emitter";

/** A workspace folder as the index knows it; `key` tells folders apart (in VS Code, its URI). */
export interface Folder {
  readonly key: string;
  readonly path: string;
  readonly name: string;
}

/** One workspace folder's scan: tasks resolve within their own folder, as each is its own project. */
export class FolderScan {
  /** Until the first scan is through, a half-read folder would show false "unknown dependency" errors. */
  ready = false;
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
    return changed;
  }
}

function setOrDelete<T>(map: Map<string, T[]>, file: string, values: T[]): void {
  if (values.length > 0) map.set(file, values);
  else map.delete(file);
}
