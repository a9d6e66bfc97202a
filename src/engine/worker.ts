/**
 * A worker process: loads the user's modules (inert: their top-level queue calls and begin()
 * do nothing) and runs the tasks the coordinator sends, telling it when a task awaits so the
 * process can take another.
 */
import { cloneMessage, uncloneablePath } from "../shared/cloneable";
import { findTask, runtimeState, type TaskDefinition } from "../runtime/state";
import { ownerOf, trackMicrotaskErrors } from "./errorOwner";
import { importUntilBegin } from "./importUntilBegin";
import { installLoader } from "./loader/install";
import { captureOutput, currentTask } from "./outputCapture";
import { errorInfo, type WorkerMessage, type WorkerReply, type WorkerRequest } from "../shared/protocol";
import { isThenable } from "./thenable";
import { clonesAsIs } from "./primitive";
import { bundlePath } from "../shared/bundles";
import { AsyncLocalStorage } from "node:async_hooks";
import { checkParent, watchParent } from "./watchParent";
import { INSPECT_WAIT_ENV } from "./inspectedWorkers";
import { waitForDebugger } from "node:inspector";

let unwritten = 0;
let onWritten: (() => void) | undefined;
const send = (reply: WorkerReply) => {
  unwritten++;
  process.send!(reply, undefined, undefined, () => {
    if (--unwritten === 0 && onWritten) {
      const next = onWritten;
      onWritten = undefined;
      next();
    }
  });
};
/** Runs `then` once every reply sent so far has reached the pipe. */
function whenWritten(then: () => void): void {
  if (unwritten === 0) then();
  else onWritten = then;
}

runtimeState().mode = "inert";
installLoader();
// The watching thread costs a V8 isolate of CPU: started with the first task, so that workers starting
// beside the CLI leave it the CPU; until a task runs, the idle main thread hears 'disconnect' itself.
checkParent();
captureOutput((text, stream) => {
  const key = currentTask.getStore()?.key;
  if (key !== undefined) send({ type: "output", key, stream, text });
  else {
    const file = preloading.getStore();
    if (file === undefined) return false;
    loadOutput.write(file, text, stream);
  }
  return true;
});
process.on("disconnect", () => process.exit(0));
trackMicrotaskErrors();
process.on("uncaughtException", (error) => send({ type: "uncaught", key: ownerOf(error), error: errorInfo(error) }));
process.on("unhandledRejection", (error) => send({ type: "uncaught", key: ownerOf(error), error: errorInfo(error) }));
let watching = false;
if (process.env[INSPECT_WAIT_ENV]) {
  // `semisync run --inspect-brk`: no user module loads before a debugger attaches. The parent is
  // watched from a thread meanwhile, as this thread cannot hear it go while it waits.
  delete process.env[INSPECT_WAIT_ENV];
  watchParent();
  watching = true;
  waitForDebugger();
}
process.on("message", (messages: WorkerMessage) => {
  for (const request of messages) {
    // A module that fails to load fails its first task, which awaits the same load and reports why.
    if (request.type === "load") void preloading.run(request.file, () => load(request.file)).catch(() => undefined);
    else queued.push(request);
  }
  if (queued.length === 0) return;
  if (!watching) watchParent();
  watching = true;
  runQueued();
});
send({ type: "ready" });
// What every user module imports first, loaded while no task is here yet: no user code, only ours.
setImmediate(() => require(bundlePath("runtime")));

/** The module being loaded ahead of its tasks, for what its top level writes. */
const preloading = new AsyncLocalStorage<string>();

/**
 * What a module writes as it loads belongs to the first of its tasks this worker runs, as when
 * that task's arrival loaded it; a worker that runs none of its tasks shows none of it, so a
 * module's top-level output is not repeated once per worker.
 */
const loadOutput = {
  held: new Map<string, Array<{ text: string; stream: "stdout" | "stderr" }>>(),
  owners: new Map<string, string>(),
  write(file: string, text: string, stream: "stdout" | "stderr"): void {
    const owner = this.owners.get(file);
    if (owner !== undefined) {
      send({ type: "output", key: owner, stream, text });
      return;
    }
    const held = this.held.get(file) ?? [];
    this.held.set(file, held);
    held.push({ text, stream });
  },
  release(file: string, key: string): void {
    this.owners.set(file, key);
    for (const { text, stream } of this.held.get(file) ?? []) send({ type: "output", key, stream, text });
    this.held.delete(file);
  },
};

/**
 * Tasks sent, not begun. They begin one at a time, in the order sent, each once the one before has
 * ended or awaits, and in a turn of the event loop of its own, as when each came in a message of its
 * own: what the one before left to run at once (its promise reactions) runs before the next begins.
 */
const queued: WorkerRequest[] = [];
let beginning = false;

function runQueued(): void {
  if (beginning) return;
  const next = queued.shift();
  if (next === undefined) return;
  beginning = true;
  void run(next).finally(() =>
    whenWritten(() => {
      beginning = false;
      if (queued.length > 0) setImmediate(runQueued);
    }),
  );
}

const loaded = new Map<string, Promise<void>>();

/** Each module is loaded once per worker; every task of it waits for that one load. */
function load(file: string): Promise<void> {
  let loading = loaded.get(file);
  if (!loading) {
    loading = importUntilBegin(file);
    loaded.set(file, loading);
  }
  return loading;
}

/**
 * Modules a task of this worker has run from. The first task of any other module reports when it
 * starts, whether it loaded the module or found it preloaded: the coordinator cannot tell which.
 */
const settled = new Set<string>();

async function run({ key, file, id, args }: WorkerRequest): Promise<void> {
  let task: TaskDefinition | undefined;
  const mustLoad = !settled.has(file);
  try {
    await load(file);
    settled.add(file);
    task = findTask(id, file);
    if (!task)
      throw new Error(
        `${id} is not declared by ${file} when a worker loads it; is the class declared after the module's top-level begin()?`,
      );
  } catch (error) {
    const info = errorInfo(error);
    send({
      type: "failed",
      key,
      error: { ...info, message: `${key}: ${file} failed to load in a worker: ${info.message}` },
    });
    return;
  }
  const owner = task.owner;
  const original = task.original;
  if (mustLoad) {
    loadOutput.release(file, key);
    send({ type: "started", key });
  }
  currentTask.run({ key, callback: false }, () => {
    let outcome: unknown;
    try {
      outcome = original.apply(owner, args);
    } catch (error) {
      send({ type: "failed", key, error: errorInfo(error) });
      return;
    }
    if (!isThenable(outcome)) {
      succeed(key, outcome);
      return;
    }
    send({ type: "parked", key });
    outcome.then(
      (value) => succeed(key, value),
      (error) => send({ type: "failed", key, error: errorInfo(error) }),
    );
  });
}

function succeed(key: string, result: unknown): void {
  const unsendable = clonesAsIs(result) ? undefined : uncloneablePath(result, "result");
  if (unsendable)
    send({
      type: "failed",
      key,
      error: { name: "TypeError", message: cloneMessage(`${key}: the value it returned`, unsendable) },
    });
  else send({ type: "succeeded", key, result });
}
