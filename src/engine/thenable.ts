/** Whether user code handed back a promise (or any thenable) to wait for, rather than a value. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === "function";
}
