/**
 * What the graph panel draws for a scope, from the scanner's results the diagnostics use (no
 * second scan): the tasks in scope, their dependencies, each unknown dependency, and the problems
 * of those tasks' files; and which task an `open` from the page means. Plain logic, without
 * 'vscode', so unit tests drive it.
 */
import { basename } from "node:path";
import { connectedTo } from "../graph/neighbourhood";
import { graphInputOfScan } from "../pictures/graphModel";
import type { Problem, StaticTask } from "../scanner/index";
import type { PanelScope, ToPanel } from "../shared/panelMessages";

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
  const files = new Set(inScope.map((task) => task.file));
  return {
    type: "graph",
    scope,
    title: scope.kind === "task" ? `The graph of ${scope.task}` : `Every task in ${basename(scope.folder)}`,
    graph: graphInputOfScan(inScope, problems, relative),
    problems: problems
      .filter((problem) => files.has(problem.file))
      .map((problem) => ({
        code: problem.code,
        message: `${relative(problem.file)}:${problem.line}:${problem.column} ${problem.message}`,
      })),
  };
}

/**
 * A task's scope is every task joined to it by dependencies, each dependency the task of the file
 * the scanner resolved it to (two files may declare one id); a task no longer declared leaves it empty.
 */
export function tasksInScope(scope: PanelScope, tasks: readonly StaticTask[]): readonly StaticTask[] {
  if (scope.kind === "folder") return tasks;
  const root =
    tasks.find((task) => task.id === scope.task && task.file === scope.file) ??
    tasks.find((task) => task.id === scope.task);
  if (!root) return [];
  const edges = new Map(
    tasks.map((task) => [
      keyOf(task.file, task.id),
      task.dependencyLocations.flatMap((at) =>
        at.id !== undefined && at.targetFile !== undefined ? [keyOf(at.targetFile, at.id)] : [],
      ),
    ]),
  );
  const connected = new Set(connectedTo(edges, keyOf(root.file, root.id)));
  return tasks.filter((task) => connected.has(keyOf(task.file, task.id)));
}

/**
 * The task an `open` from the page names: a task of the graph shown, by its id and its file as
 * the page was sent it. A page that names no file (one drawn before files were sent) gets the
 * scope's own file's task of that id, or the first. A file that is not the task's opens nothing.
 */
export function taskToOpen(
  scope: PanelScope,
  tasks: readonly StaticTask[],
  relative: (file: string) => string,
  id: string,
  file?: string,
): StaticTask | undefined {
  const named = tasksInScope(scope, tasks).filter((task) => task.id === id);
  if (file !== undefined) return named.find((task) => relative(task.file) === file);
  return named.find((task) => scope.kind === "task" && task.file === scope.file) ?? named[0];
}

function keyOf(file: string, id: string): string {
  return `${file}\u0000${id}`;
}
