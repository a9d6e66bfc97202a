/**
 * One run's scheduling: starts each call as soon as its dependencies have succeeded (critical
 * path first when workers are scarce), runs callbacks in completion order before releasing
 * dependents, ends every call exactly once, and reports every step.
 */
import { remainingPathLengths } from "../graph/criticalPath";
import { cloneMessage, uncloneablePath } from "../shared/cloneable";
import type { RunReport } from "../runtime/report";
import { callReport, taskSummary, type CallState } from "./callState";
import type { Clock } from "./clock";
import type { EventSink } from "./engine";
import { currentTask } from "./outputCapture";
import { isThenable } from "./thenable";
import type { PlannedCall } from "./plan";
import type { Pool, PoolWorker } from "./pool";
import { aloneReason, diedUnder, lateErrorWarning, rerunReason } from "./workerFaults";
import {
  PROTOCOL_VERSION,
  errorInfo,
  type ErrorInfo,
  type FinalStatus,
  type RunOptions,
  type WorkerReply,
  type WorkerRequest,
} from "../shared/protocol";

/** Tasks that took at most this long last time may have the next task sent to their worker ahead. */
const TAKE_AHEAD_BELOW_MS = 50;

interface EndDetails {
  error?: ErrorInfo;
  timeoutMs?: number;
  reason?: string;
}

/** What a run shares with the engine that outlives it. */
export interface RunEnvironment {
  pool: Pool;
  /** Learned per task id across runs. */
  durations: Map<string, number>;
  emit: EventSink;
  clock: Clock;
}

export class RunScheduler {
  private readonly calls = new Map<string, CallState>();
  private readonly ready: CallState[] = [];
  private readonly pool: Pool;
  private readonly durations: Map<string, number>;
  private readonly emit: EventSink;
  private readonly clock: Clock;
  private readonly startedAt: number;
  private settledCount = 0;
  private finished = false;
  private callbacks: Promise<void> = Promise.resolve();
  private stopping?: string;

