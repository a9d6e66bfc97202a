import { strict as assert } from "node:assert";
import { join } from "node:path";
import { startRun } from "../../src/engine/client";
import type { GraphProblem, RunEvent } from "../../src/shared/protocol";
import { scanProgram } from "../../src/scanner/scan";
import { fixtures, root } from "./helpers/cli";

/**
 * The graph the engine builds when it runs a program, straight from the engine client: the
 * CLI refuses a cycle statically before the engine could show its own answer.
 */
async function engineGraph(
  file: string,
): Promise<{ edges?: Map<string, string[]>; problems?: GraphProblem[]; events: RunEvent[] }> {
  const events: RunEvent[] = [];
  const run = startRun({ file, options: {} });
  run.on("event", (event) => events.push(event));
  await run.exited;
  const start = events.find((event) => event.type === "run-start");
  if (start) {
    return {
      edges: new Map(start.tasks.map((call) => [call.id, [...start.dependencies[call.id]].sort()])),
      events,
    };
  }
  const error = events.find((event) => event.type === "graph-error");
  return { problems: error?.problems, events };
}

/** Problems as [code, tasks, did-you-mean]: both sides speak the catalogue's codes. */
type Shared = [code: string, tasks: string, suggestion: string];
const suggestionIn = (message: string) => /did you mean "?([\w.]+)"?\?/.exec(message)?.[1] ?? "";

describe("scanner: agrees with the graph the engine builds at run time", () => {
  const programs = [
    ...["crossFile", "formats", "legacy", "standard", "cycles", "unknown"].map((name) =>
      join(fixtures, "scanner", name, "main.ts"),
    ),
    join(fixtures, "scanner", "run", "clean.ts"),
    join(root, "examples", "finance.ts"),
    ...["imports", "calls", "cycles", "unknown"].map((name) => join(fixtures, "engine", `${name}.ts`)),
    join(fixtures, "legacy", "ledger.ts"),
  ];
  for (const program of programs) {
    it(`on ${program.slice(root.length + 1)}`, async () => {
      const runtime = await engineGraph(program);
      const workspace = scanProgram(program);
      const { tasks, problems } = workspace.result();
      if (runtime.edges) {
        const staticEdges = new Map(
          tasks.filter((task) => runtime.edges!.has(task.id)).map((task) => [task.id, [...task.dependencies].sort()]),
        );
        assert.deepEqual(staticEdges, runtime.edges);
        assert.deepEqual(
          problems.filter((problem) => problem.severity === "error"),
          [],
        );
        return;
      }
      assert.ok(runtime.problems, `the engine neither ran nor refused the graph:\n${JSON.stringify(runtime.events)}`);
      const fromEngine: Shared[] = runtime.problems.map((problem) => [
        problem.code,
        [...problem.tasks].sort().join(" "),
        suggestionIn(problem.message),
      ]);
      const fromScanner: Shared[] = [
        ...workspace.cycles().map((cycle): Shared => [
          "SS001",
          cycle.members
            .map((member) => member.id)
            .sort()
            .join(" "),
          "",
        ]),
        ...problems
          .filter((problem) => problem.code === "SS002" || problem.code === "SS003")
          .map((problem): Shared => [
            problem.code,
            problem.message.slice(0, problem.message.indexOf(":")),
            suggestionIn(problem.message),
          ]),
      ];
      assert.deepEqual(fromScanner.sort(), fromEngine.sort());
    });
  }
});
