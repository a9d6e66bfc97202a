import { resolve } from "node:path";
import { Coordination } from "../engine/coordination";
import { GraphError } from "../engine/graphError";
import { EXIT, type RunEvent } from "../shared/protocol";
import type { RunCommand } from "./args";
import { writeReport } from "./htmlReport";
import { JsonView, LiveView, PlainView, type View } from "./views";
import { staticProblems } from "./staticCheck";
import { CANCEL_SIGNALS, RunProgress, signalExitCode, type CancelSignal } from "./cancel";
import { InspectedWorkers } from "../engine/inspectedWorkers";
import { closeCoordinatorInspector, openCoordinatorInspector } from "./inspect";
import { watchedBySupervisor } from "./watch";
import { notRunnable, unreadableProject } from "./runnableFile";
import { codeOfRun } from "../scanner/programFiles";
import { REDIS_URL_ENV, redisUrl, unreachableWords } from "./redisExecutor";
import { redisTasks } from "../engine/redisTasks";

/**
 * `semisync run`: coordinate the run in this process, render its events, and exit with the
 * run's code. Workers are forked first, so that their start-up overlaps with checking the graph
 * and loading the program; with no coordinator process between the two, a run is one process
 * generation shorter. Workers watch this process: killed, it takes them down.
 */
export function runCommand(command: RunCommand): Promise<never> {
  watchedBySupervisor();
  if (command.inspect) {
    const refused = openCoordinatorInspector(command.inspect, (text) => process.stderr.write(text));
    if (refused) {
      process.stderr.write(`${refused}\n`);
      process.exit(EXIT.graphError);
    }
  }
  let signal: CancelSignal | undefined;
  const file = resolve(command.file);
  const progress = new RunProgress();
  const reported: RunEvent[] = [];
  const onEvent = (event: RunEvent) => {
    progress.onEvent(event);
    view.onEvent(event);
    if (command.report !== undefined) reported.push(event);
  };
  // The run's end may come as the process is already exiting (a top-level await that cannot settle), so it is
  // synchronous up to its exit, which alone may wait: for the jobs a cancel withdrew from Redis.
  const end = (code: number): void => {
    const note = signal && progress.cancelNote(file);
    if (note) view.onEvent({ type: "output", stream: "stderr", text: note });
    view.close();
    if (command.report !== undefined) writeRunReport(command, reported, err);
    if (command.inspect) closeCoordinatorInspector();
    // The program may leave timers or sockets open; the run is over, so is this process.
    const exit = () => process.exit(signal ? signalExitCode(signal) : code);
    // Jobs a cancel withdrew are out of the queue first, or a worker would still run them.
    const withdrawn = redis?.withdrawn();
    if (withdrawn) void withdrawn.then(exit);
    else exit();
  };
  // A worker's debugger address is said as the program's own stderr is, so the live view draws around it.
  const announce = (text: string) =>
    command.json ? err(text) : view.onEvent({ type: "output", stream: "stderr", text });
  const redis = remoteTasks(command, file, announce);
  const coordination = new Coordination({
    emit: onEvent,
    finish: end,
    ownsTerminal: true,
    inspectedWorkers: command.inspect && new InspectedWorkers(command.inspect, announce),
    poolMaker: redis?.poolMaker,
  });
  // Out-of-range options are refused as the run starts, after the file is found.
  coordination.prestart(command.options);
  const out = (text: string) => void coordination.direct.stdout(text);
  const err = (text: string) => void coordination.direct.stderr(text);
  const view: View = command.json
    ? new JsonView(out)
    : process.stdout.isTTY
      ? new LiveView(out, err, () => process.stdout.rows ?? 24, redis?.shownUrl)
      : new PlainView(out, err, false, redis?.shownUrl);
  const unrunnable =
    notRunnable(command.file) ?? unreadableProject(command.file) ?? (redis ? undefined : retriesWithoutRedis(command));
  if (unrunnable) {
    err(unrunnable);
    coordination.finish(EXIT.graphError);
  }
  // Listening before the static check, which may load TypeScript: a Ctrl-C then must be answered too.
  for (const name of CANCEL_SIGNALS)
    process.on(name, () => {
      signal ??= name;
      progress.cancelled();
      coordination.cancel();
    });
  const refused = staticProblems(file, command.tasks, err);
  if (refused.length > 0) {
    onEvent({ type: "graph-error", file, problems: refused, message: new GraphError(refused, file).message });
    coordination.finish(EXIT.graphError);
  }
  // The program sees the arguments `node file` would give it, not the CLI's.
  process.argv.splice(1, process.argv.length, file);
  const start = () => void coordination.start({ type: "start", file, tasks: command.tasks, options: command.options });
  if (!redis) start();
  else
    void redis.unreachable().then((why) => {
      if (why === undefined) return start();
      err(why);
      coordination.finish(EXIT.graphError);
    });
  return new Promise<never>(() => {});
}

/** With --redis (or SEMISYNC_REDIS_URL), the pool that sends tasks to `semisync worker`s, and the check that Redis answers. */
function remoteTasks(command: RunCommand, file: string, say: (text: string) => void) {
  const url = redisUrl(command.redis);
  if (url === undefined) return undefined;
  return redisTasks({
    url,
    root: process.cwd(),
    programFiles: () => codeOfRun([file]),
    say,
    retries: command.retries,
    unreachableMessage: (shownUrl, why) => unreachableWords("run", shownUrl, why),
  });
}

/** --retries is about worker machines lost through Redis: on a local run it would do nothing, silently. */
function retriesWithoutRedis(command: RunCommand): string | undefined {
  if (command.retries === undefined) return undefined;
  return `semisync run: --retries is for tasks run through Redis (--redis or ${REDIS_URL_ENV}), whose worker machines may be lost mid-task; add --redis, or leave --retries out\n`;
}

/** Written however the run ended: a failed run is when a report is wanted most. */
function writeRunReport(command: RunCommand, events: RunEvent[], err: (text: string) => void): void {
  const path = resolve(command.report!);
  const title = `semisync run ${command.file}${command.tasks ? ` --task ${command.tasks.join(" --task ")}` : ""}`;
  try {
    writeReport(path, { kind: "run", title, events });
    err(`semisync: report written to ${path}\n`);
  } catch (error) {
    err(
      `semisync run: could not write the report ${path}: ${(error as Error).message}; check that its folder exists and is writable\n`,
    );
  }
}
