/**
 * What the engine needs from a pool of workers, and from each worker: the bookkeeping of the
 * tasks a worker holds is the scheduler's and lives here; starting, messaging and killing
 * processes is the pool's (workerPool.ts for real processes, a scripted fake in the tests).
 */
import type { EngineOptions, WorkerReply, WorkerRequest } from "../shared/protocol";

/**
 * - computing: running its synchronous code, or code resumed after an await.
 * - parked: awaiting; the worker may take other tasks meanwhile.
 * - waiting: sent ahead to a worker busy with short tasks; it starts when those before it end or await,
 *   in the order sent.
 */
export type SlotState = "computing" | "parked" | "waiting";

export abstract class PoolWorker {
  readonly tasks = new Map<string, SlotState>();
  /** Modules this worker has loaded: a task from one of them starts the moment it arrives. */
  readonly loadedFiles = new Set<string>();
  /** Takes no new task; killed once the tasks it holds are done. */
  retiring = false;
  /** Started up: only now may it be handed a task, so that a task's start and duration are its own. */
  ready = false;
  exited = false;
  /** Why the engine killed it, for the tasks it still held. */
  killReason?: string;

  abstract readonly pid: number;
  /** The machine's worker that runs its tasks, when that is not this machine (`semisync worker --name`). */
  name?: string;

  abstract send(request: WorkerRequest): void;

  /** Ends the process at once. Its exit still arrives as the pool's "exit" event, as any other. */
  protected abstract terminate(): void;

  kill(): void {
    this.retiring = true;
    if (!this.exited) this.terminate();
  }

  get computing(): boolean {
    for (const slot of this.tasks.values()) if (slot !== "parked") return true;
    return false;
  }

  keyIn(wanted: SlotState): string | undefined {
    for (const [key, slot] of this.tasks) if (slot === wanted) return key;
    return undefined;
  }
}

export interface PoolEvents {
  reply: [worker: PoolWorker, reply: WorkerReply];
  exit: [worker: PoolWorker, code: number | null, signal: NodeJS.Signals | null];
  /** Text a worker wrote outside any task's context (its own stdout/stderr). */
  stray: [worker: PoolWorker, stream: "stdout" | "stderr", text: string];
}

/**
 * Makes a pool other than local processes (the Redis executor's): the run's tasks go to workers
 * elsewhere, whose own concurrency bounds them, so it has a size of its own when the run names none.
 */
export interface PoolMaker {
  defaultSize: number;
  make(size: number): Pool;
}

export interface Pool {
  /** The most workers it may have: how many tasks may compute at once. A maximum, not a target. */
  readonly size: number;
  /** The live workers; a worker leaves this set when it exits. */
  readonly workers: ReadonlySet<PoolWorker>;
  /** Start workers until `wanted` of them (never more than the size) are live, not counting retiring ones. */
  grow(wanted: number): void;
  /** Every worker, live or started later, loads these modules as soon as it is up, before any of their tasks is sent. */
  preload(files: readonly string[]): void;
  /** A run starts with these options: a pool whose workers are elsewhere hands them what they must apply there (the run's timeout). */
  starting?(options: EngineOptions): void;
  /** While the engine is idle the pool must not keep a user's program alive. */
  setHoldsProcess(hold: boolean): void;
  killAll(): void;
  on<E extends keyof PoolEvents>(event: E, listener: (...args: PoolEvents[E]) => void): unknown;
}
