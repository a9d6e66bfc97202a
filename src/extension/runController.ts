import { dirname } from "node:path";
import type { CoordinatorSetting, RunRequest } from "../engine/client";
import { EXIT, type RunEvent, type RunOptions } from "../shared/protocol";
import { Emitter, type Disposable } from "./emitter";
import { LastRuns, type LastRun } from "./lastRuns";
import type { Log } from "./log";
import { applyRunEvent, newRunState, runProgress, type RunState } from "./runState";
import type { RunTarget } from "./runTarget";

export const TRUST_REFUSAL =
  "semisync runs your tasks, which is running this workspace's code, so it runs only in a trusted workspace. Scanning and problems work without trust; trust the workspace to run.";

export const ALREADY_RUNNING =
  'A semisync run is already going; cancel it first (the run view\'s Cancel button, or "semisync: Cancel Run").';

export const DEBUG_TIMEOUTS =
  "this run is debugged: task timeouts (a task's `timeout`, semisync.taskTimeoutMs) do not apply, so a task paused at a breakpoint is not killed";

export const DEBUG_HERE =
  "this debug run runs its tasks on this machine, not through Redis (semisync.redisUrl): the debugger cannot attach to a semisync worker on another machine";

export type RunOutcome = { exitCode: number } | { refused: string };

/** A running coordinator as the controller uses it: src/engine/client.ts's RunHandle, or a LaunchedRun (debugging). */
export interface RunProcess {
  /** Resolves with the exit code (see EXIT). */
  readonly exited: Promise<number>;
  on(name: "event", listener: (event: RunEvent) => void): unknown;
  off(name: "event", listener: (event: RunEvent) => void): unknown;
  /** Stops politely, then kills the process group if it does not stop. */
  cancel(): void;
  /** Kills the process group now. */
  kill(): void;
}

/** A progress notification's report and Cancel button (VS Code's Progress and CancellationToken have these shapes). */
export interface RunProgressReport {
  report(value: { message: string; increment: number }): void;
}
export interface CancelButton {
  onCancellationRequested(listener: () => void): Disposable;
}

/** What the controller needs of the editor (src/extension/vscodeRunHost.ts gives it VS Code's). */
export interface RunHost {
  isTrusted(): boolean;
  /** Says why an untrusted workspace does not run, and offers to manage trust. */
  refuseUntrusted(message: string): void;
  inform(message: string): void;
  /** Says the graph could not run, and offers the log. */
  showGraphError(message: string): void;
  /** The run settings of the folder the run starts in; `redisUrl`: send the tasks through that Redis. */
  runSettings(cwd: string | undefined): { run: RunOptions; nodePath?: string; redisUrl?: string };
  startRun(request: RunRequest): RunProcess;
  /** Starts the run under the editor's JavaScript debugger, which launches its coordinator (see debugRun.ts). */
  startDebugRun(request: RunRequest): RunProcess;
  /** Have a coordinator process ready for the next run with this setting (see src/engine/spareCoordinator.ts). */
  prepareRun?(setting: Pick<CoordinatorSetting, "cwd" | "nodePath" | "throughRedis">): void;
  /** Tells the menus whether a run goes (the Cancel button, the Run All button). */
  setRunning(running: boolean): void;
  showRunView(): void;
  /** A cancellable progress notification for as long as `work` goes. */
  withProgress(
    title: string,
    work: (progress: RunProgressReport, cancel: CancelButton) => Promise<number>,
  ): Promise<number>;
}

/**
 * What semisync itself says during a run, outside any task (a program's own stderr is not ours).
 * Through Redis it says why tasks wait: no semisync worker takes them, which the run view cannot show.
 */
function isEngineNote(event: RunEvent): event is Extract<RunEvent, { type: "output" }> {
  return (
    event.type === "output" &&
    event.key === undefined &&
    event.stream === "stderr" &&
    event.text.startsWith("semisync: ")
  );
}

/** Starts runs in a coordinator process (never in the extension host), and folds their events. */
export class RunController implements Disposable {
  private handle?: RunProcess;
  private debugging = false;
  private runCount = 0;
  private state?: RunState;
  private readonly lastRuns = new LastRuns();
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly events = new Emitter<{ run: number; event: RunEvent }>();
  /** Each event of a run as it comes, with the run's number (the graph panel draws from them). */
  readonly onEvent = this.events.event;

  constructor(
    private readonly host: RunHost,
    private readonly log: Log,
  ) {}

  get current(): RunState | undefined {
    return this.state;
  }

  /** Whether the run going is under the editor's debugger. */
  get isDebugging(): boolean {
    return this.handle !== undefined && this.debugging;
  }

  get isRunning(): boolean {
    return this.handle !== undefined;
  }

  /** A task's status in the latest run that included it. */
  lastRun(task: { file: string; id: string }): LastRun | undefined {
    return this.lastRuns.get(task);
  }

