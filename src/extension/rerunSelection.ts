/**
 * What to run again after a run: the tasks that did not succeed (Rerun Failed), or a task and
 * what followed it (Run from here). The engine's graph mode adds what they need upstream, so a
 * target names only these tasks and loads the files that declare them.
 */
import { dependentsMap, upstreamOf } from "../graph/neighbourhood";
import type { TaskStatus } from "../shared/protocol";
import type { RunState } from "./runState";
import type { Inclusion, RunTarget } from "./runTarget";

/**
 * Each task of the finished run that did not succeed, with how its first unsuccessful call
 * ended; a call still queued or running when the run's process ended did not finish either.
 */
export function tasksToRerun(state: RunState): Map<string, TaskStatus> {
  const rerun = new Map<string, TaskStatus>();
  if (state.exitCode === undefined) return rerun;
  for (const row of state.model.rows.values()) {
    const id = idOf(state, row.key);
    if (row.status !== "succeeded" && !rerun.has(id)) rerun.set(id, row.status);
  }
  return rerun;
}

/** Rerun Failed: every task that did not succeed, with what it needs; undefined when there is none. */
export function rerunFailedTarget(state: RunState): RunTarget | undefined {
  const rerun = tasksToRerun(state);
  if (rerun.size === 0) return undefined;
  const reasons: Record<string, Inclusion> = {};
  for (const [id, lastStatus] of rerun) reasons[id] = { kind: "rerun", lastStatus };
  return targetOf(state, reasons);
}

/**
 * Run from here: the task on `key`'s row and every task downstream of it that the run reached,
 * with what they need. Tasks the run did not include stay out, as they did then.
 */
export function runFromHereTarget(state: RunState, key: string): RunTarget | undefined {
  const here = idOf(state, key);
  const dependents = dependentsMap(state.dependencies);
  const reasons: Record<string, Inclusion> = { [here]: { kind: "chosen" } };
  for (const id of upstreamOf(dependents, here))
    if (id !== here && state.dependencies.has(id)) reasons[id] = { kind: "downstream", of: here };
  return targetOf(state, reasons);
}

/** Undefined only when the run said nowhere which file declares the tasks. */
function targetOf(state: RunState, reasons: Record<string, Inclusion>): RunTarget | undefined {
  const tasks = Object.keys(reasons);
  const fileOf = new Map<string, string>();
  for (const call of state.calls.values()) if (call.file && !fileOf.has(call.id)) fileOf.set(call.id, call.file);
  const previous = state.origin?.target.file;
  const files = [...new Set(tasks.map((id) => fileOf.get(id) ?? previous).filter((file) => file !== undefined))];
  const file = previous && files.includes(previous) ? previous : files[0];
  if (file === undefined) return undefined;
  return { file, alsoLoad: files.filter((other) => other !== file), tasks, reasons };
}

export function idOf(state: RunState, key: string): string {
  return state.calls.get(key)?.id ?? key;
}