  constructor(
    private readonly id: number,
    planned: PlannedCall[],
    private readonly options: RunOptions,
    { pool, durations, emit, clock }: RunEnvironment,
    private readonly done: (report: RunReport) => void,
  ) {
    this.pool = pool;
    this.durations = durations;
    this.emit = emit;
    this.clock = clock;
    this.startedAt = clock.now();
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

  /** Cancel the run: what runs is cancelled and its processes killed, what has not started is cancelled too. */
  cancel(reason: string): void {
    this.stop(reason, "cancelled");
  }

  private now(): number {
    return Math.round(this.clock.now() - this.startedAt);
  }

  private pump(): void {
    if (this.stopping) return;
    this.ready.sort((a, b) => b.priority - a.priority);
    for (;;) {
      const shared = this.available(false);
      const alone = this.available(true);
      const index = this.ready.findIndex((state) => (state.alone ? alone : shared) !== undefined);
      if (index < 0) break;
      const [state] = this.ready.splice(index, 1);
      this.dispatch(state, (state.alone ? alone : shared)!, "computing");
    }
    // A worker busy with a task known to be short gets its next task now, so that it starts
    // without waiting for a round trip through this process; long tasks never hold one back.
    for (const worker of this.pool.workers) {
      if (this.ready.length === 0) break;
      if (this.canTakeAhead(worker, this.ready[0])) this.dispatch(this.ready.shift()!, worker, "waiting");
    }
    if (this.ready.length > 0) this.pool.grow(this.workersWanted());
  }

  /**
   * How many workers the run can use now: those busy, and one for each ready task that no idle
   * worker can take. The pool's size is a maximum: a worker is started only for a task that
   * could compute on it at once.
   */
  private workersWanted(): number {
    let busy = 0;
    let awaitingOnly = 0;
    for (const worker of this.pool.workers) {
      if (worker.retiring || worker.exited) continue;
      if (worker.computing || this.holdsAlone(worker)) busy++;
      else if (worker.tasks.size > 0) awaitingOnly++;
    }
    const alone = this.ready.filter((state) => state.alone).length;
    const shared = this.ready.length - alone;
    // A worker whose tasks all await can take a shared task, but a task that must run alone needs an empty one.
    return busy + awaitingOnly + alone + Math.max(0, shared - awaitingOnly);
  }

  /**
   * A worker that can start a task now: started up, not computing, not retiring; the least
   * loaded first. A task is never handed to a worker still starting, so its reported start
   * and duration are the task's own. A task that must run alone needs a worker holding nothing,
   * and a worker running such a task takes no other.
   */
  private available(forAlone: boolean): PoolWorker | undefined {
    let best: PoolWorker | undefined;
    for (const worker of this.pool.workers) {
      if (!worker.ready || worker.retiring || worker.exited || worker.computing) continue;
      if (forAlone ? worker.tasks.size > 0 : this.holdsAlone(worker)) continue;
      if (!best || worker.tasks.size < best.tasks.size) best = worker;
    }
    return best;
  }

  private holdsAlone(worker: PoolWorker): boolean {
    for (const key of worker.tasks.keys()) if (this.calls.get(key)?.alone) return true;
    return false;
  }

  private canTakeAhead(worker: PoolWorker, next: CallState): boolean {
    if (worker.retiring || worker.exited || worker.keyIn("waiting") !== undefined) return false;
    if (next.alone || this.holdsAlone(worker)) return false;
    if (!worker.loadedFiles.has(next.planned.file!)) return false;
    const busy = worker.keyIn("computing");
    const learned = busy === undefined ? undefined : this.durations.get(this.calls.get(busy)!.planned.id);
    return learned !== undefined && learned <= TAKE_AHEAD_BELOW_MS;
  }

  private dispatch(state: CallState, worker: PoolWorker, slot: "computing" | "waiting"): void {
    const prepared = runRequest(state.planned);
    if ("error" in prepared) {
      this.endUnstarted(state, "failed", { error: prepared.error });
      return;
    }
    const { request } = prepared;
    try {
      worker.send(request);
    } catch {
      // The worker died between being chosen and being used: its exit is handled elsewhere.
      worker.retiring = true;
      this.ready.unshift(state);
      return;
    }
    worker.tasks.set(request.key, slot);
    state.worker = worker;
    if (slot === "computing") {
      this.markRunning(state);
      // Where the module is loaded the task starts at once; elsewhere the worker says when.
      if (worker.loadedFiles.has(request.file)) this.markStarted(state, worker);
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
    state.cancelTimeout?.();
    state.cancelTimeout =
      timeoutMs === undefined ? undefined : this.clock.after(timeoutMs, () => this.onTimeout(state, timeoutMs));
  }

  private markStarted(state: CallState, worker: PoolWorker): void {
    state.startMs = this.now();
    this.emit({ type: "task-start", key: state.planned.key, atMs: state.startMs, worker: worker.pid });
  }

  /** The worker loaded the task's module and began the task's code. */
  private onStarted(worker: PoolWorker, key: string): void {
    const state = this.calls.get(key);
    if (!state || state.worker !== worker || state.status !== "running") return;
    worker.loadedFiles.add(state.planned.file!);
    this.markRunning(state);
    this.markStarted(state, worker);
  }

  /** The worker moved on from its computing task, so the task sent ahead has begun. */
  private promoteWaiting(worker: PoolWorker): void {
    const key = worker.keyIn("waiting");
    if (key === undefined || worker.keyIn("computing") !== undefined) return;
    const state = this.calls.get(key)!;
    worker.tasks.set(key, "computing");
    this.markRunning(state);
    this.markStarted(state, worker);
  }

  onReply(worker: PoolWorker, reply: WorkerReply): void {
    if (reply.type === "ready") return this.pump();
    if (reply.type === "started") return this.onStarted(worker, reply.key);
    if (reply.type === "uncaught") return this.onUncaught(worker, reply.key, reply.error);
    const state = reply.key === undefined ? undefined : this.calls.get(reply.key);
    // Replies about a call this worker no longer runs (it timed out, the run was cancelled) change nothing.
    const mine = state && state.worker === worker && state.status === "running" ? state : undefined;
    if (reply.type === "output") {
      if (reply.key === undefined || mine)
        this.emit({ type: "output", key: reply.key, stream: reply.stream, text: reply.text });
      return;
    }
    if (reply.type === "parked") {
      if (mine) {
        worker.loadedFiles.add(mine.planned.file!);
        worker.tasks.set(mine.planned.key, "parked");
      }
      this.promoteWaiting(worker);
      this.pump();
      return;
    }
    if (!mine) return;
    worker.loadedFiles.add(mine.planned.file!);
    this.release(mine);
    // The task sent ahead begins once this one has ended: end it first, so the times say so.
    if (reply.type === "succeeded") {
      this.durations.set(mine.planned.id, this.now() - (mine.startMs ?? this.now()));
      this.afterCallback(mine, reply.result);
    } else {
      this.settle(mine, "failed", { error: reply.error });
    }
    this.promoteWaiting(worker);
    // The worker is free even while the task's callback runs: a slow callback must not idle it.
    this.pump();
  }

  /**
   * Node's advice after an uncaught error: stop using the process. It finishes what it holds.
   * The error is the task's whose code threw (the worker tracks that through async context),
   * if that task still runs there; otherwise it is no task's, and the run warns, blaming no one.
   */
  private onUncaught(worker: PoolWorker, key: string | undefined, error: ErrorInfo): void {
    worker.retiring = true;
    const state = key === undefined ? undefined : this.calls.get(key);
    if (state && state.worker === worker && state.status === "running" && worker.tasks.has(key!)) {
      worker.loadedFiles.add(state.planned.file!);
      this.release(state);
      this.settle(state, "failed", { error });
      this.promoteWaiting(worker);
    } else {
      const scheduledBy = key === undefined ? undefined : { key, status: state?.status };
      this.emit({ type: "output", stream: "stderr", text: lateErrorWarning(worker.pid, error, scheduledBy) });
      if (worker.tasks.size === 0) worker.kill();
    }
    this.pump();
  }

  /**
   * A worker process ended. Tasks it held that had not finished are lost through no fault of
   * theirs unless one of them ended it: when the engine killed it (another task timed out), all
   * run again; when it held one task, that task ended it; when it held several, nothing says
   * which, so each runs again alone, where a second death is its own.
   */
  onWorkerExit(worker: PoolWorker, code: number | null, signal: NodeJS.Signals | null): void {
    const how = worker.killReason ?? (signal ? `was killed by ${signal}` : `exited with code ${code}`);
    const held = [...worker.tasks];
    worker.tasks.clear();
    const lost: CallState[] = [];
    for (const [key, slot] of held) {
      const state = this.calls.get(key);
      if (!state || state.worker !== worker) continue;
      state.worker = undefined;
      if (slot === "waiting") {
        // Sent ahead but never started: another worker will run it.
        if (state.status === "queued") this.ready.push(state);
        continue;
      }
      if (state.status === "running") lost.push(state);
    }
    for (const state of lost) {
      const key = state.planned.key;
      if (worker.killReason) this.rerun(state, rerunReason(how), false);
      else if (lost.length === 1)
        this.settle(state, "failed", {
          error: { name: "WorkerExited", message: diedUnder(key, how, state.alone === true) },
        });
      else
        this.rerun(
          state,
          aloneReason(
            how,
            lost.filter((other) => other !== state).map((other) => other.planned.key),
          ),
          true,
        );
    }
    this.pump();
  }

  /** A running call that lost its worker goes back to the queue, and the run says so. */
  private rerun(state: CallState, reason: string, alone: boolean): void {
    state.cancelTimeout?.();
    state.cancelTimeout = undefined;
    state.status = "queued";
    state.startMs = undefined;
    if (alone) state.alone = true;
    this.emit({ type: "task-queued", key: state.planned.key, atMs: this.now(), reason });
    this.ready.push(state);
  }

  onCallbackOutput(key: string, text: string): void {
    const state = this.calls.get(key);
    if (state) state.callbackOutput += text;
    this.emit({ type: "output", key, stream: "callback", text });
  }

  /**
   * Stop the task's process now, awaiting or not: its code must not go on writing shared fields
   * and printing after it was reported stopped, and a task that resumed into a CPU loop looks
   * parked while it starves every other task there. Those others did nothing wrong: they run again.
   */
  private onTimeout(state: CallState, timeoutMs: number): void {
    if (state.status !== "running" || !state.worker) return;
    const worker = state.worker;
    const key = state.planned.key;
    worker.killReason = `was stopped because ${key} timed out after ${timeoutMs} ms`;
    this.release(state);
    worker.kill();
    this.settle(state, "timed-out", { timeoutMs });
    this.pump();
  }

  private release(state: CallState): void {
    state.cancelTimeout?.();
    const worker = state.worker;
    if (!worker) return;
    worker.tasks.delete(state.planned.key);
    if (worker.retiring && worker.tasks.size === 0) worker.kill();
  }

  /**
   * Callbacks start in completion order, each once the one before has returned; one that awaits
   * lets the next start, as a worker does with tasks, so a slow or stuck callback holds back only
   * its own task's dependents. The task's timeout bounds its callback too: a callback runs in this
   * process and cannot be killed, so when it has not settled in time the task fails and the run
   * goes on without it.
   */
  private afterCallback(state: CallState, result: unknown): void {
    const callback = state.planned.task.callback;
    state.result = result;
    if (!callback) {
      this.settle(state, "succeeded", {});
      return;
    }
    const args = Array.isArray(result) ? result : [result];
    const key = state.planned.key;
    const previous = this.callbacks;
    let returned!: () => void;
    this.callbacks = new Promise<void>((resolve) => (returned = resolve));
    void previous.then(() => {
      // Cancelled while it waited for its turn: its callback has nothing left to report to.
      if (state.status !== "running") return returned();
      const timeoutMs = state.planned.task.timeoutMs ?? this.options.timeoutMs;
      if (timeoutMs !== undefined)
        state.cancelTimeout = this.clock.after(timeoutMs, () =>
          this.settle(state, "failed", { error: callbackTimeout(key, timeoutMs) }),
        );
      const outcome = currentTask.run({ key, callback: true }, () => {
        try {
          return { value: callback(...args) as unknown };
        } catch (error) {
          return { error: errorInfo(error) };
        }
      });
      const finish = (failure?: ErrorInfo) => {
        state.cancelTimeout?.();
        if (failure)
          this.settle(state, "failed", {
            error: { ...failure, message: `${key}: its callback threw: ${failure.message}` },
          });
        else this.settle(state, "succeeded", {});
      };
      if ("error" in outcome) finish(outcome.error);
      else if (isThenable(outcome.value))
        outcome.value.then(
          () => finish(),
          (error: unknown) => finish(errorInfo(error)),
        );
      else finish();
      returned();
    });
  }

  /**
   * A running call ends. Late replies, callbacks that finish after a cancel and exits after a
   * timeout find it ended already and change nothing.
   */
  private settle(state: CallState, status: FinalStatus, details: EndDetails): void {
    if (state.status === "running") this.end(state, status, details);
  }

  /** A call that never started ends: no worker can run it, or the run stopped before it could. */
  private endUnstarted(state: CallState, status: "failed" | "cancelled", details: EndDetails): void {
    if (state.status === "queued") this.end(state, status, details);
  }

  private end(state: CallState, status: FinalStatus, details: EndDetails): void {
    const key = state.planned.key;
    this.record(state, status, details);
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

  /** Writes the call's end into its state and tells the listeners. */
  private record(state: CallState, status: FinalStatus, details: EndDetails): void {
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
  private stop(reason: string, notStarted: "cancelled" | "skipped"): void {
    if (this.stopping) return;
    this.stopping = reason;
    for (const state of this.calls.values()) {
      if (state.status === "running") {
        state.worker?.kill();
        this.settle(state, "cancelled", { reason });
      }
    }
    for (const state of this.calls.values()) {
      if (notStarted === "skipped") this.skip(state, reason);
      else this.endUnstarted(state, "cancelled", { reason });
    }
    this.finishIfDone();
  }

  private finishIfDone(): void {
    if (this.settledCount < this.calls.size || this.finished) return;
    this.finished = true;
    const states = [...this.calls.values()];
    const durationMs = this.now();
    const ok = states.every((state) => state.status === "succeeded");
    this.emit({ type: "run-end", runId: this.id, durationMs, ok, tasks: states.map(taskSummary) });
    this.done({ ok, durationMs, calls: states.map(callReport) });
  }
}

function callbackTimeout(key: string, timeoutMs: number): ErrorInfo {
  return {
    name: "CallbackTimeoutError",
    message: `${key}: its callback did not settle within ${timeoutMs} ms, the task's timeout; callbacks run in the coordinating process and cannot be stopped, so the task fails and the run goes on. Make the callback resolve, or give the task a longer timeout`,
  };
}

/** The request that runs a call in a worker, or why no worker can run it. */
function runRequest({ key, id, file, args }: PlannedCall): { request: WorkerRequest } | { error: ErrorInfo } {
  const unsendable = uncloneablePath(args, "arguments");
  if (unsendable)
    return { error: { name: "TypeError", message: cloneMessage(`${key}: the arguments of this call`, unsendable) } };
  if (!file)
    return {
      error: {
        name: "Error",
        message: `${key}: semisync could not tell which file declares this task, so no worker can load it`,
      },
    };
  return { request: { type: "run", key, file, id, args } };
}
