/**
 * A pool the test drives step by step, instead of processes: a worker becomes ready, a task
 * starts, parks, ends, a worker exits, only when the test says so. What the engine does to the
 * pool (start a worker, send it a task, kill it) and what it reports go into one journal, in the
 * order they happened, so a test can assert the exact sequence.
 */
import { EventEmitter } from "node:events";
import type { Clock } from "../../../src/engine/clock";
import { Engine } from "../../../src/engine/engine";
import type { PlannedCall } from "../../../src/engine/plan";
import { PoolWorker, type Pool, type PoolEvents } from "../../../src/engine/pool";
import type { AnyFunction, TaskDefinition } from "../../../src/runtime/state";
import type { RunEvent, WorkerReply, WorkerRequest } from "../../../src/shared/protocol";

export class FakeWorker extends PoolWorker {
  /** Set to make sends throw, as they do once the process died but before its exit is seen. */
  dead = false;
  private killed = false;

  constructor(
    readonly pid: number,
    private readonly journal: string[],
  ) {
    super();
  }

  send(request: WorkerRequest): void {
    if (this.dead) throw new Error("channel closed");
    this.journal.push(`pool: send ${request.key} to ${this.pid}`);
  }

  /** Journaled once: a second SIGKILL to the same process changes nothing. */
  protected terminate(): void {
    if (!this.killed) this.journal.push(`pool: kill ${this.pid}`);
    this.killed = true;
  }
}

export class FakePool extends EventEmitter<PoolEvents> implements Pool {
  readonly workers = new Set<FakeWorker>();
  readonly journal: string[] = [];
  holdsProcess = false;
  private spawned = 0;

  constructor(readonly size: number) {
    super();
  }

  grow(wanted: number): void {
    let live = 0;
    for (const worker of this.workers) if (!worker.retiring) live++;
    for (; live < Math.min(wanted, this.size); live++) {
      const worker = new FakeWorker(++this.spawned, this.journal);
      this.workers.add(worker);
      this.journal.push(`pool: spawn ${worker.pid}`);
    }
  }

  preload(files: readonly string[]): void {
    this.journal.push(`pool: preload ${files.join(", ")}`);
  }

  setHoldsProcess(hold: boolean): void {
    this.holdsProcess = hold;
  }

  killAll(): void {
    for (const worker of this.workers) worker.kill();
  }

  worker(pid: number): FakeWorker {
    const found = [...this.workers].find((worker) => worker.pid === pid);
    if (!found) throw new Error(`no live worker ${pid}`);
    return found;
  }

  /** The worker has started up, as the real pool marks it when the process says so. */
  ready(pid: number): void {
    const worker = this.worker(pid);
    worker.ready = true;
    this.emit("reply", worker, { type: "ready" });
  }

  reply(pid: number, reply: WorkerReply): void {
    this.emit("reply", this.worker(pid), reply);
  }

  started(pid: number, key: string): void {
    this.reply(pid, { type: "started", key });
  }

  parked(pid: number, key: string): void {
    this.reply(pid, { type: "parked", key });
  }

  succeeded(pid: number, key: string, result?: unknown): void {
    this.reply(pid, { type: "succeeded", key, result });
  }

  failed(pid: number, key: string, message: string): void {
    this.reply(pid, { type: "failed", key, error: { name: "Error", message } });
  }

  uncaught(pid: number, key: string | undefined, message: string): void {
    this.reply(pid, { type: "uncaught", key, error: { name: "Error", message } });
  }

  exit(pid: number, code: number | null, signal: NodeJS.Signals | null = null): void {
    const worker = this.worker(pid);
    worker.exited = true;
    this.workers.delete(worker);
    this.emit("exit", worker, code, signal);
  }
}

/** Time that passes only when the test moves it, firing due timers on the way. */
export class FakeClock implements Clock {
  private time = 0;
  private timers: Array<{ at: number; fire: () => void; live: boolean }> = [];

  now(): number {
    return this.time;
  }

  after(ms: number, fire: () => void): () => void {
    const timer = { at: this.time + ms, fire, live: true };
    this.timers.push(timer);
    return () => (timer.live = false);
  }

  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const due = this.timers.filter((timer) => timer.live && timer.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      due.live = false;
      this.time = due.at;
      due.fire();
    }
    this.time = until;
  }
}

/** One event as a journal line; the queued events every run opens with are left out, a call queued again is not. */
function describe(event: RunEvent): string | undefined {
  switch (event.type) {
    case "run-start":
      return `run-start ${event.tasks.map((task) => task.key).join(" ")} (${event.maxWorkers} workers)`;
    case "task-queued":
      return event.reason === undefined ? undefined : `queued ${event.key}: ${event.reason}`;
    case "task-start":
      return `start ${event.key} on ${event.worker}`;
    case "task-succeeded":
      return `succeeded ${event.key}`;
    case "task-failed":
      return `failed ${event.key}: ${event.error.message}`;
    case "task-timed-out":
      return `timed out ${event.key} after ${event.timeoutMs} ms`;
    case "task-cancelled":
      return `cancelled ${event.key}: ${event.reason}`;
    case "task-skipped":
      return `skipped ${event.key}: ${event.reason}`;
    case "output":
      return `output ${event.key ?? "-"} ${event.stream}: ${event.text}`;
    case "run-end":
      return `run-end ${event.ok ? "ok" : "not ok"}`;
    case "graph-error":
      return `graph-error: ${event.message}`;
  }
}

/** An engine on a fake pool and a fake clock, with a journal read step by step. */
export function fakeEngine(maxWorkers: number, prestartWorkers?: number) {
  const pool = new FakePool(maxWorkers);
  const clock = new FakeClock();
  const events: RunEvent[] = [];
  const engine = new Engine(
    pool,
    (event) => {
      events.push(event);
      const line = describe(event);
      if (line) pool.journal.push(line);
    },
    clock,
    prestartWorkers,
  );
  /** What happened since the last call. */
  const take = () => pool.journal.splice(0);
  return { pool, clock, engine, events, take };
}

export interface CallOptions {
  dependencies?: string[];
  args?: unknown[];
  /** Omit the file: the engine could not tell which module declares the task. */
  noFile?: boolean;
  timeoutMs?: number;
  callback?: AnyFunction;
  blockedReason?: string;
}

/** A planned call as planRun makes it: `key` is `Class.method`, or `Class.method#2` for a later call. */
export function call(key: string, options: CallOptions = {}): PlannedCall {
  const id = key.replace(/#\d+$/, "");
  const [className, method] = id.split(".");
  const file = options.noFile ? undefined : "/project/tasks.ts";
  const task: TaskDefinition = {
    id,
    className,
    method,
    file,
    owner: () => undefined,
    original: () => undefined,
    callback: options.callback,
    dependencies: [],
    timeoutMs: options.timeoutMs,
  };
  return {
    key,
    id,
    call: key.includes("#") ? Number(key.split("#")[1]) - 1 : 0,
    file,
    // Dependencies are tasks: a call named here stands for its task, every call of it.
    dependencies: [...new Set((options.dependencies ?? []).map((name) => name.replace(/#\d+$/, "")))],
    implicit: false,
    task,
    args: options.args ?? [],
    blockedReason: options.blockedReason,
  };
}
