/**
 * The engine: runs a planned graph of calls on the worker pool, starts each call as soon as
 * its dependencies have succeeded (critical path first when workers are scarce), runs
 * callbacks in completion order before releasing dependents, and reports every step.
 */
import { remainingPathLengths } from "../graph/criticalPath";
import { cloneMessage, uncloneablePath } from "../shared/cloneable";
import type { CallReport, RunReport } from "../runtime/report";
import { sharedStoreDir } from "../runtime/shared";
import { currentTask } from "./outputCapture";
import type { PlannedCall } from "./plan";
import type { WorkerProcess } from "./pool";
import { WorkerPool } from "./pool";
import {
  PROTOCOL_VERSION,
  errorInfo,
  type ErrorInfo,
  type FinalStatus,
  type RunEvent,
  type RunOptions,
  type TaskStatus,
  type WorkerReply,
} from "../shared/protocol";

export type EventSink = (event: RunEvent) => void;

/** Tasks that took at most this long last time may have the next task sent to their worker ahead. */
const TAKE_AHEAD_BELOW_MS = 50;

interface CallState {
  planned: PlannedCall;
  status: TaskStatus;
  remaining: number;
  dependents: CallState[];
  priority: number;
  worker?: WorkerProcess;
  timer?: NodeJS.Timeout;
  startMs?: number;
  endMs?: number;
  result?: unknown;
  error?: ErrorInfo;
  reason?: string;
  callbackOutput: string;
}

export interface EngineConfig {
  maxWorkers: number;
  emit: EventSink;
}

export class Engine {
  private readonly pool: WorkerPool;
  /** Learned per task id: later rounds order the critical path by real durations. */
  private readonly durations = new Map<string, number>();
  private runs = 0;
  private active?: Run;

  constructor(private readonly config: EngineConfig) {
    // Workers inherit the namespace store's location, so it must exist before the first is forked.
    sharedStoreDir();
    this.pool = new WorkerPool(config.maxWorkers);
    this.pool.on("reply", (worker, reply) => this.active?.onReply(worker, reply));
    this.pool.on("exit", (worker, code, signal) => this.active?.onWorkerExit(worker, code, signal));
    this.pool.on("stray", (worker, stream, text) => {
      const [only] = worker.tasks.size === 1 ? worker.tasks.keys() : [];
      this.config.emit({ type: "output", key: only, stream, text });
    });
  }

  get maxWorkers(): number {
    return this.config.maxWorkers;
  }

  /** Start the workers now, so they load while the user's module does. */
  prestart(): void {
    this.pool.fill();
  }

