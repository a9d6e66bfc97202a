/** Command-line parsing: plain data in, a command or a usage error out. */
import type { InspectOptions } from "../engine/inspectedWorkers";
import { MAX_WORKERS, type EngineOptions } from "../shared/protocol";

export interface RunCommand {
  command: "run";
  file: string;
  tasks?: string[];
  options: EngineOptions;
  json: boolean;
  /** Where to write the run's pictures as one HTML file. */
  report?: string;
  /** --inspect / --inspect-brk: a debugger in every process of the run. */
  inspect?: InspectOptions;
  /** --watch: run again on every change to the file or a file of the user's it imports. */
  watch?: boolean;
  /** --redis: the tasks run on `semisync worker`s through this Redis. */
  redis?: string;
  /** --retries: how many times a call whose worker machine was lost is sent again (with Redis). */
  retries?: number;
}

export interface WorkerCommand {
  command: "worker";
  redis?: string;
  concurrency?: number;
  name?: string;
  /** --lost-after: seconds without renewing its hold on a job after which the job counts as lost with it. */
  lostAfterS?: number;
}

export interface ScanCommand {
  command: "graph" | "check";
  paths: string[];
  format: "json" | "dot" | "mermaid" | "html";
}

export type Command = RunCommand | ScanCommand | WorkerCommand | { command: "help" } | { command: "version" };

export class UsageError extends Error {
  override name = "UsageError";
}

export const USAGE = `Usage: semisync <command> [options]

Commands:
  run <file.ts>   Run a semisync program in worker processes.
                  Without --task the file runs as a program: its top level queues calls and awaits begin().
                  With --task, the named tasks and everything upstream of them run, each called without arguments.
  graph [paths…]  Print the @semisync graph found statically (nothing runs): tasks, dependencies, problems.
                  --format json (default), dot, mermaid or html (a page that draws it). Without paths, the current folder.
  check [paths…]  Print every problem as \`file:line:col - error SS001: message\`; exit 1 on any error.
  worker          Run the tasks of \`semisync run --redis\` on this machine: start it in a checkout of the project.

Options for run:
  --task <Class.method>   A task to run (repeatable); switches to graph mode.
  --max-workers <N>       The most tasks computing at once, 1 to ${MAX_WORKERS} (default: the number of CPU cores);
                          worker processes start only for tasks that can run.
  --timeout <ms>          Stop any task that runs longer than this; a task's own timeout option wins.
  --fail-fast             Stop the run at the first failed or timed-out task.
  --json                  Print every event as one JSON object per line.
  --report <file.html>    Also write the run's graph and timeline as one self-contained HTML file.
  --inspect[=[host:]port] Open a debugger (the V8 inspector, for Chrome DevTools, VS Code or any inspector client)
                          in every process of the run, and print each one's address on stderr: the coordinator
                          (this process, where the program's top level and the callbacks run) and each worker as
                          it starts. Default 127.0.0.1 and a free port each; with a port, the coordinator takes it
                          and worker N takes port + N. Task timeouts are off, so a task paused at a breakpoint is
                          not stopped.
  --inspect-brk[=[host:]port]
                          The same, and each process waits for a debugger to attach before it runs any of your
                          code: first the coordinator, then every worker (one per core, up to --max-workers; more
                          start when more tasks can compute at once). With N workers that is N + 1 attaches;
                          --max-workers 1 makes it two.
  --watch                 Run again whenever the file or a file of yours it imports changes (not node_modules),
                          clearing the terminal between runs; a change during a run cancels it. Ctrl-C stops.
                          Not with --json.
  --redis <url>           Run the tasks on \`semisync worker\`s through this Redis (redis://host:6379); also
                          SEMISYNC_REDIS_URL. The callbacks, the shared namespace and the scheduling stay here.
  --retries <N>           With --redis: how many times a task whose worker machine is lost mid-task (killed,
                          powered off, cut off from Redis) is sent again, to another worker (default 1; 0 to fail
                          it at once, naming the worker).

Options for worker:
  --redis <url>           The Redis the runs send their tasks to (or SEMISYNC_REDIS_URL).
  --concurrency <N>       How many tasks it runs at once, each in a worker process of its own
                          (default: the number of CPU cores).
  --name <name>           How runs name this worker in their events (default: host name and pid).
  --lost-after <s>        Seconds after which a task of this worker counts as lost, should this machine die or
                          lose Redis while it runs it; the run then sends it to another worker (default 10).
                          SIGTERM or Ctrl-C: it takes no new task, finishes those it runs, and exits.

  -h, --help              Show this help.
  -v, --version           Show the version.

Exit codes: 0 every task succeeded; 1 a task failed, timed out, was skipped or cancelled;
2 the graph could not run (a cycle, an unknown dependency, a module that failed to load, bad arguments).`;

