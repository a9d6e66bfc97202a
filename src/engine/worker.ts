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
import { errorInfo, type WorkerReply, type WorkerRequest } from "../shared/protocol";
import { isThenable } from "./thenable";
import { bundlePath } from "../shared/bundles";
import { checkParent, watchParent } from "./watchParent";

const send = (reply: WorkerReply) => process.send!(reply);

runtimeState().mode = "inert";
installLoader();
// The watching thread costs a V8 isolate of CPU: started with the first task, so that workers starting
// beside the CLI leave it the CPU; until a task runs, the idle main thread hears 'disconnect' itself.
checkParent();
captureOutput((text, stream) => {
  const key = currentTask.getStore()?.key;
  if (key === undefined) return false;
  send({ type: "output", key, stream, text });
  return true;
});
process.on("disconnect", () => process.exit(0));
trackMicrotaskErrors();
process.on("uncaughtException", (error) => send({ type: "uncaught", key: ownerOf(error), error: errorInfo(error) }));
process.on("unhandledRejection", (error) => send({ type: "uncaught", key: ownerOf(error), error: errorInfo(error) }));
let watching = false;
process.on("message", (request: WorkerRequest) => {
  if (!watching) watchParent();
  watching = true;
  void run(request);
});
send({ type: "ready" });
// What every user module imports first, loaded while no task is here yet: no user code, only ours.
setImmediate(() => require(bundlePath("runtime")));

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

/** Modules whose loading has finished; the first task of any other module reports when it starts. */
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
  if (mustLoad) send({ type: "started", key });
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
  const unsendable = uncloneablePath(result, "result");
  if (unsendable)
    send({
      type: "failed",
      key,
      error: { name: "TypeError", message: cloneMessage(`${key}: the value it returned`, unsendable) },
    });
  else send({ type: "succeeded", key, result });
}