  run(calls: PlannedCall[], options: RunOptions): Promise<RunReport> {
    if (this.active)
      return Promise.reject(
        new Error("semisync: a run is already in progress; await the first begin() before starting another"),
      );
    this.pool.setHoldsProcess(true);
    this.pool.fill();
    return new Promise<RunReport>((resolve) => {
      this.active = new Run(++this.runs, calls, options, this.pool, this.durations, this.config.emit, (report) => {
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

  cancel(reason = "run cancelled"): void {
    this.active?.stop(reason, "cancelled");
  }

  dispose(): void {
    this.cancel();
    this.pool.killAll();
  }
}

class Run {
  private readonly calls = new Map<string, CallState>();
  private readonly ready: CallState[] = [];
  private readonly startedAt = performance.now();
  private settledCount = 0;
  private finished = false;
  private callbacks: Promise<void> = Promise.resolve();
  private stopping?: string;

  constructor(
    private readonly id: number,
    planned: PlannedCall[],
    private readonly options: RunOptions,
    private readonly pool: WorkerPool,
    private readonly durations: Map<string, number>,
    private readonly emit: EventSink,
    private readonly done: (report: RunReport) => void,
  ) {
    for (const call of planned) {
      this.calls.set(call.key, {
        planned: call,
        status: "queued",
        remaining: call.dependencies.length,
        dependents: [],
        priority: 0,
        callbackOutput: "",
      });
    }
    for (const state of this.calls.values()) {
      for (const upstream of state.planned.dependencies) this.calls.get(upstream)!.dependents.push(state);
    }
    const lengths = remainingPathLengths(
      new Map([...this.calls].map(([key, state]) => [key, state.dependents.map((d) => d.planned.key)])),
      (key) => this.durations.get(this.calls.get(key)!.planned.id) ?? 1,
    );
    for (const [key, state] of this.calls) state.priority = lengths.get(key) ?? 0;
  }

  start(): void {
    this.emit({
      type: "run-start",
      version: PROTOCOL_VERSION,
      runId: this.id,
      maxWorkers: this.pool.size,
      file: [...this.calls.values()][0]?.planned.file,
      tasks: [...this.calls.values()].map(
        ({ planned: { task: _task, args: _args, blockedReason: _reason, ...info } }) => info,
      ),
    });
    for (const key of this.calls.keys()) this.emit({ type: "task-queued", key });
    for (const state of this.calls.values()) {
      if (state.status === "queued" && state.planned.blockedReason) this.skip(state, state.planned.blockedReason);
    }
    for (const state of this.calls.values())
      if (state.status === "queued" && state.remaining === 0) this.ready.push(state);
    this.pump();
    this.finishIfDone();
  }

  private now(): number {
    return Math.round(performance.now() - this.startedAt);
  }

  private pump(): void {
    if (this.stopping) return;
    this.ready.sort((a, b) => b.priority - a.priority);
    for (let worker = this.pool.available(); worker && this.ready.length > 0; worker = this.pool.available()) {
      this.dispatch(this.ready.shift()!, worker, "computing");
    }
    // A worker busy with a task known to be short gets its next task now, so that it starts
    // without waiting for a round trip through this process; long tasks never hold one back.
    for (const worker of this.pool.workers) {
      if (this.ready.length === 0) break;
      if (this.canTakeAhead(worker, this.ready[0])) this.dispatch(this.ready.shift()!, worker, "waiting");
    }
    if (this.ready.length > 0) this.pool.fill();
  }

  private canTakeAhead(worker: WorkerProcess, next: CallState): boolean {
    if (worker.retiring || worker.exited || worker.keyIn("waiting") !== undefined) return false;
    if (!worker.loadedFiles.has(next.planned.file!)) return false;
    const busy = worker.keyIn("computing");
    const learned = busy === undefined ? undefined : this.durations.get(this.calls.get(busy)!.planned.id);
    return learned !== undefined && learned <= TAKE_AHEAD_BELOW_MS;
  }

  private dispatch(state: CallState, worker: WorkerProcess, slot: "computing" | "waiting"): void {
    const { key, id, file, args } = state.planned;
    const unsendable = uncloneablePath(args, "arguments");
    const unrunnable = unsendable
      ? { name: "TypeError", message: cloneMessage(`${key}: the arguments of this call`, unsendable) }
      : !file
        ? {
            name: "Error",
            message: `${key}: semisync could not tell which file declares this task, so no worker can load it`,
          }
        : undefined;
    if (unrunnable || !file) {
      state.status = "running";
      this.settle(state, "failed", { error: unrunnable });
      return;
    }
    try {
      worker.send({ type: "run", key, file, id, args });
    } catch {
      // The worker died between being chosen and being used: its exit is handled elsewhere.
      worker.retiring = true;
      this.ready.unshift(state);
      return;
    }
    worker.tasks.set(key, slot);
    state.worker = worker;
    if (slot === "computing") {
      this.markRunning(state);
      // Where the module is loaded the task starts at once; elsewhere the worker says when.
      if (worker.loadedFiles.has(file)) this.markStarted(state, worker);
    }
  }

  /**
   * Running from the engine's point of view: a worker has it. The timeout is armed now, so a
   * module that never finishes loading cannot hang the run, and armed again when the task's
   * own code starts, so that loading does not eat into the task's time.
   */
  private markRunning(state: CallState): void {
    state.status = "running";
    const timeoutMs = state.planned.task.timeoutMs ?? this.options.timeoutMs;
    clearTimeout(state.timer);
    if (timeoutMs !== undefined) state.timer = setTimeout(() => this.onTimeout(state, timeoutMs), timeoutMs);
  }

  private markStarted(state: CallState, worker: WorkerProcess): void {
    state.startMs = this.now();
    this.emit({ type: "task-start", key: state.planned.key, atMs: state.startMs, worker: worker.pid });
  }

  /** The worker loaded the task's module and began the task's code. */
  private onStarted(worker: WorkerProcess, key: string): void {
    const state = this.calls.get(key);
    if (!state || state.worker !== worker || state.status !== "running") return;
    worker.loadedFiles.add(state.planned.file!);
    this.markRunning(state);
    this.markStarted(state, worker);
  }

  /** The worker moved on from its computing task, so the task sent ahead has begun. */
  private promoteWaiting(worker: WorkerProcess): void {
    const key = worker.keyIn("waiting");
    if (key === undefined || worker.keyIn("computing") !== undefined) return;
    const state = this.calls.get(key)!;
    worker.tasks.set(key, "computing");
    this.markRunning(state);
    this.markStarted(state, worker);
  }

  onReply(worker: WorkerProcess, reply: WorkerReply): void {
    if (reply.type === "ready") {
      this.pump();
      return;
    }
    if (reply.type === "started") {
      this.onStarted(worker, reply.key);
      return;
    }
    const state = reply.key === undefined ? undefined : this.calls.get(reply.key);
    const mine = state && state.worker === worker && state.status === "running" ? state : undefined;
    if (mine && reply.type !== "output") worker.loadedFiles.add(mine.planned.file!);
    switch (reply.type) {
      case "output":
        if (reply.key === undefined || mine)
          this.emit({ type: "output", key: reply.key, stream: reply.stream, text: reply.text });
        return;
      case "parked":
        if (mine) worker.tasks.set(mine.planned.key, "parked");
        this.promoteWaiting(worker);
        this.pump();
        return;
      // The task sent ahead begins once this one has ended: settle first, so the times say so.
      case "succeeded":
        if (!mine) return;
        this.release(mine);
        this.durations.set(mine.planned.id, this.now() - (mine.startMs ?? this.now()));
        this.afterCallback(mine, reply.result);
        this.promoteWaiting(worker);
        return;
      case "failed":
        if (!mine) return;
        this.release(mine);
        this.settle(mine, "failed", { error: reply.error });
        this.promoteWaiting(worker);
        return;
      case "uncaught": {
        // Node's advice after an uncaught error: stop using the process. It finishes what it holds.
        worker.retiring = true;
        if (mine) {
          this.release(mine);
          this.settle(mine, "failed", { error: reply.error });
          this.promoteWaiting(worker);
        } else {
          worker.killReason = `an error was thrown outside any task: ${reply.error.message}`;
          worker.kill();
        }
        this.pool.fill();
        this.pump();
        return;
      }
    }
  }

  onWorkerExit(worker: WorkerProcess, code: number | null, signal: NodeJS.Signals | null): void {
    const how = worker.killReason ?? (signal ? `was killed by ${signal}` : `exited with code ${code}`);
    const held = [...worker.tasks];
    worker.tasks.clear();
    for (const [key, slot] of held) {
      const state = this.calls.get(key);
      if (!state || state.worker !== worker) continue;
      state.worker = undefined;
      if (slot === "waiting") {
        // Sent ahead but never started: another worker will run it.
        if (state.status === "queued") this.ready.push(state);
        continue;
      }
      if (state.status !== "running") continue;
      clearTimeout(state.timer);
      const others = held
        .filter(([other, otherSlot]) => other !== key && otherSlot !== "waiting")
        .map(([other]) => other);
      const shared = others.length ? ` (the process also held ${others.join(", ")})` : "";
      const message = worker.killReason
        ? `${key}: its worker process was stopped because ${how}`
        : `${key}: its worker process ${how} while the task ran${shared}`;
      this.settle(state, "failed", { error: { name: "WorkerExited", message } });
    }
    if (!this.stopping) {
      this.pool.fill();
      this.pump();
    }
  }

  onCallbackOutput(key: string, text: string): void {
    const state = this.calls.get(key);
    if (state) state.callbackOutput += text;
    this.emit({ type: "output", key, stream: "callback", text });
  }

  private onTimeout(state: CallState, timeoutMs: number): void {
    if (state.status !== "running" || !state.worker) return;
    const worker = state.worker;
    const key = state.planned.key;
    const computing = worker.tasks.get(key) === "computing";
    // Kill the task's process. If the task is only awaiting and other tasks wait in the same
    // process, let them finish first (the process takes no new work) rather than fail them too.
    worker.retiring = true;
    worker.killReason = `${key} timed out after ${timeoutMs} ms while holding the process`;
    this.release(state);
    if (computing) worker.kill();
    this.settle(state, "timed-out", { timeoutMs });
    this.pool.fill();
    this.pump();
  }

  private release(state: CallState): void {
    clearTimeout(state.timer);
    const worker = state.worker;
    if (!worker) return;
    worker.tasks.delete(state.planned.key);
    if (worker.retiring && worker.tasks.size === 0) worker.kill();
  }

  private afterCallback(state: CallState, result: unknown): void {
    const callback = state.planned.task.callback;
    state.result = result;
    if (!callback) {
      this.settle(state, "succeeded", {});
      return;
    }
    const args = Array.isArray(result) ? result : [result];
    const key = state.planned.key;
    this.callbacks = this.callbacks.then(async () => {
      const failure = await currentTask.run({ key, callback: true }, async () => {
        try {
          await callback(...args);
          return undefined;
        } catch (error) {
          return errorInfo(error);
        }
      });
      if (failure)
        this.settle(state, "failed", {
          error: { ...failure, message: `${key}: its callback threw: ${failure.message}` },
        });
      else this.settle(state, "succeeded", {});
    });
  }

  private settle(
    state: CallState,
    status: FinalStatus,
    details: { error?: ErrorInfo; timeoutMs?: number; reason?: string },
  ): void {
    // Only a live call settles: late replies, callbacks that finish after a cancel, exits after a timeout are ignored.
    if (state.status !== "running" && !(state.status === "queued" && status === "cancelled")) return;
    const key = state.planned.key;
    state.status = status;
    state.endMs = this.now();
    state.error = details.error;
    state.reason = details.reason;
    const durationMs = state.endMs - (state.startMs ?? state.endMs);
    const atMs = state.endMs;
    if (status === "succeeded") this.emit({ type: "task-succeeded", key, atMs, durationMs });
    else if (status === "failed") this.emit({ type: "task-failed", key, atMs, durationMs, error: details.error! });
    else if (status === "timed-out") {
      state.error = {
        name: "TimeoutError",
        message: `${key} did not finish within ${details.timeoutMs} ms; its process was stopped`,
      };
      this.emit({ type: "task-timed-out", key, atMs, durationMs, timeoutMs: details.timeoutMs! });
    } else if (status === "cancelled")
      this.emit({ type: "task-cancelled", key, atMs, reason: details.reason ?? "run cancelled" });
    this.settledCount++;

    if (status === "succeeded") {
      for (const dependent of state.dependents) {
        if (--dependent.remaining === 0 && dependent.status === "queued") this.ready.push(dependent);
      }
    } else if (!this.stopping) {
      for (const dependent of state.dependents) this.skip(dependent, `upstream failed: ${key}`);
      if (this.options.failFast && (status === "failed" || status === "timed-out"))
        this.stop(
          `--fail-fast stopped the run after ${key} ${status === "failed" ? "failed" : "timed out"}`,
          "skipped",
        );
    }
    this.pump();
    this.finishIfDone();
  }

  private skip(state: CallState, reason: string): void {
    if (state.status !== "queued") return;
    state.status = "skipped";
    state.reason = reason;
    const index = this.ready.indexOf(state);
    if (index >= 0) this.ready.splice(index, 1);
    this.settledCount++;
    this.emit({ type: "task-skipped", key: state.planned.key, reason });
    for (const dependent of state.dependents) this.skip(dependent, reason);
  }

  /** Cancel what runs (killing its processes) and mark what has not started. */
  stop(reason: string, notStarted: "cancelled" | "skipped"): void {
    if (this.stopping) return;
    this.stopping = reason;
    for (const state of this.calls.values()) {
      if (state.status === "running") {
        state.worker?.kill();
        this.settle(state, "cancelled", { reason });
      }
    }
    for (const state of this.calls.values()) {
      if (state.status !== "queued") continue;
      if (notStarted === "skipped") this.skip(state, reason);
      else this.settle(state, "cancelled", { reason });
    }
    this.finishIfDone();
  }

  private finishIfDone(): void {
    if (this.settledCount < this.calls.size || this.finished) return;
    this.finished = true;
    const states = [...this.calls.values()];
    const durationMs = this.now();
    const ok = states.every((state) => state.status === "succeeded");
    this.emit({
      type: "run-end",
      runId: this.id,
      durationMs,
      ok,
      tasks: states.map((state) => ({
        key: state.planned.key,
        id: state.planned.id,
        call: state.planned.call,
        status: state.status as FinalStatus,
        ...(state.status === "skipped" || state.startMs === undefined
          ? {}
          : { startMs: state.startMs, endMs: state.endMs }),
        ...(state.reason ? { reason: state.reason } : {}),
        ...(state.error ? { error: state.error } : {}),
      })),
    });
    this.done({
      ok,
      durationMs,
      calls: states.map((state): CallReport => ({
        key: state.planned.key,
        id: state.planned.id,
        args: state.planned.args,
        status: state.status as FinalStatus,
        result: state.result,
        error: state.error,
        reason: state.reason,
        startMs: state.startMs,
        endMs: state.endMs,
        callbackOutput: state.callbackOutput,
      })),
    });
  }
}
