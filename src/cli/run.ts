import { statSync } from "node:fs";
import { resolve } from "node:path";
import { startRun, type RunHandle } from "../engine/client";
import { GraphError } from "../engine/graphError";
import { EXIT } from "../shared/protocol";
import type { RunCommand } from "./args";
import { JsonView, LiveView, PlainView, type View } from "./views";
import { staticProblems } from "./staticCheck";
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
    const refused = staticProblems(file, command.tasks, err);
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
