/** One call's state during a run, and how it is reported once the run ends. */
import type { CallReport } from "../runtime/report";
import type { ErrorInfo, FinalStatus, TaskStatus, TaskSummary } from "../shared/protocol";
import type { PlannedCall } from "./plan";
import type { PoolWorker } from "./pool";

/** A task of the run with all its calls: dependencies are edges between these, never between calls. */
export interface TaskNode {
  id: string;
  calls: CallState[];
  /** Calls not succeeded yet: its dependents are released when the last one succeeds. */
  unfinished: number;
  /** Dependency tasks not yet done: its calls are ready at zero. */
  waitingOn: number;
  dependents: TaskNode[];
  /** Set once its dependents' calls were skipped: one failure upstream skips them, the next finds them done. */
  dependentsSkipped: boolean;
  /** The longest remaining path through it: when workers are scarce, the highest starts first. */
  priority: number;
}

export interface CallState {
  planned: PlannedCall;
  node: TaskNode;
  status: TaskStatus;
  /** The worker holding it, once sent. */
  worker?: PoolWorker;
  cancelTimeout?: () => void;
  /**
   * Runs in a worker of its own: its process died while holding it and other tasks, no one can
   * tell which of them ended it, so each runs again alone and a second death is its own.
   */
  alone?: boolean;
  startMs?: number;
  /** When the task's code returned, for a task with a callback: what follows is the callback's. */
  returnedAtMs?: number;
  endMs?: number;
  result?: unknown;
  error?: ErrorInfo;
  reason?: string;
  callbackOutput: string;
}

/** The call as the run-end event lists it: times only for a call that started. */
export function taskSummary(state: CallState): TaskSummary {
  return {
    key: state.planned.key,
    id: state.planned.id,
    call: state.planned.call,
    status: state.status as FinalStatus,
    ...(state.status === "skipped" || state.startMs === undefined
      ? {}
      : { startMs: state.startMs, endMs: state.endMs }),
    ...(state.reason ? { reason: state.reason } : {}),
    ...(state.error ? { error: state.error } : {}),
  };
}

/** The call as `begin()` reports it. */
export function callReport(state: CallState): CallReport {
  return {
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
  };
}
