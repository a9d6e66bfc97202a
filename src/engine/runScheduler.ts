/**
 * One run's scheduling: starts each call as soon as its dependencies have succeeded (critical
 * path first when workers are scarce), runs callbacks in completion order before releasing
 * dependents, ends every call exactly once, and reports every step.
 */
import { remainingPathLengths } from "../graph/criticalPath";
import { cloneMessage, uncloneablePath } from "../shared/cloneable";
import type { RunReport } from "../runtime/report";
import { callReport, taskSummary, type CallState, type TaskNode } from "./callState";
import type { Clock } from "./clock";
import type { EventSink } from "./engine";
import { currentTask } from "./outputCapture";
import { isThenable } from "./thenable";
import { clonesAsIs } from "./primitive";
import type { PlannedCall } from "./plan";
import type { Pool, PoolWorker } from "./pool";
import { ReadyCalls } from "./readyCalls";
import { aloneReason, diedUnder, lateErrorWarning, rerunReason } from "./workerFaults";
import {
  PROTOCOL_VERSION,
  errorInfo,
  type ErrorInfo,
  type FinalStatus,
  type EngineOptions,
  type WorkerReply,
  type WorkerRequest,
} from "../shared/protocol";

/** Tasks that took at most this long last time may have the next task sent to their worker ahead. */
const TAKE_AHEAD_BELOW_MS = 50;
/**
 * A worker busy with tasks known to be shorter than this all together may be sent more, up to
 * MOST_WAITING: very short tasks then follow each other without a round trip through this process
 * each, and arrive several to a message, while a task that becomes ready later, or another worker
 * that falls idle, waits for at most this long.
 */
