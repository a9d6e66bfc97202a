/**
 * The one place the engine's messages are declared. The coordinator emits RunEvents; the CLI's
 * terminal view, `--json` and the editor's run view render them. Workers and the coordinator
 * talk with WorkerRequest / WorkerReply. Bump PROTOCOL_VERSION on any incompatible change.
 */
import type { ProblemCode } from "./problems";

export const PROTOCOL_VERSION = 4;

export type TaskStatus = "queued" | "running" | "succeeded" | "failed" | "skipped" | "cancelled" | "timed-out";
export type FinalStatus = Exclude<TaskStatus, "queued" | "running">;
export type OutputStream = "stdout" | "stderr" | "callback";

export interface ErrorInfo {
  name: string;
  message: string;
  stack?: string;
}

/** One queued call of a task. `key` is unique in a run: the task id, with `#2`, `#3`… for later calls. */
export interface CallInfo {
  key: string;
  id: string;
  call: number;
  file?: string;
  /** Queued by the engine because a dependent needed it, not by the user's code. */
  implicit: boolean;
}

/** Why a graph cannot run; `code` is the catalogue's (src/shared/problems.ts), the one the editor shows. */
export interface GraphProblem {
  code: ProblemCode;
  message: string;
  file?: string;
  tasks: string[];
}

export interface TaskSummary {
  key: string;
  id: string;
  call: number;
  status: FinalStatus;
  startMs?: number;
  endMs?: number;
  reason?: string;
  error?: ErrorInfo;
}

export type RunEvent =
  | {
      type: "run-start";
      version: number;
      runId: number;
      file?: string;
      maxWorkers: number;
      tasks: CallInfo[];
      /**
       * For each task id in the run, once, the task ids it depends on: every call of a task waits
       * for every call of each of them. Edges go through the task (N + N), never call to call (N × N).
       */
      dependencies: Record<string, string[]>;
    }
  /**
   * Every call is queued as the run starts. Queued again later (with `atMs` and `reason`) when its
   * worker process died through no fault of its own: it runs again, and a new task-start follows.
   */
  | { type: "task-queued"; key: string; atMs?: number; reason?: string }
  /** `workerName`: the `semisync worker` that runs the call, in a run through Redis (`--redis`); optional, since version 4. */
  | { type: "task-start"; key: string; atMs: number; worker: number; workerName?: string }
  /**
   * `durationMs` runs from the start to the end of the call's callback. `returnedAtMs`, when the
   * task has a callback, is when its code returned: the rest is its callback's (waiting for its
   * turn included), which the timeline shows apart. Optional, since version 4.
   */
  | { type: "task-succeeded"; key: string; atMs: number; durationMs: number; returnedAtMs?: number }
  | { type: "task-failed"; key: string; atMs: number; durationMs: number; error: ErrorInfo; returnedAtMs?: number }
  | { type: "task-timed-out"; key: string; atMs: number; durationMs: number; timeoutMs: number }
  | { type: "task-cancelled"; key: string; atMs: number; reason: string }
  /**
   * `cause` is the key of the call whose end skipped this one: the first failure upstream (or the
   * failure that stopped a `failFast` run), never a skipped call between them, so every knock-on
   * skip names its root. Absent when the call itself could not run (a dependency never queued).
   */
  | { type: "task-skipped"; key: string; reason: string; cause?: string }
  | { type: "output"; key?: string; stream: OutputStream; text: string }
  | { type: "run-end"; runId: number; durationMs: number; ok: boolean; tasks: TaskSummary[] }
  | { type: "graph-error"; file?: string; problems: GraphProblem[]; message: string };

/**
 * Coordinator → client: events in the order they happened, as many in one message as came in one
 * turn of the coordinator's event loop; then the code the process is about to exit with.
 */
export type CoordinatorReply = { type: "events"; events: RunEvent[] } | { type: "exit"; code: number };

/**
 * The most worker processes a run may ask for. Workers start only for tasks that can compute at
 * once, but a wide graph would start that many processes (tens of MB each): far above any
 * machine's cores, a number this size is a typo, not a plan.
 */
export const MAX_WORKERS = 256;

export interface RunOptions {
  maxWorkers?: number;
  timeoutMs?: number;
  failFast?: boolean;
}

/** The options a run is started with: those `begin()` takes, and how the run is watched. */
export interface EngineOptions extends RunOptions {
  /**
   * Under a debugger (the editor's Debug task, `semisync run --inspect`): no timeout applies, neither
   * the run's nor a task's own, so a task or callback paused at a breakpoint is never stopped for it.
   * Not a `begin()` option: a program cannot turn its own timeouts off by accident.
   */
  ignoreTimeouts?: boolean;
}

/**
 * A run whose tasks go through Redis to `semisync worker`s (the editor's `semisync.redisUrl`):
 * where the queue is, and the project root that job paths are relative to (each worker runs in a
 * checkout of it). The coordinator reads the program's files from disk itself, as it loads them.
 */
export interface RedisRun {
  url: string;
  root: string;
}

/** Client → coordinator. */
export type CoordinatorRequest =
  | { type: "start"; file: string; alsoLoad?: string[]; tasks?: string[]; options: EngineOptions; redis?: RedisRun }
  | { type: "cancel" };

/** Coordinator → worker: run one call. A worker runs the calls it is sent one after another, in the order sent. */
export type WorkerRequest = { type: "run"; key: string; file: string; id: string; args: unknown[] };

/**
 * Coordinator → worker, as a run starts: load this module now, while the coordinator loads it
 * too, so that the first task sent finds it loaded. The first task of the module still reports
 * `started`, as after any load.
 */
export type WorkerPreload = { type: "load"; file: string };

/**
 * What travels to a worker in one message: the requests the coordinator made in one turn of its
 * event loop, in order. Waking a sleeping process costs the writer about 0.1 ms a write, so a
 * worker handed several short tasks at once costs one write, not one a task.
 */
export type WorkerMessage = Array<WorkerRequest | WorkerPreload>;

/** Worker → coordinator. */
export type WorkerReply =
  | { type: "ready" }
  /** Sent as a task's code begins after its module had to be loaded first: durations are the task's own. */
  | { type: "started"; key: string }
  | { type: "parked"; key: string }
  | { type: "succeeded"; key: string; result: unknown }
  | { type: "failed"; key: string; error: ErrorInfo }
  /**
   * The task's own timer stopped it where it ran (a worker on another machine): it times out now,
   * whenever this side's timer, armed only once the run heard the task start, would fire.
   */
  | { type: "timed-out"; key: string; timeoutMs: number }
  /** An error thrown where no task awaited it; the worker retires after reporting it. */
  | { type: "uncaught"; key?: string; error: ErrorInfo }
  | { type: "output"; key?: string; stream: "stdout" | "stderr"; text: string };

export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof Error)
    return { name: error.name, message: error.message, stack: error.stack && userStack(error.stack) };
  return { name: "Error", message: `a non-Error value was thrown: ${String(error)}` };
}

/** A stack as the user needs it: Node's internals and semisync's own bundles left out. */
export function userStack(stack: string): string {
  const ownCode =
    /[\\/]dist[\\/](worker|coordinator|runtime|loader-hooks|transpiler)\.js\b|[\\/]src[\\/](engine|runtime|shared)[\\/]/;
  return stack
    .split("\n")
    .filter(
      (line) =>
        !/^\s+at /.test(line) ||
        !(line.includes("node:internal") || line.includes("node:async_hooks") || ownCode.test(line)),
    )
    .join("\n");
}

export const EXIT = { ok: 0, taskFailed: 1, graphError: 2 } as const;
