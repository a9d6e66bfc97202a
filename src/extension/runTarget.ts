/**
 * What the editor asks the engine to run for a task: the task alone with everything upstream,
 * or the whole graph it belongs to. The engine's graph mode loads files and runs named tasks
 * with what they need, so a graph is run through its entry points (the tasks nothing depends on), loading every file
 * that holds one.
 */
import { findCycles } from "../graph/cycles";
import { connectedTo, entryPointsAmong } from "../graph/neighbourhood";
import type { StaticTask } from "../scanner/workspace";
import type { TaskStatus } from "../shared/protocol";

/** Why a task the editor names is in a run; the tasks the engine adds upstream of them are there because they are needed. */
export type Inclusion =
  { kind: "chosen" } | { kind: "rerun"; lastStatus: TaskStatus } | { kind: "downstream"; of: string };

export interface RunTarget {
  file: string;
  alsoLoad: string[];
  tasks: string[];
  /** Why each task is in the run, by id; without it the tasks named are the chosen ones. */
  reasons?: Record<string, Inclusion>;
}

export type RunScope = "task" | "graph";

export function runTargetFor(all: readonly StaticTask[], chosen: StaticTask, scope: RunScope): RunTarget {
  if (scope === "task") return { file: chosen.file, alsoLoad: [], tasks: [chosen.id] };
  const edges = edgesOf(all);
  const graph = connectedTo(edges, chosen.id);
  return { ...targetOf(all, entryPointsAmong(edges, graph), chosen.file), reasons: chosenAll(graph) };
}

/**
 * Every graph at once, but those with a cycle: the editor already marks those as errors, and
 * one broken graph should not keep the others from running. `leftOut` names what was left out.
 */
export function runTargetForAll(
  all: readonly StaticTask[],
): (RunTarget & { leftOut: string[] }) | { leftOut: string[] } {
  const edges = edgesOf(all);
  const cyclic = new Set(findCycles(edges).flatMap((cycle) => cycle.members));
  const leftOut = new Set([...cyclic].flatMap((id) => connectedTo(edges, id)));
  const runnable = all.filter((task) => !leftOut.has(task.id));
  if (runnable.length === 0) return { leftOut: [...leftOut].sort() };
  const ids = runnable.map((task) => task.id);
  return {
    ...targetOf(all, entryPointsAmong(edges, ids), runnable[0].file),
    reasons: chosenAll(ids),
    leftOut: [...leftOut].sort(),
  };
}

/** A graph is chosen whole: its upstream tasks are part of what was asked for, not only needed. */
export function chosenAll(ids: readonly string[]): Record<string, Inclusion> {
  return Object.fromEntries(ids.map((id) => [id, { kind: "chosen" }]));
}

export function edgesOf(all: readonly StaticTask[]): Map<string, string[]> {
  return new Map(all.map((task) => [task.id, task.dependencies]));
}

/** The run of `ids` (with what they need), from the preferred file when it holds one of them, loading every file that does. */
export function targetOf(all: readonly StaticTask[], ids: string[], preferredFile: string): RunTarget {
  const wanted = new Set(ids);
  const files = [...new Set(all.filter((task) => wanted.has(task.id)).map((task) => task.file))];
  const file = files.includes(preferredFile) ? preferredFile : files[0];
  return { file, alsoLoad: files.filter((other) => other !== file), tasks: [...wanted] };
}
