/**
 * Warm worker processes. A worker runs one task at a time while the task computes; once the
 * task awaits (its promise is pending), the worker takes another. So CPU-bound tasks get one
 * core each, and a hundred tasks that wait on I/O share a few processes instead of queueing.
 */
import type { ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import type { WorkerReply, WorkerRequest } from "../shared/protocol";
import { forkBundle } from "./forkBundle";
import { currentTask } from "./outputCapture";

/**
 * - computing: running its synchronous code, or code resumed after an await.
 * - parked: awaiting; the worker may take other tasks meanwhile.
 * - waiting: sent ahead to a worker busy with a short task; it starts when that task yields.
 */
export type SlotState = "computing" | "parked" | "waiting";

export class WorkerProcess {
  readonly tasks = new Map<string, SlotState>();
  /** Modules this worker has loaded: a task from one of them starts the moment it arrives. */
  readonly loadedFiles = new Set<string>();
  /** Takes no new task; killed once the tasks it holds are done. */
  retiring = false;
  ready = false;
  exited = false;
  /** Why the engine killed it, for the tasks it still held. */
  killReason?: string;

  constructor(readonly child: ChildProcess) {}

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get computing(): boolean {
    for (const slot of this.tasks.values()) if (slot !== "parked") return true;
    return false;
  }

  keyIn(wanted: SlotState): string | undefined {
    for (const [key, slot] of this.tasks) if (slot === wanted) return key;
    return undefined;
  }

  send(request: WorkerRequest): void {
    this.child.send(request);
  }

  kill(): void {
    this.retiring = true;
    if (!this.exited) this.child.kill("SIGKILL");
  }

  /** While the engine is idle the pool must not keep a user's program alive. */
  setHoldsProcess(hold: boolean): void {
    const handles = [this.child, this.child.channel, this.child.stdout, this.child.stderr] as Array<
      { ref?(): void; unref?(): void } | null | undefined
    >;
    for (const handle of handles) {
      if (hold) handle?.ref?.();
      else handle?.unref?.();
    }
  }
}

export interface PoolEvents {
  reply: [worker: WorkerProcess, reply: WorkerReply];
  exit: [worker: WorkerProcess, code: number | null, signal: NodeJS.Signals | null];
  /** Text a worker wrote outside any task's context (its own stdout/stderr). */
  stray: [worker: WorkerProcess, stream: "stdout" | "stderr", text: string];
}

export class WorkerPool extends EventEmitter<PoolEvents> {
  readonly workers = new Set<WorkerProcess>();
  /** Whether workers keep this process alive: only while a run needs them. */
  private holding = false;

  constructor(
    readonly size: number,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    super();
  }

  /** Start workers up to the pool size; each becomes usable as soon as it is forked. */
  fill(): void {
    let live = 0;
    for (const worker of this.workers) if (!worker.retiring) live++;
    for (; live < this.size; live++) this.spawn();
  }

  /**
   * A worker that can start a task now: started up, not computing, not retiring; the least
   * loaded first. A task is never handed to a worker still starting, so its reported start
   * and duration are the task's own.
   */
  available(): WorkerProcess | undefined {
    let best: WorkerProcess | undefined;
    for (const worker of this.workers) {
      if (!worker.ready || worker.retiring || worker.exited || worker.computing) continue;
      if (!best || worker.tasks.size < best.tasks.size) best = worker;
    }
    return best;
  }

  setHoldsProcess(hold: boolean): void {
    this.holding = hold;
    for (const worker of this.workers) worker.setHoldsProcess(hold);
  }

  killAll(): void {
    for (const worker of this.workers) worker.kill();
  }

  private spawn(): WorkerProcess {
    // Outside any task's context: the child's events must not be taken for a callback's.
    const child = currentTask.exit(() => forkBundle("worker", { env: this.env }));
    const worker = new WorkerProcess(child);
    this.workers.add(worker);
    worker.setHoldsProcess(this.holding);
    child.on("message", (reply: WorkerReply) => {
      if (reply.type === "ready") worker.ready = true;
      this.emit("reply", worker, reply);
    });
    child.stdout!.setEncoding("utf8").on("data", (text: string) => this.emit("stray", worker, "stdout", text));
    child.stderr!.setEncoding("utf8").on("data", (text: string) => this.emit("stray", worker, "stderr", text));
    child.on("exit", (code, signal) => {
      worker.exited = true;
      this.workers.delete(worker);
      this.emit("exit", worker, code, signal);
    });
    child.on("error", () => {
      // 'exit' follows a failed spawn or kill; the scheduler reports it there.
    });
    return worker;
  }
}
