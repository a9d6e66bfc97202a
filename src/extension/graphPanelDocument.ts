/**
 * What the graph panel draws for a scope, from the scanner's results the diagnostics use (no
 * second scan): the tasks in scope, their dependencies, each unknown dependency, and the problems
 * of those tasks' files. Plain logic, without 'vscode', so unit tests drive it.
 */
import { basename } from "node:path";
import { connectedTo } from "../graph/neighbourhood";
import type { Problem, StaticTask } from "../scanner/index";
import type { PanelScope, ToPanel } from "../shared/panelMessages";
import { unknownDependencyOf } from "../shared/problems";

export type GraphMessage = Extract<ToPanel, { type: "graph" }>;

/**
 * `tasks` and `problems` are those of the scope's workspace folder, where dependency names
 * resolve; `relative` shortens a path for the reader.
 */
export function graphMessage(
  scope: PanelScope,
  tasks: readonly StaticTask[],
  problems: readonly Problem[],
  relative: (file: string) => string,
): GraphMessage {
  const inScope = tasksInScope(scope, tasks);
  const ids = new Set(inScope.map((task) => task.id));
  const files = new Set(inScope.map((task) => task.file));
  const unknown = problems.flatMap((problem) => {
    const dependency = unknownDependencyOf(problem);
    return dependency && ids.has(dependency.task) ? [dependency] : [];
  });
  return {
    type: "graph",
    scope,
    title: scope.kind === "task" ? `The graph of ${scope.task}` : `Every task in ${basename(scope.folder)}`,
    graph: {
      tasks: inScope.map((task) => ({ id: task.id, file: relative(task.file), line: task.line })),
      dependencies: Object.fromEntries(inScope.map((task) => [task.id, task.dependencies])),
      unknown,
    },
    problems: problems
      .filter((problem) => files.has(problem.file))
      .map((problem) => ({
        code: problem.code,
        message: `${relative(problem.file)}:${problem.line}:${problem.column} ${problem.message}`,
      })),
  };
}

/** A task's scope is every task joined to it by dependencies; a task no longer declared leaves it empty. */
export function tasksInScope(scope: PanelScope, tasks: readonly StaticTask[]): readonly StaticTask[] {
  if (scope.kind === "folder") return tasks;
  const root =
    tasks.find((task) => task.id === scope.task && task.file === scope.file) ??
    tasks.find((task) => task.id === scope.task);
  if (!root) return [];
  const edges = new Map(tasks.map((task) => [task.id, task.dependencies]));
  const connected = new Set(connectedTo(edges, root.id));
  return tasks.filter((task) => connected.has(task.id));
}
