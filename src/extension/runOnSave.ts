/**
 * Run on save: which tasks a save reruns, the debounce that folds a burst of saves into one run,
 * and cancel-then-start when a run is going. The wiring (src/extension/vscodeRunOnSave.ts) hands
 * it VS Code's saves and settings.
 */
import { findCycles } from "../graph/cycles";
import { connectedTo, entryPointsAmong, upstreamOf } from "../graph/neighbourhood";
import type { StaticTask } from "../scanner/index";
import type { Disposable } from "./emitter";
import type { Log } from "./log";
import type { RunOutcome } from "./runController";
import { chosenAll, edgesOf, targetOf, type RunTarget } from "./runTarget";
import { realTimers, type Timer, type Timers } from "./timers";

export type RunOnSaveMode = "off" | "task" | "graph";

export const RUN_ON_SAVE_MODES: readonly RunOnSaveMode[] = ["off", "task", "graph"];

/** Long enough that "Save All" of several files is one run; short enough to feel immediate. */
export const SAVE_DEBOUNCE_MS = 300;

/** What run on save needs of the run controller (src/extension/runController.ts). */
export interface SaveRunner {
  readonly isRunning: boolean;
  readonly isDebugging: boolean;
  cancel(): void;
  run(
    target: RunTarget,
    title: string,
    cwd: string | undefined,
    options: { showRunView: boolean },
  ): Promise<RunOutcome>;
  readonly onDidChange: (listener: () => void) => Disposable;
}

/** What it needs of the task index (src/extension/taskIndex.ts). */
export interface SavedFileTasks {
  tasksIn(file: string): StaticTask[];
  tasksOfFolderOf(file: string): StaticTask[];
}

/** What it needs of the editor: the setting, trust, and the workspace folder a run starts in. */
export interface RunOnSaveHost {
  mode(file: string): RunOnSaveMode;
  isTrusted(): boolean;
  folderOf(file: string): string | undefined;
}

export interface SaveRun {
  target: RunTarget;
  title: string;
  /** Tasks whose graph has a cycle: the editor marks those as errors, and a run would be refused. */
  leftOut: string[];
}

export class RunOnSave implements Disposable {
  private readonly pending: string[] = [];
  private timer?: Timer;
  private flushing?: Promise<void>;

  constructor(
    private readonly index: SavedFileTasks,
    private readonly runs: SaveRunner,
    private readonly host: RunOnSaveHost,
    private readonly log: Log,
    private readonly timers: Timers = realTimers,
  ) {}

  /** A document was saved; the run starts once the saves pause. */
  saved(file: string): void {
    // Checked at the save, not later: a run never starts from a save made while untrusted or switched off.
    if (!this.host.isTrusted() || this.host.mode(file) === "off") return;
    // Saving a fix while paused at a breakpoint is part of debugging: the session stays, and no run replaces it.
    if (this.runs.isDebugging) {
      this.log.info(`run on save: ${file} was saved during a debug run, which goes on; run again when it ends`);
      return;
    }
    if (!this.pending.includes(file)) this.pending.push(file);
    this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => void this.flush(), SAVE_DEBOUNCE_MS);
  }

  /** Settles when the run the last saves asked for has started (or nothing was to run): tests wait on it. */
  whenStarted(): Promise<void> {
    return this.flushing ?? Promise.resolve();
  }

  dispose(): void {
    this.timers.clearTimeout(this.timer);
    this.pending.length = 0;
  }

  private flush(): Promise<void> {
    this.timer = undefined;
    // A flush waiting for a cancelled run takes these saves too, once that run has ended.
    this.flushing ??= this.cancelThenStart().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async cancelThenStart(): Promise<void> {
    if (this.runs.isRunning) {
      this.log.info("run on save: a file was saved during a run; cancelling it to start again");
      this.runs.cancel();
      // The controller runs one run at a time, so the new one waits for the cancelled one to end.
      await this.idle();
    }
    const files = this.pending.splice(0);
    const last = files.at(-1);
    const cwd = last && this.host.folderOf(last);
    // One run at a time, so one folder: the folder of the last save.
    const run = last
      ? saveRun(
          this.index,
          files.filter((file) => this.host.folderOf(file) === cwd),
          this.host.mode(last),
        )
      : undefined;
    if (!run) return;
    if (run.leftOut.length > 0)
      this.log.warn(`run on save: left out, because their graph has a cycle: ${run.leftOut.join(", ")}`);
    if (run.target.tasks.length === 0) return;
    void this.runs.run(run.target, run.title, cwd, { showRunView: false });
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const subscription = this.runs.onDidChange(() => {
        if (this.runs.isRunning) return;
        subscription.dispose();
        resolve();
      });
    });
  }
}

/**
 * What saving `files` runs: their tasks with what they need (`task`), or every graph they belong
 * to (`graph`); undefined when the files hold no task. A file without tasks (a helper the tasks
 * import) runs nothing: rerunning everything that imports a shared helper on each save would
 * surprise more than it helps.
 */
export function saveRun(index: SavedFileTasks, files: readonly string[], mode: RunOnSaveMode): SaveRun | undefined {
  const saved = files.flatMap((file) => index.tasksIn(file));
  if (saved.length === 0 || mode === "off") return undefined;
  const all = index.tasksOfFolderOf(saved[0].file);
  const edges = edgesOf(all);
  const cyclic = new Set(findCycles(edges).flatMap((cycle) => cycle.members));
  const reach = (id: string) => (mode === "graph" ? connectedTo(edges, id) : upstreamOf(edges, id));
  const leftOut = saved.filter((task) => reach(task.id).some((id) => cyclic.has(id))).map((task) => task.id);
  const chosen = saved.filter((task) => !leftOut.includes(task.id));
  const members =
    mode === "graph" ? [...new Set(chosen.flatMap((task) => reach(task.id)))] : chosen.map((task) => task.id);
  const ids = entryPointsAmong(edges, members);
  const names = chosen.map((task) => task.id).join(", ");
  return {
    // The saved tasks (in `graph`, their whole graphs) are what was asked for, as a click on their lens asks.
    target:
      ids.length > 0
        ? { ...targetOf(all, ids, files.at(-1)!), reasons: chosenAll(members) }
        : { file: files.at(-1)!, alsoLoad: [], tasks: [] },
    title: mode === "graph" ? `the graph of ${names} (saved)` : `${names} (saved)`,
    leftOut,
  };
}
