/**
 * Runs the calls one `begin()` collected: plan them, refuse a graph that cannot run, and hand
 * the rest to an engine whose worker pool lives as long as this process does.
 */
import { availableParallelism } from "node:os";
import type { RunReport } from "../runtime/report";
import type { EngineHost, QueuedCall } from "../runtime/state";
import { planRun } from "./plan";
import { GraphError } from "./graphError";
import { problem, problemError } from "../shared/problems";
import { MAX_WORKERS, type EngineOptions, type RunOptions } from "../shared/protocol";
import { systemClock } from "./clock";
import { Engine, type EventSink } from "./engine";
import { WorkerPool } from "./workerPool";
import type { PoolMaker } from "./pool";
import type { InspectedWorkers } from "./inspectedWorkers";
import { loadDurations, saveDurations } from "./learnedDurations";

export class PooledHost implements EngineHost {
  private engine?: Engine;
  /** Shared by every engine this host creates, and kept for the program's next run once it is known. */
  private readonly durations = new Map<string, number>();
  private programFile?: string;

  constructor(
    private readonly emit: EventSink,
    private defaults: EngineOptions = {},
    /** Workers in process groups of their own (see WorkerPool). */
    private readonly detachWorkers = false,
    private readonly inspectedWorkers?: InspectedWorkers,
    /** Where tasks run when not in this machine's processes (`--redis`). */
    private poolMaker?: PoolMaker,
  ) {}

  /**
   * From now on tasks run where this pool maker sends them. A coordinator forked ahead of its run
   * learns only from the start message that the run goes through Redis: the engine it made for
   * this machine's workers goes, with those workers.
   */
  sendTasksTo(poolMaker: PoolMaker): void {
    this.poolMaker = poolMaker;
    this.engine?.dispose();
    this.engine = undefined;
  }

  /** The options a `begin()` without its own inherits: the CLI's or the editor's, known once the run is asked for. */
  useDefaults(options: EngineOptions): void {
    this.defaults = options;
  }

  /** The engine for this many workers, created on first need and kept warm between rounds. */
  engineFor(options: RunOptions): Engine {
    const maxWorkers =
      options.maxWorkers ?? this.defaults.maxWorkers ?? this.poolMaker?.defaultSize ?? availableParallelism();
    if (!Number.isInteger(maxWorkers) || maxWorkers < 1 || maxWorkers > MAX_WORKERS)
      throw problemError(problem.badMaxWorkers(maxWorkers), RangeError);
    if (this.engine?.maxWorkers !== maxWorkers) {
      this.engine?.dispose();
      this.engine = new Engine(
        this.poolMaker?.make(maxWorkers) ??
          new WorkerPool(maxWorkers, process.env, this.detachWorkers, this.inspectedWorkers),
        this.emit,
        systemClock,
        availableParallelism(),
        this.durations,
      );
    }
    return this.engine;
  }

  /** The program being run: what earlier runs of it learned orders this run's first round too. */
  runProgram(file: string): void {
    this.programFile = file;
    for (const [id, ms] of loadDurations(file)) if (!this.durations.has(id)) this.durations.set(id, ms);
  }

  get current(): Engine | undefined {
    return this.engine;
  }

  run(calls: QueuedCall[], options: RunOptions): Promise<RunReport> {
    const merged: EngineOptions = { ...this.defaults, ...options };
    const plan = planRun(calls);
    if (plan.problems.length > 0) {
      const error = new GraphError(plan.problems, calls[0]?.task.file);
      this.emit({ type: "graph-error", file: error.file, problems: plan.problems, message: error.message });
      return Promise.reject(error);
    }
    return this.engineFor(merged)
      .run(plan.calls, merged)
      .then((report) => {
        if (this.programFile) saveDurations(this.programFile, this.durations);
        return report;
      });
  }
}
