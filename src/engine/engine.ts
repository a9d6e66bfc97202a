/**
 * The engine: runs planned graphs of calls on a pool of workers, one run at a time, and keeps
 * what outlives a run: the warm pool and the task durations learned so far.
 */
import type { RunReport } from "../runtime/report";
import type { EngineOptions, RunEvent } from "../shared/protocol";
import { systemClock, type Clock } from "./clock";
import type { PlannedCall } from "./plan";
import type { Pool } from "./pool";
import { RunScheduler } from "./runScheduler";

export type EventSink = (event: RunEvent) => void;

export class Engine {
  private runs = 0;
  private active?: RunScheduler;

  /**
   * `prestartWorkers`: how many workers `prestart()` starts before the run's tasks are known.
   * The pooled host passes one per core: start-up is CPU-bound, so more would be ready no sooner
   * than starting them when tasks need them.
   */
  constructor(
    private readonly pool: Pool,
    private readonly emit: EventSink,
    private readonly clock: Clock = systemClock,
    private readonly prestartWorkers = 1,
    /** Learned per task id, by earlier rounds and runs: the critical path is ordered by real durations. */
    private readonly durations = new Map<string, number>(),
  ) {
    pool.on("reply", (worker, reply) => this.active?.onReply(worker, reply));
    pool.on("exit", (worker, code, signal) => this.active?.onWorkerExit(worker, code, signal));
    pool.on("stray", (worker, stream, text) => {
      const [only] = worker.tasks.size === 1 ? worker.tasks.keys() : [];
      this.emit({ type: "output", key: only, stream, text });
    });
  }

  get maxWorkers(): number {
    return this.pool.size;
  }

  /** Start workers now, so they start up while the user's module loads; the run starts more if its tasks need them. */
  prestart(): void {
    this.pool.grow(this.prestartWorkers);
  }

  /** Have every worker load the run's modules now, beside the coordinator loading them, not when their first task arrives. */
  preload(files: readonly string[]): void {
    this.pool.preload(files);
  }

  run(calls: PlannedCall[], options: EngineOptions): Promise<RunReport> {
    if (this.active)
      return Promise.reject(
        new Error("semisync: a run is already in progress; await the first begin() before starting another"),
      );
    this.pool.starting?.(options);
    this.pool.setHoldsProcess(true);
    return new Promise<RunReport>((resolve) => {
      const { pool, durations, emit, clock } = this;
      this.active = new RunScheduler(++this.runs, calls, options, { pool, durations, emit, clock }, (report) => {
        this.active = undefined;
        this.pool.setHoldsProcess(false);
        resolve(report);
      });
      this.active.start();
    });
  }

  /** Route callback output (written while `currentTask` says so) to the running call. */
  callbackOutput(key: string, text: string): void {
    this.active?.onCallbackOutput(key, text);
  }

  /** Cancel the run in progress: its running tasks' workers are killed, idle workers stay warm for the next run. */
  cancel(reason = "run cancelled"): void {
    this.active?.cancel(reason);
  }

  /** Stop everything now: cancel the run in progress, if any, and kill every worker, busy or idle. */
  dispose(): void {
    this.active?.cancel("run cancelled");
    this.pool.killAll();
  }
}
