/**
 * Turns the queued calls of one `begin()` into the graph the scheduler runs: the calls, and each
 * task's dependencies as task ids. A call waits for every call of each task its task names; the
 * edges go through the task, so N calls depending on N calls are N + N edges, never N × N.
 * Problems that make the graph unrunnable (unknown or ambiguous names, cycles) are collected,
 * all of them, before anything starts.
 */
import { findCycles } from "../graph/cycles";
import { displayPath } from "../shared/format";
import { closestName } from "../shared/suggest";
import { runtimeState, tasksById, type AnyFunction, type QueuedCall, type TaskDefinition } from "../runtime/state";
import { graphProblem, problem, type Described } from "../shared/problems";
import type { CallInfo, GraphProblem } from "../shared/protocol";

export interface PlannedCall extends CallInfo {
  task: TaskDefinition;
  args: unknown[];
  /** The ids of the tasks this call's task depends on: one array, shared by every call of the task. */
  dependencies: readonly string[];
  /** Set when the call cannot run whatever happens upstream. */
  blockedReason?: string;
}

export interface Plan {
  calls: PlannedCall[];
  problems: GraphProblem[];
}

export function planRun(queued: readonly QueuedCall[]): Plan {
  const problems: GraphProblem[] = [];
  const callsByTask = new Map<TaskDefinition, PlannedCall[]>();
  const calls: PlannedCall[] = [];
  const dependencyTasks = new Map<TaskDefinition, TaskDefinition[]>();
  const declared = tasksById();

  const addCall = (task: TaskDefinition, args: unknown[], implicit: boolean) => {
    const list = callsByTask.get(task) ?? [];
    callsByTask.set(task, list);
    const call: PlannedCall = {
      key: "",
      id: task.id,
      call: list.length,
      file: task.file,
      dependencies: [],
      implicit,
      task,
      args,
    };
    list.push(call);
    calls.push(call);
    return call;
  };
  const resolveOnce = (task: TaskDefinition) => {
    let resolved = dependencyTasks.get(task);
    if (!resolved) {
      resolved = resolveDependencies(task, declared, problems);
      dependencyTasks.set(task, resolved);
    }
    return resolved;
  };

  for (const { task, args } of queued) addCall(task, args, false);

  // A dependency nobody queued is run once with no arguments when it takes none; otherwise the
  // dependent cannot run, and the report says why (semisync.py skipped such dependents silently).
  const blocked = new Map<TaskDefinition, string>();
  for (let i = 0; i < calls.length; i++) {
    for (const dependency of resolveOnce(calls[i].task)) {
      if (callsByTask.has(dependency) || blocked.has(dependency)) continue;
      if (dependency.original.length === 0) addCall(dependency, [], true);
      else
        blocked.set(
          dependency,
          `${dependency.id} was never queued and takes arguments; queue ${dependency.id}(…) before begin()`,
        );
    }
  }

  for (const [task, list] of callsByTask) {
    for (const call of list) call.key = list.length > 1 && call.call > 0 ? `${task.id}#${call.call + 1}` : task.id;
  }
  for (const [task, list] of callsByTask) {
    const resolved = resolveOnce(task);
    const reason = resolved.map((dependency) => blocked.get(dependency)).find(Boolean);
    const dependencies = resolved
      .filter((dependency) => callsByTask.has(dependency))
      .map((dependency) => dependency.id);
    for (const call of list) {
      call.dependencies = dependencies;
      if (reason) call.blockedReason = reason;
    }
  }

  const edges = new Map<string, string[]>();
  const fileOf = new Map<string, string | undefined>();
  for (const task of callsByTask.keys()) {
    edges.set(
      task.id,
      resolveOnce(task).map((dependency) => dependency.id),
    );
    fileOf.set(task.id, task.file);
  }
  for (const cycle of findCycles(edges)) problems.push(cycleProblem(cycle, fileOf.get(cycle.members[0])));
  return { calls, problems };
}

/** How a cycle is worded wherever a run is refused for it: by the engine, and by `semisync run` before it starts. */
export function cycleProblem(
  cycle: { path: readonly string[]; members: string[] },
  file: string | undefined,
): GraphProblem {
  return graphProblem(problem.cycle(cycle.path), file, cycle.members);
}

/** The rules the scanner follows statically: names are looked up in the same class first, then as `Class.method`. */
function resolveDependencies(
  task: TaskDefinition,
  declared: Map<string, TaskDefinition[]>,
  problems: GraphProblem[],
): TaskDefinition[] {
  const state = runtimeState();
  // Worded only for a problem: a path made relative for each of thousands of tasks cost more than the rest of planning.
  const subject = () => (task.file ? `${task.id} (${displayPath(task.file)})` : task.id);
  const report = (described: Described) => problems.push(graphProblem(described, task.file, [task.id]));
  let entries: ReadonlyArray<string | AnyFunction>;
  const spec = task.dependencies;
  if (typeof spec === "function" && !state.byFunction.has(spec as AnyFunction)) {
    try {
      const produced = (spec as () => unknown)();
      entries = Array.isArray(produced) ? produced : [produced as AnyFunction];
    } catch (error) {
      report(problem.dependenciesThrew(subject(), (error as Error)?.message ?? String(error)));
      return [];
    }
  } else {
    entries = typeof spec === "function" ? [spec as AnyFunction] : spec;
  }

  const found: TaskDefinition[] = [];
  entries.forEach((entry, index) => {
    if (typeof entry === "function") {
      const target = state.byFunction.get(entry);
      if (target) found.push(target);
      else {
        const what = `#${index + 1} (${entry.name || "an anonymous function"})`;
        report(problem.notATask(subject(), what, "depend on a decorated static method such as Finance.revenue."));
      }
      return;
    }
    if (typeof entry !== "string") {
      report(problem.valueInList(subject(), index + 1, `a ${typeof entry}`));
      return;
    }
    const id = entry.includes(".") ? entry : `${task.className}.${entry}`;
    const candidates = declared.get(id) ?? [];
    const target =
      candidates.length === 1 ? candidates[0] : candidates.find((candidate) => candidate.file === task.file);
    if (target) {
      found.push(target);
    } else if (candidates.length > 1) {
      report(
        problem.ambiguous(
          subject(),
          entry,
          id,
          candidates.map((other) => displayPath(other.file ?? "?")),
        ),
      );
    } else {
      const hint = "check the name, or make sure the module declaring it is imported.";
      report(problem.unknownName(subject(), entry, closestName(id, declared.keys()), hint));
    }
  });
  return [...new Set(found)];
}
