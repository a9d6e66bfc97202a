/**
 * The coordinator process the CLI and the editor start: loads the user's file, runs its graph
 * on the worker pool, runs callbacks, and streams every event to its parent. Nothing the user
 * wrote ever runs in the CLI or the editor themselves.
 */
import { pathToFileURL } from "node:url";
import { runtimeState, tasksById, type TaskDefinition } from "../runtime/state";
import { closestName } from "../shared/suggest";
import { GraphError } from "./graphError";
import { importUntilBegin } from "./importUntilBegin";
import { PooledHost } from "./pooledHost";
import { installLoader } from "./loader/install";
import { captureCallbackOutput } from "./outputCapture";
import { displayPath } from "../shared/format";
import { CODE, PROBLEMS, graphProblem, problem, problemCodeOf } from "../shared/problems";
import {
  EXIT,
  errorInfo,
  type CoordinatorReply,
  type CoordinatorRequest,
  type GraphProblem,
  type RunEvent,
} from "../shared/protocol";
import { watchParent } from "./watchParent";
import { begin } from "../runtime/begin";

const state = runtimeState();
let host: PooledHost | undefined;
let exitCode: number = EXIT.ok;
let finishing = false;

const send = (reply: CoordinatorReply, done?: () => void) => {
  if (process.connected) process.send!(reply, undefined, {}, done);
  else done?.();
};
// A run of thousands of tasks emits tens of thousands of events, a few per task: they travel
// together, at most every few milliseconds, sooner than any person or view could tell.
const EVENT_BATCH_MS = 5;
/** A message this long is sent at once: a client reads a long one in many pieces, joined as they come. */
const EVENT_BATCH_MAX = 500;
let pending: RunEvent[] = [];
const flushEvents = () => {
  if (pending.length === 0) return;
  const events = pending;
  pending = [];
  send({ type: "events", events });
};
const emit = (event: RunEvent) => {
  if (event.type === "run-end" && !event.ok) exitCode = Math.max(exitCode, EXIT.taskFailed);
  if (event.type === "graph-error") exitCode = EXIT.graphError;
  const count = pending.push(event);
  if (count === 1) setTimeout(flushEvents, EVENT_BATCH_MS);
  else if (count >= EVENT_BATCH_MAX) flushEvents();
};

watchParent();
process.on("disconnect", () => {
  host?.current?.dispose();
  process.exit(EXIT.taskFailed);
});
process.on("message", (request: CoordinatorRequest) => {
  if (request.type === "start") void start(request);
  else cancel();
});
process.channel?.unref();

async function start(request: Extract<CoordinatorRequest, { type: "start" }>): Promise<void> {
  host = new PooledHost(emit, request.options);
  state.host = host;
  // The engine emits a callback's output itself; the rest is the program's own.
  captureCallbackOutput(
    () => host?.current,
    (text, stream, fromCallback) => {
      if (!fromCallback) emit({ type: "output", stream, text });
      return true;
    },
  );
  try {
    // Workers first: their start-up overlaps with this process loading the user's module.
    host.engineFor(request.options).prestart();
  } catch (error) {
    // Only the run's options are refused here; anything else is a failure of ours, reported as one.
    const code = problemCodeOf(error);
    if (!code) throw error;
    const refused = { code, severity: PROBLEMS[code].severity, message: (error as Error).message };
    return graphError(request.file, [graphProblem(refused, undefined, [])]);
  }
  installLoader();
  process.on("uncaughtException", (error) => programError(error));
  process.on("unhandledRejection", (error) => programError(error));
  if (request.tasks) await runTasks([request.file, ...(request.alsoLoad ?? [])], request.tasks);
  else await runProgram(request.file);
}

/** Program mode: the file runs as the program it is; its rounds of begin() report as they go. */
async function runProgram(file: string): Promise<void> {
  process.once("beforeExit", () => {
    const forgotten = state.queue.length;
    if (forgotten > 0)
      emit({
        type: "output",
        stream: "stderr",
        text: `semisync: ${displayPath(file)} queued ${forgotten} call(s) that never ran; call \`await semisync.begin()\` after queueing them\n`,
      });
    finish(exitCode);
  });
  try {
    await import(pathToFileURL(file).href);
  } catch (error) {
    if (error instanceof GraphError) finish(EXIT.graphError);
    else loadFailed(file, error);
  }
}

/**
 * Graph mode: load the files only to find their tasks (the editor passes every file whose tasks
 * it wants run), then run the named tasks and all they depend on.
 */
async function runTasks(files: string[], ids: string[]): Promise<void> {
  const [file] = files;
  state.mode = "inert";
  for (const each of files) {
    try {
      await importUntilBegin(each);
    } catch (error) {
      return loadFailed(each, error);
    }
  }
  state.mode = "program";
  const problems: GraphProblem[] = [];
  const chosen: TaskDefinition[] = [];
  for (const id of ids) {
    const task = lookUp(id, file);
    if (!task) {
      const declaredBy = `${files.map(displayPath).join(", ")} or the modules ${files.length > 1 ? "they import" : "it imports"}`;
      problems.push(graphProblem(problem.unknownTask(id, declaredBy, closestName(id, tasksById().keys())), file, [id]));
    } else if (task.original.length > 0) {
      problems.push(graphProblem(problem.taskNeedsArguments(id), file, [task.id]));
    } else {
      chosen.push(task);
    }
  }
  if (problems.length > 0) return graphError(file, problems);
  state.queue.splice(0, state.queue.length, ...chosen.map((task) => ({ task, args: [] })));
  try {
    await begin();
  } catch (error) {
    if (!(error instanceof GraphError)) return loadFailed(file, error);
  }
  finish(exitCode);
}

function lookUp(id: string, file: string): TaskDefinition | undefined {
  const candidates = id.includes(".")
    ? (tasksById().get(id) ?? [])
    : state.definitions.filter((task) => task.method === id);
  return candidates.find((task) => task.file === file) ?? (candidates.length === 1 ? candidates[0] : undefined);
}

function loadFailed(file: string, error: unknown): void {
  if (problemCodeOf(error) === CODE.syntaxError) {
    // The loader's refusal names the file, line and column itself; a stack would only point into semisync.
    const broken = (error as { file?: unknown }).file;
    const at = typeof broken === "string" ? broken : file;
    const message = (error as Error).message;
    return graphError(file, [graphProblem({ code: CODE.syntaxError, severity: "error", message }, at, [])]);
  }
  const info = errorInfo(error);
  const described = problem.loadFailed(displayPath(file), info.stack ?? info.message);
  // A problem the runtime found as the module loaded (the decorator checks its options) keeps its own code.
  graphError(file, [graphProblem({ ...described, code: problemCodeOf(error) ?? described.code }, file, [])]);
}

function graphError(file: string, problems: GraphProblem[]): void {
  const error = new GraphError(problems, file);
  emit({ type: "graph-error", file, problems, message: error.message });
  finish(EXIT.graphError);
}

function programError(error: unknown): void {
  if (error instanceof GraphError) return finish(EXIT.graphError);
  const info = errorInfo(error);
  emit({ type: "output", stream: "stderr", text: `${info.stack ?? info.message}\n` });
  finish(Math.max(exitCode, EXIT.taskFailed));
}

function cancel(): void {
  host?.current?.cancel("run cancelled");
  finish(Math.max(exitCode, EXIT.taskFailed));
}

function finish(code: number): void {
  if (finishing) return;
  finishing = true;
  host?.current?.dispose();
  flushEvents();
  send({ type: "exit", code }, () => process.exit(code));
}
