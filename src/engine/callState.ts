/** One call's state during a run, and how it is reported once the run ends. */
import type { CallReport } from "../runtime/report";
import type { ErrorInfo, FinalStatus, TaskStatus, TaskSummary } from "../shared/protocol";
import type { PlannedCall } from "./plan";
import type { PoolWorker } from "./pool";

export interface CallState {
  planned: PlannedCall;
  status: TaskStatus;
  /** Dependencies that have not succeeded yet: the call is ready at zero. */
  remaining: number;
  dependents: CallState[];
  /** The longest remaining path through it: when workers are scarce, the highest starts first. */
  priority: number;
  /** The worker holding it, once sent. */
  worker?: PoolWorker;
  cancelTimeout?: () => void;
  /**
   * Runs in a worker of its own: its process died while holding it and other tasks, no one can
   * tell which of them ended it, so each runs again alone and a second death is its own.
   */
  alone?: boolean;
  startMs?: number;
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
