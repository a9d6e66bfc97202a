import { existsSync } from "node:fs";
import { startRun } from "../engine/client";
import { EXIT } from "../engine/protocol";
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