export function parseArgs(argv: readonly string[]): Command {
  const [command, ...rest] = argv;
  if (command === undefined || command === "-h" || command === "--help" || command === "help")
    return { command: "help" };
  if (command === "-v" || command === "--version") return { command: "version" };
  if (command === "graph" || command === "check") return parseScan(command, rest);
  if (command === "worker") return parseWorker(rest);
  if (command !== "run")
    throw new UsageError(`unknown command "${command}"; the commands are run, graph, check and worker`);

  const files: string[] = [];
  const tasks: string[] = [];
  const options: EngineOptions = {};
  let json = false;
  let report: string | undefined;
  let inspect: InspectOptions | undefined;
  let watch = false;
  let redis: string | undefined;
  let retries: number | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [flag, inline] =
      arg.startsWith("--") && arg.includes("=")
        ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
        : [arg, undefined];
    const value = () => {
      const next = inline ?? rest[++i];
      if (next === undefined || (inline === undefined && next.startsWith("--")))
        throw new UsageError(`${flag} needs a value`);
      return next;
    };
    const on = () => {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value; write ${flag} alone, not ${arg}`);
      return true;
    };
    switch (flag) {
      case "--task":
        tasks.push(value());
        break;
      case "--max-workers":
        options.maxWorkers = workerCount(flag, value());
        break;
      case "--timeout":
        options.timeoutMs = positiveInteger(flag, value());
        break;
      case "--fail-fast":
        options.failFast = on();
        break;
      case "--json":
        json = on();
        break;
      case "--report":
        report = value();
        break;
      case "--inspect":
      case "--inspect-brk":
        inspect = inspectAddress(flag, inline, flag === "--inspect-brk");
        break;
      case "--watch":
        watch = on();
        break;
      case "--redis":
        redis = value();
        break;
      case "--retries":
        retries = wholeNumber(flag, value());
        break;
      case "-h":
      case "--help":
        return { command: "help" };
      default:
        if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
        files.push(arg);
    }
  }
  if (files.length !== 1)
    throw new UsageError(
      files.length === 0
        ? "run needs the file to run: semisync run <file.ts>"
        : `run takes one file, got ${files.join(", ")}`,
    );
  if (watch && json)
    throw new UsageError(
      "--watch and --json do not go together: --json describes one run to a program reading it to its end; run `semisync run --json` again for each change instead",
    );
  if (inspect) options.ignoreTimeouts = true;
  return {
    command: "run",
    file: files[0],
    tasks: tasks.length > 0 ? tasks : undefined,
    options,
    json,
    ...(report === undefined ? {} : { report }),
    ...(inspect ? { inspect } : {}),
    ...(watch ? { watch } : {}),
    ...(redis === undefined ? {} : { redis }),
    ...(retries === undefined ? {} : { retries }),
  };
}

/** The arguments that run the same command once more, without --watch: what each run of a watch starts. */
export function runArgv(command: RunCommand): string[] {
  const { file, tasks = [], options, inspect, report, redis, retries } = command;
  return [
    "run",
    file,
    ...tasks.flatMap((task) => ["--task", task]),
    ...(options.maxWorkers === undefined ? [] : ["--max-workers", String(options.maxWorkers)]),
    ...(options.timeoutMs === undefined ? [] : ["--timeout", String(options.timeoutMs)]),
    ...(options.failFast ? ["--fail-fast"] : []),
    ...(inspect ? [`${inspect.wait ? "--inspect-brk" : "--inspect"}=${inspect.host}:${inspect.port}`] : []),
    ...(report === undefined ? [] : ["--report", report]),
    ...(redis === undefined ? [] : ["--redis", redis]),
    ...(retries === undefined ? [] : ["--retries", String(retries)]),
  ];
}

/** `--inspect`, `--inspect=9229`, `--inspect=0.0.0.0:9229`: Node's own forms. The value must follow an `=`. */
function inspectAddress(flag: string, value: string | undefined, wait: boolean): InspectOptions {
  if (value === undefined) return { host: "127.0.0.1", port: 0, wait };
  const colon = value.lastIndexOf(":");
  const host = colon < 0 ? "127.0.0.1" : value.slice(0, colon);
  const port = value.slice(colon + 1);
  if (!/^\d+$/.test(port) || Number(port) > 65535 || host === "")
    throw new UsageError(
      `${flag} takes [host:]port, a port from 0 (any free port) to 65535, as in ${flag}=127.0.0.1:9229, not "${value}"`,
    );
  return { host, port: Number(port), wait };
}

function parseScan(command: "graph" | "check", rest: readonly string[]): ScanCommand {
  const paths: string[] = [];
  let format: ScanCommand["format"] = "json";
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (command === "graph" && (arg === "--format" || arg.startsWith("--format="))) {
      const value = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : rest[++i];
      if (value !== "json" && value !== "dot" && value !== "mermaid" && value !== "html")
        throw new UsageError(`--format takes json, dot, mermaid or html, not "${value ?? ""}"`);
      format = value;
    } else if (arg.startsWith("-")) {
      throw new UsageError(`unknown option ${arg} for ${command}`);
    } else {
      paths.push(arg);
    }
  }
  return { command, paths, format };
}

function parseWorker(rest: readonly string[]): WorkerCommand {
  const command: WorkerCommand = { command: "worker" };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [flag, inline] = arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg];
    const value = () => {
      const next = inline ?? rest[++i];
      if (next === undefined || (inline === undefined && next.startsWith("--")))
        throw new UsageError(`${flag} needs a value`);
      return next;
    };
    if (flag === "--redis") command.redis = value();
    else if (flag === "--concurrency") command.concurrency = workerCount(flag, value());
    else if (flag === "--name") command.name = value();
    else if (flag === "--lost-after") command.lostAfterS = positiveInteger(flag, value());
    else
      throw new UsageError(
        `unknown option ${arg} for worker; it takes --redis, --concurrency, --name and --lost-after`,
      );
  }
  return command;
}

function positiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1)
    throw new UsageError(`${flag} takes a whole number greater than 0, not "${text}"`);
  return value;
}

function wholeNumber(flag: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} takes a whole number, 0 or more, not "${text}"`);
  return Number(text);
}

function workerCount(flag: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_WORKERS)
    throw new UsageError(
      `${flag} takes a whole number from 1 to ${MAX_WORKERS}, not "${text}": workers start only for tasks that can compute at once`,
    );
  return Number(text);
}
