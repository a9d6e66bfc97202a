import { problem, problemError } from "../shared/problems";
import type { RunOptions } from "../shared/protocol";
import type { RunReport } from "./report";
import { runtimeState } from "./state";

export type BeginOptions = RunOptions;

/**
 * Runs every queued call, each in a worker process, dependents after their dependencies;
 * resolves with a report of every call once all have finished, failed or been skipped.
 * A graph that cannot run (a cycle, an unknown dependency) rejects before anything starts.
 */
export async function begin(options: BeginOptions = {}): Promise<RunReport> {
  const state = runtimeState();
  if (state.mode === "inert") {
    // A worker loading this module: the code after `await begin()` is the program's, not the task's.
    for (const reached of state.onInertBegin.splice(0)) reached();
    return new Promise<never>(() => {});
  }
  const { timeoutMs } = options;
  // Any size is fine (the engine waits out delays longer than one Node timer holds); zero, negative, NaN or Infinity are not.
  if (timeoutMs !== undefined && !(typeof timeoutMs === "number" && timeoutMs > 0 && Number.isFinite(timeoutMs)))
    throw problemError(problem.badTimeoutMs(timeoutMs), RangeError);
  if (state.running)
    throw new Error("semisync.begin(): a run is already in progress; await it before calling begin() again");
  const calls = state.queue.splice(0);
  state.running = true;
  try {
    // In a plain Node program the program itself coordinates: its own worker pool, failures on stderr.
    state.host ??= state.createHost?.();
    if (!state.host)
      throw new Error('semisync.begin(): no engine to run the calls; import the runtime from the "semisync" package');
    return await state.host.run(calls, options);
  } finally {
    state.running = false;
  }
}

/** Empties the queue: the next round starts from nothing. Task declarations stay. */
export function clear(): void {
  runtimeState().queue.length = 0;
}
