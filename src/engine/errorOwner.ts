/**
 * Which task an uncaught error belongs to, in a worker. Node carries the async context of the
 * code that scheduled a callback (timers, I/O, promise reactions) into the 'uncaughtException'
 * and 'unhandledRejection' handlers, so `currentTask` names the task there; a microtask queued
 * with `queueMicrotask` is the exception (Node 20 leaves its context before the handler runs),
 * so those callbacks are wrapped to mark what they throw with their task.
 */
import { currentTask } from "./outputCapture";

const thrownBy = new WeakMap<object, string>();

export function trackMicrotaskErrors(): void {
  const queue = globalThis.queueMicrotask;
  globalThis.queueMicrotask = (callback: () => void) => {
    const key = currentTask.getStore()?.key;
    if (key === undefined) return queue(callback);
    queue(() => {
      try {
        callback();
      } catch (error) {
        if (typeof error === "object" && error !== null) thrownBy.set(error, key);
        throw error;
      }
    });
  };
}

/** The task whose code threw `error`, if any can be told. */
export function ownerOf(error: unknown): string | undefined {
  return currentTask.getStore()?.key ?? (typeof error === "object" && error !== null ? thrownBy.get(error) : undefined);
}
