/**
 * What `semisync run` refuses before any process starts, found by the scanner and worded as the
 * engine words it, so the program's top level never runs for a graph that cannot: cycles (SS001)
 * and dependency names that are no task or two (SS002, SS003). It refuses only what the engine
 * would refuse; the engine checks again at run time, so a scan that fails only costs that head start.
 */
import { cycleProblem } from "../engine/plan";
import { cachedFacts } from "../scanner/factsCache";
import { compareLocations } from "../scanner/fileView";
import { scanProgram } from "../scanner/scan";
import type { Problem, StaticTask } from "../scanner/types";
import { displayPath } from "../shared/format";
import { CODE, locatedProblem } from "../shared/problems";
import { taskNamed } from "../shared/taskName";
import type { GraphProblem } from "../shared/protocol";

/** `tasks`: graph mode's `--task` names, whose upstream is all that runs. */
export function staticProblems(file: string, tasks: string[] | undefined, err: (text: string) => void): GraphProblem[] {
  try {
    const workspace = scanProgram(file, cachedFacts());
    const result = workspace.result();
    const runs = tasks && upstreamOf(tasks, file, result.tasks);
    const cycles = workspace
      .cycles()
      .filter((cycle) => !runs || cycle.members.some((member) => runs.has(member.id)))
      .map((cycle) =>
        cycleProblem({ path: cycle.path, members: cycle.members.map((member) => member.id) }, cycle.members[0].file),
      );
    // A package, a JavaScript file or a computed import may declare the task a name means.
    if (workspace.unreadImports().length > 0) return cycles;
    const names = result.problems.flatMap((each) => {
      if (each.code !== CODE.unknownDependency && each.code !== CODE.ambiguousDependency) return [];
      if (each.severity !== "error") return [];
      const task = result.tasks.find((candidate) => declares(candidate, each));
      if (!task || (runs && !runs.has(task.id))) return [];
      return [locatedProblem(each, task.id, `${displayPath(each.file)}:${each.line}:${each.column}`, each.file)];
    });
    return [...cycles, ...names];
  } catch (error) {
    err(
      `semisync run: the graph was not checked before starting (${(error as Error).message}); the run checks it as it starts.\n`,
    );
    return [];
  }
}

/** Whether the problem lies in the task's decorator, where its dependencies are written. */
function declares(task: StaticTask, problem: Problem): boolean {
  const end = { file: task.file, line: task.endLine, column: task.endColumn };
  return task.file === problem.file && compareLocations(task, problem) <= 0 && compareLocations(problem, end) <= 0;
}

/**
 * The ids graph mode runs: the named tasks, looked up as the engine looks them up (the one in the
 * file run, else the only one), and everything upstream of them. Undefined when a name picks no
 * task: the engine says so itself (SS010), so nothing is refused here for it.
 */
function upstreamOf(named: string[], file: string, tasks: StaticTask[]): Set<string> | undefined {
  const byId = new Map<string, StaticTask[]>();
  for (const task of tasks) byId.set(task.id, [...(byId.get(task.id) ?? []), task]);
  const pending: string[] = [];
  for (const name of named) {
    const chosen = taskNamed(name, file, tasks);
    if (!chosen) return undefined;
    pending.push(chosen.id);
  }
  const found = new Set<string>();
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (found.has(id)) continue;
    found.add(id);
    for (const task of byId.get(id) ?? []) pending.push(...task.dependencies);
  }
  return found;
}
