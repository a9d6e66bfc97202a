import { formatDuration } from "../shared/format";
import type { CallInfo, RunEvent } from "../shared/protocol";
import { RunModel } from "../shared/runModel";
import type { Log } from "./log";

/** The run on screen: the current one while it goes, the last one after. */
export interface RunState {
  /** Counts runs in this window, so the views can tell one run's rows from the last one's. */
  number: number;
  title: string;
  model: RunModel;
  calls: Map<string, CallInfo>;
  /** Each task id's dependencies, as task ids. */
  dependencies: Map<string, readonly string[]>;
  /** Why the graph could not run at all (a cycle, a module that failed to load). */
  graphError?: string;
  exitCode?: number;
}

export function newRunState(number: number, title: string): RunState {
  return { number, title, model: new RunModel(), calls: new Map(), dependencies: new Map() };
}

/** Folds one event into the run's rows, and writes what it says to the log. */
export function applyRunEvent(state: RunState, event: RunEvent, log: Log): void {
  state.model.apply(event);
  switch (event.type) {
    case "run-start":
      for (const call of event.tasks) state.calls.set(call.key, call);
      for (const [id, dependencies] of Object.entries(event.dependencies)) state.dependencies.set(id, dependencies);
      break;
    case "graph-error":
      state.graphError = event.message;
      log.error(event.message);
      break;
    case "output":
      log.info(`${event.key ? `[${event.key}] ` : ""}${event.text.replace(/\n$/, "")}`);
      break;
    case "run-end":
      log.info(`run ended in ${formatDuration(event.durationMs)}: ${event.ok ? "all succeeded" : "not all succeeded"}`);
      break;
    default: {
      if (!("key" in event)) break;
      const row = state.model.rows.get(event.key);
      if (!row) break;
      const detail =
        row.durationMs !== undefined ? ` in ${formatDuration(row.durationMs)}` : row.reason ? `: ${row.reason}` : "";
      const line = `${row.key} ${row.status}${detail}`;
      if (row.status === "failed") log.error(`${line}\n${row.error?.stack ?? row.error?.message ?? ""}`);
      else log.info(line);
    }
  }
}

/** How far the run is: tasks finished of tasks in it. */
export function runProgress(state: RunState): { done: number; total: number } {
  return state.model.progress();
}
