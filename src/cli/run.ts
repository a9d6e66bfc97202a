import { statSync } from "node:fs";
import { resolve } from "node:path";
import { startRun, type RunHandle } from "../engine/client";
import { GraphError } from "../engine/graphError";
import { cycleProblem } from "../engine/plan";
import { EXIT, type GraphProblem } from "../shared/protocol";
import { CODE, locatedProblem } from "../shared/problems";
import { displayPath } from "../shared/format";
import { cachedFacts } from "../scanner/factsCache";
import { compareLocations } from "../scanner/fileView";
import { scanProgram } from "../scanner/scan";
import type { RunCommand } from "./args";
import { JsonView, LiveView, PlainView, type View } from "./views";
import { CANCEL_SIGNALS, RunProgress, signalExitCode, type CancelSignal } from "./cancel";

/** `semisync run`: start the run in a coordinator process and render its events until it exits. */
export async function runCommand(command: RunCommand): Promise<number> {
  const out = (text: string) => void process.stdout.write(text);
  const err = (text: string) => void process.stderr.write(text);
  const stat = statSync(command.file, { throwIfNoEntry: false });
  if (!stat) {
    err(`semisync run: ${command.file} does not exist (looked in ${process.cwd()})\n`);
    return EXIT.graphError;
  }
  if (stat.isDirectory()) {
    err(`semisync run: ${command.file} is a folder; name the file that queues the calls and awaits begin()\n`);
    return EXIT.graphError;
  }
  const view: View = command.json
    ? new JsonView(out)
    : process.stdout.isTTY
      ? new LiveView(out, err, () => process.stdout.rows ?? 24)
      : new PlainView(out, err);
  const file = resolve(command.file);
  const progress = new RunProgress();
  let run: RunHandle | undefined;
  let signal: CancelSignal | undefined;
  // Listening before the static check, which may load TypeScript: a Ctrl-C then must be answered too.
  const handlers = CANCEL_SIGNALS.map((name) => {
    const handler = () => {
      signal ??= name;
      progress.cancelled();
      run?.cancel();
    };
    process.on(name, handler);
    return [name, handler] as const;
  });
  try {
    const refused = staticProblems(file, err);
    if (refused.length > 0) {
      view.onEvent({ type: "graph-error", file, problems: refused, message: new GraphError(refused, file).message });
      return EXIT.graphError;
    }
    run = startRun({ file: command.file, tasks: command.tasks, options: command.options });
    run.on("event", (event) => {
      progress.onEvent(event);
      view.onEvent(event);
    });
    const code = await run.exited;
    if (!signal) return code;
    const note = progress.cancelNote(file);
    if (note) view.onEvent({ type: "output", stream: "stderr", text: note });
    return signalExitCode(signal);
  } finally {
    view.close();
    for (const [name, handler] of handlers) process.off(name, handler);
  }
}

/**
 * What the scanner can refuse before any process starts, worded as the engine words it: the
 * cycles among the tasks of the file and everything it imports, and dependencies that name no
 * task or two (SS002, SS003). A name is refused only when the scan read every module the program
 * loads: a package or a JavaScript file may declare the task the name means. Warnings never
 * refuse. The engine checks again at run time, so a scan that fails only costs that head start.
 */
function staticProblems(file: string, err: (text: string) => void): GraphProblem[] {
  try {
    const workspace = scanProgram(file, cachedFacts());
    const cycles = workspace
      .cycles()
      .map((cycle) =>
        cycleProblem({ path: cycle.path, members: cycle.members.map((member) => member.id) }, cycle.members[0].file),
      );
    if (workspace.unreadImports().length > 0) return cycles;
    const { tasks, problems } = workspace.result();
    const unresolved = problems
      .filter(
        (each) =>
          each.severity === "error" && (each.code === CODE.unknownDependency || each.code === CODE.ambiguousDependency),
      )
      .flatMap((each) => {
        const task = tasks.find(
          (candidate) =>
            candidate.file === each.file &&
            compareLocations(candidate, each) <= 0 &&
            compareLocations(each, { file: each.file, line: candidate.endLine, column: candidate.endColumn }) <= 0,
        );
        return task
          ? [locatedProblem(each, task.id, `${displayPath(each.file)}:${each.line}:${each.column}`, each.file)]
          : [];
      });
    return [...cycles, ...unresolved];
  } catch (error) {
    err(
      `semisync run: the graph was not checked before starting (${(error as Error).message}); the run checks it as it starts.\n`,
    );
    return [];
  }
}
