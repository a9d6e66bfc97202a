import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { startRun } from "../engine/client";
import { GraphError } from "../engine/graphError";
import { cycleProblem } from "../engine/plan";
import { EXIT, type GraphProblem } from "../shared/protocol";
import { cachedFacts } from "../scanner/factsCache";
import { scanProgram } from "../scanner/scan";
import type { RunCommand } from "./args";
import { JsonView, LiveView, PlainView, type View } from "./views";

/** `semisync run`: start the run in a coordinator process and render its events until it exits. */
export async function runCommand(command: RunCommand): Promise<number> {
  const out = (text: string) => void process.stdout.write(text);
  const err = (text: string) => void process.stderr.write(text);
  if (!existsSync(command.file)) {
    err(`semisync run: ${command.file} does not exist (looked in ${process.cwd()})\n`);
    return EXIT.graphError;
  }
  const view: View = command.json
    ? new JsonView(out)
    : process.stdout.isTTY
      ? new LiveView(out, err, () => process.stdout.rows ?? 24)
      : new PlainView(out, err);
  const file = resolve(command.file);
  const cycles = staticCycles(file, err);
  if (cycles.length > 0) {
    view.onEvent({ type: "graph-error", file, problems: cycles, message: new GraphError(cycles, file).message });
    view.close();
    return EXIT.graphError;
  }
  const run = startRun({ file: command.file, tasks: command.tasks, options: command.options });
  run.on("event", (event) => view.onEvent(event));
  const cancel = () => run.cancel();
  process.on("SIGINT", cancel);
  process.on("SIGTERM", cancel);
  process.on("SIGHUP", cancel);
  try {
    return await run.exited;
  } finally {
    view.close();
    process.off("SIGINT", cancel);
    process.off("SIGTERM", cancel);
    process.off("SIGHUP", cancel);
  }
}

/**
 * The cycles among the tasks of the file and everything it imports, found by the scanner and
 * worded as the engine words them, so a graph that can never run is refused before any process
 * starts. The engine checks again at run time, so a scan that fails only costs that head start.
 */
function staticCycles(file: string, err: (text: string) => void): GraphProblem[] {
  try {
    return scanProgram(file, cachedFacts())
      .cycles()
      .map((cycle) =>
        cycleProblem({ path: cycle.path, members: cycle.members.map((member) => member.id) }, cycle.members[0].file),
      );
  } catch (error) {
    err(
      `semisync run: the graph was not checked before starting (${(error as Error).message}); the run checks it as it starts.\n`,
    );
    return [];
  }
}
