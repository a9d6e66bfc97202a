/** How `semisync graph` and `semisync check` print the static graph: JSON, dot, mermaid, compiler-style lines. */
import type { ScanResult } from "../scanner/workspace";

/** The text formats; `html` is the pictures' page (htmlReport.ts). */
export type GraphFormat = "json" | "dot" | "mermaid";

export function formatGraph(result: ScanResult, format: GraphFormat): string {
  if (format === "json") {
    return JSON.stringify(
      {
        tasks: result.tasks.map(({ id, file, line, column, dependencies }) => ({
          id,
          file,
          line,
          column,
          dependencies,
        })),
        problems: result.problems.map(({ code, severity, message, file, line, column }) => ({
          code,
          severity,
          message,
          file,
          line,
          column,
        })),
      },
      null,
      2,
    );
  }
  const edges = result.tasks.flatMap((task) => task.dependencies.map((dependency) => [dependency, task.id] as const));
  if (format === "dot") {
    return [
      "digraph semisync {",
      "  rankdir=LR;",
      ...result.tasks.map((task) => `  "${task.id}";`),
      ...edges.map(([from, to]) => `  "${from}" -> "${to}";`),
      "}",
    ].join("\n");
  }
  const node = (id: string) => id.replace(/[^A-Za-z0-9_]/g, "_");
  return [
    "flowchart LR",
    ...result.tasks.map((task) => `  ${node(task.id)}["${task.id}"]`),
    ...edges.map(([from, to]) => `  ${node(from)} --> ${node(to)}`),
  ].join("\n");
}

/** Compiler-style lines (`file:line:col - error SS001: message`) that problem matchers and CI logs read. */
export function formatCheck(result: ScanResult): { text: string; errors: number } {
  const lines = result.problems.map(
    (problem) =>
      `${problem.file}:${problem.line}:${problem.column} - ${problem.severity} ${problem.code}: ${problem.message}`,
  );
  const errors = result.problems.filter((problem) => problem.severity === "error").length;
  const warnings = result.problems.length - errors;
  lines.push(
    `${result.tasks.length} task${result.tasks.length === 1 ? "" : "s"}, ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`,
  );
  return { text: `${lines.join("\n")}\n`, errors };
}