const SEVERAL_AHEAD_BELOW_MS = 2;
const MOST_WAITING = 16;

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
  private readonly tasks = new Map<string, TaskNode>();
  private readonly ready = new ReadyCalls();
  /** Calls ever made to run alone: while there are none, no worker holds one, and nothing need look. */
  private aloneCalls = 0;
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
    private readonly options: EngineOptions,
    { pool, durations, emit, clock }: RunEnvironment,
    private readonly done: (report: RunReport) => void,
  ) {
    this.pool = pool;
    this.durations = durations;
    this.emit = emit;
    this.clock = clock;
    this.startedAt = clock.now();
    for (const call of planned) {
      let node = this.tasks.get(call.id);
      if (!node) {
        node = {
          id: call.id,
          calls: [],
          unfinished: 0,
          waitingOn: 0,
          dependents: [],
          dependentsSkipped: false,
          priority: 0,
        };
        this.tasks.set(call.id, node);
      }
      const state: CallState = { planned: call, node, status: "queued", callbackOutput: "" };
      node.calls.push(state);
      node.unfinished++;
      this.calls.set(call.key, state);
    }
    for (const node of this.tasks.values()) {
      for (const upstream of node.calls[0].planned.dependencies) {
        const dependency = this.tasks.get(upstream);
        if (!dependency) continue;
        dependency.dependents.push(node);
        node.waitingOn++;
      }
    }
    const lengths = remainingPathLengths(
      new Map([...this.tasks].map(([id, node]) => [id, node.dependents.map((dependent) => dependent.id)])),
      (id) => this.durations.get(id) ?? 1,
    );
    for (const [id, node] of this.tasks) node.priority = lengths.get(id) ?? 0;
  }

  start(): void {
    this.emit({
      type: "run-start",
      version: PROTOCOL_VERSION,
      runId: this.id,
      maxWorkers: this.pool.size,
      file: [...this.calls.values()][0]?.planned.file,
      tasks: [...this.calls.values()].map(
        ({ planned: { task: _task, args: _args, blockedReason: _reason, dependencies: _dependencies, ...info } }) =>
          info,
      ),
      dependencies: Object.fromEntries(
        [...this.tasks.values()].map((node) => [node.id, [...node.calls[0].planned.dependencies]]),
      ),
    });
    for (const key of this.calls.keys()) this.emit({ type: "task-queued", key });
    for (const state of this.calls.values()) {
      if (state.status === "queued" && state.planned.blockedReason) this.skip(state, state.planned.blockedReason);
    }
    for (const state of this.calls.values())
      if (state.status === "queued" && state.node.waitingOn === 0) this.ready.push(state);
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
    for (;;) {
      const next = this.nextToStart();
      if (!next) break;
      this.ready.remove(next.state);
      this.dispatch(next.state, next.worker, "computing");
    }
    // A worker busy with tasks known to be short gets its next ones now, so that each starts
    // without waiting for a round trip through this process; long tasks never hold one back.
    // One at a time to each worker in turn: the most urgent tasks are shared out, not piled on one.
    for (let sent = true; sent;) {
      sent = false;
      for (const worker of this.pool.workers) {
        const next = this.ready.peek();
        if (!next) break;
        if (this.canTakeAhead(worker, next)) {
          this.ready.remove(next);
          this.dispatch(next, worker, "waiting");
          sent = true;
        }
      }
    }
    if (this.ready.size > 0) this.pool.grow(this.workersWanted());
  }

  /** The first ready call, in priority order, that a worker can start now, and that worker. */
  private nextToStart(): { state: CallState; worker: PoolWorker } | undefined {
    const shared = this.ready.peekShared();
    const alone = this.ready.peekAlone();
    const sharedWorker = shared && this.available(false);
    const aloneWorker = alone && this.available(true);
    if (shared && sharedWorker && !(alone && aloneWorker && this.ready.comesFirst(alone, shared)))
      return { state: shared, worker: sharedWorker };
    if (alone && aloneWorker) return { state: alone, worker: aloneWorker };
    return undefined;
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
    const alone = this.ready.aloneSize;
    const shared = this.ready.size - alone;
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
      // No worker is less loaded than an empty one.
      if (best.tasks.size === 0) break;
    }
    return best;
  }

  private holdsAlone(worker: PoolWorker): boolean {
    if (this.aloneCalls === 0) return false;
    for (const key of worker.tasks.keys()) if (this.calls.get(key)?.alone) return true;
    return false;
  }

  /** Whether `next` may wait on this busy worker: only behind tasks that last took little time. */
  private canTakeAhead(worker: PoolWorker, next: CallState): boolean {
    if (worker.retiring || worker.exited || worker.tasks.size > MOST_WAITING) return false;
    if (next.alone || this.holdsAlone(worker)) return false;
    if (!worker.loadedFiles.has(next.planned.file!)) return false;
    let ahead = 0;
    let aheadMs = 0;
    for (const [key, slot] of worker.tasks) {
      if (slot === "parked") continue;
      const state = this.calls.get(key);
      const learned = state === undefined ? undefined : this.durations.get(state.planned.id);
      if (learned === undefined) return false;
      ahead++;
      // A task already running longer than it took last time is not short this time.
      const elapsed = slot === "computing" && state!.startMs !== undefined ? this.now() - state!.startMs : 0;
      aheadMs += Math.max(learned, elapsed);
    }
    // Several ahead only when no worker is still starting: it will take the next ready task itself.
    if (ahead >= 2) for (const other of this.pool.workers) if (!other.ready && !other.retiring) return false;
    if (ahead === 0) return false;
    return aheadMs <= (ahead === 1 ? TAKE_AHEAD_BELOW_MS : SEVERAL_AHEAD_BELOW_MS);
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
      this.ready.pushFront(state);
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
    const timeoutMs = this.timeoutOf(state);
    state.cancelTimeout?.();
    state.cancelTimeout =
      timeoutMs === undefined ? undefined : this.clock.after(timeoutMs, () => this.onTimeout(state, timeoutMs));
  }

  private timeoutOf(state: CallState): number | undefined {
    if (this.options.ignoreTimeouts) return undefined;
    return state.planned.task.timeoutMs ?? this.options.timeoutMs;
  }

  private markStarted(state: CallState, worker: PoolWorker): void {
    state.startMs = this.now();
    const named = worker.name === undefined ? {} : { workerName: worker.name };
    this.emit({ type: "task-start", key: state.planned.key, atMs: state.startMs, worker: worker.pid, ...named });
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
    if (reply.type === "timed-out") {
      if (mine) this.onTimeout(mine, reply.timeoutMs);
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
    if (alone && !state.alone) {
      state.alone = true;
      this.aloneCalls++;
    }
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
    state.returnedAtMs = this.now();
    const args = Array.isArray(result) ? result : [result];
    const key = state.planned.key;
    const previous = this.callbacks;
    let returned!: () => void;
    this.callbacks = new Promise<void>((resolve) => (returned = resolve));
    void previous.then(() => {
      // Cancelled while it waited for its turn: its callback has nothing left to report to.
      if (state.status !== "running") return returned();
      const timeoutMs = this.timeoutOf(state);
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
      if (--state.node.unfinished === 0) this.releaseDependents(state.node);
    } else if (!this.stopping) {
      this.skipDependents(state.node, `upstream failed: ${key}`, key);
      if (this.options.failFast && (status === "failed" || status === "timed-out"))
        this.stop(
          `--fail-fast stopped the run after ${key} ${status === "failed" ? "failed" : "timed out"}`,
          "skipped",
          key,
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
    const returned = state.returnedAtMs === undefined ? {} : { returnedAtMs: state.returnedAtMs };
    if (status === "succeeded") this.emit({ type: "task-succeeded", key, atMs, durationMs, ...returned });
    else if (status === "failed")
      this.emit({ type: "task-failed", key, atMs, durationMs, error: details.error!, ...returned });
    else if (status === "timed-out") {
      state.error = {
        name: "TimeoutError",
        message: `${key} did not finish within ${details.timeoutMs} ms; its process was stopped`,
      };
      this.emit({ type: "task-timed-out", key, atMs, durationMs, timeoutMs: details.timeoutMs! });
    } else if (status === "cancelled")
      this.emit({ type: "task-cancelled", key, atMs, reason: details.reason ?? "run cancelled" });
  }

  /** Every call of the task succeeded: the calls of the tasks that waited only for it may start. */
  private releaseDependents(node: TaskNode): void {
    for (const dependent of node.dependents) {
      if (--dependent.waitingOn > 0) continue;
      for (const call of dependent.calls) if (call.status === "queued") this.ready.push(call);
    }
  }

  /**
   * The call will never run, nor will anything downstream of it. `cause` is the call whose end
   * stopped it; without one (a dependency that could not be queued) this call is the root of its dependents' skips.
   */
  private skip(state: CallState, reason: string, cause?: string): void {
    if (state.status !== "queued") return;
    this.markSkipped(state, reason, cause);
    this.skipDependents(state.node, reason, cause ?? state.planned.key);
  }

  /**
   * Skips every call downstream of the task, each with the call it waited for skipped first,
   * as a depth-first walk would; iterative, so that a chain of thousands cannot overflow the stack.
   */
  private skipDependents(node: TaskNode, reason: string, cause: string): void {
    const pending: CallState[] = [];
    const expand = (from: TaskNode) => {
      if (from.dependentsSkipped) return;
      from.dependentsSkipped = true;
      for (let t = from.dependents.length - 1; t >= 0; t--) {
        const calls = from.dependents[t].calls;
        for (let c = calls.length - 1; c >= 0; c--) pending.push(calls[c]);
      }
    };
    expand(node);
    for (let state = pending.pop(); state; state = pending.pop()) {
      if (state.status !== "queued") continue;
      this.markSkipped(state, reason, cause);
      expand(state.node);
    }
  }

  private markSkipped(state: CallState, reason: string, cause: string | undefined): void {
    state.status = "skipped";
    state.reason = reason;
    this.ready.remove(state);
    this.settledCount++;
    this.emit({ type: "task-skipped", key: state.planned.key, reason, ...(cause ? { cause } : {}) });
  }

  /** Cancel what runs (killing its processes) and mark what has not started. */
  private stop(reason: string, notStarted: "cancelled" | "skipped", cause?: string): void {
    if (this.stopping) return;
    this.stopping = reason;
    for (const state of this.calls.values()) {
      if (state.status === "running") {
        state.worker?.kill();
        this.settle(state, "cancelled", { reason });
      }
    }
    for (const state of this.calls.values()) {
      if (notStarted === "skipped") this.skip(state, reason, cause);
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
  const unsendable = args.every(clonesAsIs) ? undefined : uncloneablePath(args, "arguments");
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
