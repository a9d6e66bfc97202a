/**
 * `semisync run --inspect`: this process coordinates the run, so its own inspector is opened here,
 * in-process, before any worker is forked; the workers' come from their Node flag (see
 * engine/inspectedWorkers.ts).
 */
import inspector from "node:inspector";
import type { InspectOptions } from "../engine/inspectedWorkers";

/**
 * Opens the coordinator's inspector and says where it listens. With `wait`, blocks until a client
 * attaches and lets it run: nothing of the user's has run yet, no worker is forked, and no signal
 * handler is installed, so a Ctrl-C while waiting ends this process and leaves nothing behind.
 * Returns a reason it could not open, for the caller to refuse the run with.
 */
export function openCoordinatorInspector(options: InspectOptions, err: (text: string) => void): string | undefined {
  const address = `${options.host}:${options.port}`;
  try {
    // Node says why it could not listen (a port in use) on stderr itself, and opens nothing.
    inspector.open(options.port, options.host, false);
  } catch (error) {
    // Already open: this process was started with a Node flag of its own, such as --inspect.
    return `semisync run: no debugger could listen on ${address}: ${(error as Error).message}`;
  }
  const url = inspector.url();
  if (!url)
    return `semisync run: no debugger could listen on ${address}; choose another port, or --inspect alone for a free one`;
  err(
    `semisync: debugger for the coordinator, where the program's top level and callbacks run (pid ${process.pid}): ${url}\n`,
  );
  err("semisync: task timeouts are off under a debugger, so a task paused at a breakpoint is not stopped\n");
  if (!options.wait) return undefined;
  err("semisync: waiting for a debugger to attach to the coordinator; each worker then waits for one too\n");
  inspector.waitForDebugger();
  return undefined;
}

/**
 * Lets a debugger go as the run ends: with one attached, Node's exit waits for it to detach, and
 * while it waits no Ctrl-C is answered. A client sees the process end, as after any run.
 */
export function closeCoordinatorInspector(): void {
  inspector.close();
}
