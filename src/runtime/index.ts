/**
 * semisync: decorate static methods, queue calls, and run them semi-synchronously —
 * each in a worker process, dependents only after their dependencies.
 */
import { begin, clear } from "./begin";
import { semisync as decorate } from "./decorator";

export type { BeginOptions } from "./begin";
export type { SemisyncOptions } from "./decorator";
export type { CallReport, RunReport } from "./report";
export { shared } from "./shared";
export { begin, clear };

/** The decorator, with `semisync.begin()` and `semisync.clear()` as in semisync.py. */
export const semisync: typeof decorate & { begin: typeof begin; clear: typeof clear } = Object.assign(decorate, {
  begin,
  clear,
});
export default semisync;