  /** Start the processes a run in this folder needs before it is asked for: only where the workspace may run. */
  warmUp(cwd: string | undefined): void {
    if (!this.host.isTrusted() || this.handle) return;
    const { nodePath, redisUrl } = this.host.runSettings(cwd);
    this.host.prepareRun?.({ cwd, nodePath, ...(redisUrl === undefined ? {} : { throughRedis: true }) });
  }

  /**
   * `showRunView: false` leaves the focus where it is (a run on save must not take it from the editor).
   * `debug`: under the editor's debugger, where no timeout applies, so a task paused at a breakpoint is not killed.
   */
  async run(
    target: RunTarget,
    title: string,
    cwd: string | undefined,
    how: { showRunView?: boolean; debug?: boolean } = {},
  ): Promise<RunOutcome> {
    if (!this.host.isTrusted()) {
      this.log.warn(`run of ${title} refused: the workspace is not trusted`);
      this.host.refuseUntrusted(TRUST_REFUSAL);
      return { refused: TRUST_REFUSAL };
    }
    if (this.handle) {
      this.host.inform(ALREADY_RUNNING);
      return { refused: ALREADY_RUNNING };
    }
    const settings = this.host.runSettings(cwd);
    const state = newRunState(++this.runCount, title, { target, cwd });
    this.state = state;
    this.log.info(`run ${title}: ${target.tasks.join(", ")} from ${[target.file, ...target.alsoLoad].join(", ")}`);
    const debug = how.debug === true;
    if (debug) this.log.info(DEBUG_TIMEOUTS);
    const request: RunRequest = {
      file: target.file,
      alsoLoad: target.alsoLoad,
      tasks: target.tasks,
      cwd,
      options: debug ? { ...settings.run, ignoreTimeouts: true } : settings.run,
      nodePath: settings.nodePath,
      ...this.throughRedis(settings.redisUrl, target, cwd, debug),
    };
    const handle = debug ? this.host.startDebugRun(request) : this.host.startRun(request);
    this.handle = handle;
    this.debugging = debug;
    this.host.setRunning(true);
    // A run started from a CodeLens is watched in the run view.
    if (how.showRunView !== false) this.host.showRunView();
    handle.on("event", (event) => {
      applyRunEvent(state, event, this.log);
      if (request.redis && isEngineNote(event)) this.host.inform(event.text.trim());
      if (event.type === "run-end") this.lastRuns.record(state, event);
      this.events.fire({ run: state.number, event });
      this.changed.fire();
    });
    this.changed.fire();

    const exitCode = await this.host.withProgress(`semisync: ${title}`, (progress, cancel) => {
      const cancelled = cancel.onCancellationRequested(() => this.cancel());
      // Each report is a message to the editor's window: a run of 10,000 tasks reports each percent, not each task.
      let reportedPercent = 0;
      const reportProgress = (event: RunEvent) => {
        if (!event.type.startsWith("task-") || event.type === "task-start" || event.type === "task-queued") return;
        const { done, total } = runProgress(state);
        const percent = total > 0 ? Math.floor((100 * done) / total) : 0;
        if (percent === reportedPercent && done !== total) return;
        progress.report({ message: `${done}/${total} done`, increment: percent - reportedPercent });
        reportedPercent = percent;
      };
      handle.on("event", reportProgress);
      return handle.exited.finally(() => {
        handle.off("event", reportProgress);
        cancelled.dispose();
      });
    });
    state.exitCode = exitCode;
    this.handle = undefined;
    this.host.setRunning(false);
    this.log.info(`run ${title} ended with exit code ${exitCode}`);
    // Its processes served this run only: the next run gets fresh ones, started now.
    this.warmUp(cwd);
    if (exitCode === EXIT.graphError && state.graphError)
      this.host.showGraphError(`semisync could not run ${title}: ${state.graphError}`);
    this.changed.fire();
    return { exitCode };
  }

  /** Where the run's tasks go when semisync.redisUrl is set: to `semisync worker`s, whose checkouts root at the folder. */
  private throughRedis(
    url: string | undefined,
    target: RunTarget,
    cwd: string | undefined,
    debug: boolean,
  ): Pick<RunRequest, "redis"> {
    if (url === undefined) return {};
    if (debug) {
      this.log.info(DEBUG_HERE);
      this.host.inform(`semisync: ${DEBUG_HERE}.`);
      return {};
    }
    this.log.info("its tasks go through Redis (semisync.redisUrl) to semisync workers");
    return { redis: { url, root: cwd ?? dirname(target.file) } };
  }

  /** Stops the run; the client kills the coordinator's whole process group if it does not stop by itself. */
  cancel(): void {
    if (!this.handle) return;
    this.log.info("run cancelled");
    this.handle.cancel();
  }

  clear(): void {
    if (this.handle) return;
    this.state = undefined;
    this.changed.fire();
  }

  dispose(): void {
    // The window is closing: no time for a polite stop, but for a run through Redis (the client asks it to stop first).
    this.handle?.kill();
    this.changed.dispose();
    this.events.dispose();
  }
}
