/**
 * Warm worker processes. A worker runs one task at a time while the task computes; once the
 * task awaits (its promise is pending), the worker takes another. So CPU-bound tasks get one
 * core each, and a hundred tasks that wait on I/O share a few processes instead of queueing.
 */
import type { ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import type { WorkerMessage, WorkerPreload, WorkerReply, WorkerRequest } from "../shared/protocol";
import { sharedStoreDir } from "../runtime/shared";
import { forkBundle } from "./forkBundle";
import type { InspectedWorkers } from "./inspectedWorkers";
import { currentTask } from "./outputCapture";
import { PoolWorker, type Pool, type PoolEvents } from "./pool";

export class WorkerProcess extends PoolWorker {
  /** Requests made in this turn of the event loop: they leave together, in one write, once the turn's work is done. */
  private outgoing: WorkerMessage = [];

  constructor(readonly child: ChildProcess) {
    super();
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Throws when the process can no longer be reached, so that the caller hands the task to another. */
  send(request: WorkerRequest | WorkerPreload): void {
    if (!this.child.connected) throw new Error(`worker ${this.pid} is gone`);
    // The replies one read brings are handled in ticks of their own; a microtask runs after all of them.
    if (this.outgoing.length === 0) queueMicrotask(() => this.flush());
    this.outgoing.push(request);
  }

  private flush(): void {
    const messages = this.outgoing;
    this.outgoing = [];
    // Gone meanwhile: its exit gives the tasks it was sent back to the run.
    if (this.child.connected) this.child.send(messages);
  }

  protected terminate(): void {
    this.child.kill("SIGKILL");
  }

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

export class WorkerPool extends EventEmitter<PoolEvents> implements Pool {
  readonly workers = new Set<WorkerProcess>();
  /** Whether workers keep this process alive: only while a run needs them. */
  private holding = false;
  private readonly preloads = new Set<string>();

  /**
   * `detached`: each worker in a process group of its own, out of reach of a terminal's Ctrl-C,
   * for a process that answers Ctrl-C itself by cancelling the run (the CLI). Otherwise workers
   * stay in this process's group, so killing the group (the editor stopping a coordinator) takes them too.
   */
  constructor(
    readonly size: number,
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly detached = false,
    /** Under a debugger: every worker is forked with an inspector, and its address is said apart from task output. */
    private readonly inspected?: InspectedWorkers,
  ) {
    super();
    // Workers inherit the namespace store's location, so it must exist before the first is forked.
    sharedStoreDir();
  }

  /** Each new worker becomes usable as soon as it says it is ready. */
  grow(wanted: number): void {
    let live = 0;
    for (const worker of this.workers) if (!worker.retiring) live++;
    for (; live < Math.min(wanted, this.size); live++) this.spawn();
  }

  preload(files: readonly string[]): void {
    for (const file of files) {
      if (this.preloads.has(file)) continue;
      this.preloads.add(file);
      // A worker whose channel closed is about to exit: its 'exit' event deals with it.
      for (const worker of this.workers)
        if (worker.ready && worker.child.connected) worker.send({ type: "load", file });
    }
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
    const detached = this.detached && process.platform !== "win32";
    const inspector = this.inspected?.next();
    const child = currentTask.exit(() =>
      forkBundle("worker", { env: { ...this.env, ...inspector?.env }, detached, execArgv: inspector?.execArgv }),
    );
    const worker = new WorkerProcess(child);
    this.workers.add(worker);
    worker.setHoldsProcess(this.holding);
    child.on("message", (reply: WorkerReply) => {
      if (reply.type === "ready") {
        worker.ready = true;
        // Sent once the worker listens: a message that arrives before would be lost.
        for (const file of this.preloads) worker.send({ type: "load", file });
      }
      this.emit("reply", worker, reply);
    });
    child.stdout!.setEncoding("utf8").on("data", (text: string) => this.emit("stray", worker, "stdout", text));
    child.stderr!.setEncoding("utf8").on("data", (text: string) => {
      const stray = inspector ? inspector.stderr(child.pid, text) : text;
      if (stray) this.emit("stray", worker, "stderr", stray);
    });
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
