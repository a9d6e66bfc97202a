import { formatDuration } from "../shared/format";
import type { CallInfo, RunEvent } from "../shared/protocol";
import { RunModel } from "../shared/runModel";
import type { Log } from "./log";
import type { RunTarget } from "./runTarget";

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
  /** What was asked for and where, so that the run can be started again in part (src/extension/rerunSelection.ts). */
  origin?: { target: RunTarget; cwd?: string };
}

export function newRunState(number: number, title: string, origin?: RunState["origin"]): RunState {
  return { number, title, model: new RunModel(), calls: new Map(), dependencies: new Map(), origin };
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

/**
 * Reads top-down the way the run flows: each task below the tasks it waited for, every call of a
 * dependency together. Edges are the tasks' (N + N, not N × N), walked without recursion so that
 * a chain of thousands of tasks cannot overflow the stack.
 */
export function dependencyOrder({ calls, dependencies, model }: RunState): string[] {
  const keys = [...model.rows.keys()];
  const idOf = (key: string) => calls.get(key)?.id ?? key;
  const keysOf = new Map<string, string[]>();
  for (const key of keys) {
    const same = keysOf.get(idOf(key));
    if (same) same.push(key);
    else keysOf.set(idOf(key), [key]);
  }
  const ordered: string[] = [];
  const placed = new Set<string>();
  const place = (key: string) => {
    if (placed.has(key)) return;
    placed.add(key);
    ordered.push(key);
  };
  const wholeTasks = new Set<string>();
  const placeTask = (id: string) => {
    if (wholeTasks.has(id)) return;
    wholeTasks.add(id);
    for (const key of keysOf.get(id) ?? []) place(key);
  };
  /** Places every call of every task upstream of `root`, each below its own upstream. */
  const expanded = new Set<string>();
  const placeUpstream = (root: string) => {
    if (expanded.has(root)) return;
    expanded.add(root);
    const stack = [{ id: root, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const upstream = dependencies.get(top.id) ?? [];
      if (top.next < upstream.length) {
        const id = upstream[top.next++];
        if (expanded.has(id)) placeTask(id);
        else {
          expanded.add(id);
          stack.push({ id, next: 0 });
        }
        continue;
      }
      stack.pop();
      if (top.id !== root) placeTask(top.id);
    }
  };
  for (const key of keys) {
    placeUpstream(idOf(key));
    place(key);
  }
  return ordered;
}
