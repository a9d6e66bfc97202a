/**
 * The runtime's state lives on globalThis under a registered symbol: the CLI's coordinator, the
 * worker entry and the copy of the runtime a user's code imports are separate bundles, and a
 * user's project may even install its own copy, yet all must see one registry and one queue.
 */
import type { RunOptions } from "../engine/protocol";
import type { RunReport } from "./report";

export type AnyFunction = (...args: any[]) => unknown;

/** What the user wrote in `dependencies`. */
export type DependencySpec = ReadonlyArray<string | AnyFunction> | (() => ReadonlyArray<AnyFunction> | AnyFunction);

export interface TaskDefinition {
  id: string;
  className: string;
  method: string;
  /** The module that declared the task; worker processes load it to run the task. */
  file: string | undefined;
  owner: object;
  original: AnyFunction;
  callback?: AnyFunction;
  dependencies: DependencySpec;
  timeoutMs?: number;
}

export interface QueuedCall {
  task: TaskDefinition;
  args: unknown[];
}

/**
 * - "program": calls queue and `begin()` runs them (a user's program, or the coordinator in program mode).
 * - "inert": the module is being loaded only to find its tasks (a worker, or graph mode);
 *   top-level queue calls do nothing and `begin()` never settles, so the code after it never runs.
 */
export type Mode = "program" | "inert";

export interface EngineHost {
  run(calls: QueuedCall[], options: RunOptions): Promise<RunReport>;
}

interface RuntimeState {
  mode: Mode;
  tasks: Map<string, TaskDefinition[]>;
  byFunction: WeakMap<AnyFunction, TaskDefinition>;
  queue: QueuedCall[];
  host?: EngineHost;
  running: boolean;
  /** Called when inert code reaches `begin()`: the module's tasks are all declared by then. */
  onInertBegin: Array<() => void>;
}

const KEY = Symbol.for("semisync.runtime.state.v1");

export function runtimeState(): RuntimeState {
  const holder = globalThis as unknown as Record<symbol, RuntimeState | undefined>;
  return (holder[KEY] ??= {
    mode: "program",
    tasks: new Map(),
    byFunction: new WeakMap(),
    queue: [],
    running: false,
    onInertBegin: [],
  });
}

export function registerTask(task: TaskDefinition, ...aliases: AnyFunction[]): void {
  const state = runtimeState();
  const same = state.tasks.get(task.id) ?? [];
  // A module evaluated twice (a worker importing it as ESM and requiring it as CJS) redefines
  // its tasks: the newest definition of the same file replaces the old one.
  const others = same.filter((existing) => existing.file !== task.file);
  state.tasks.set(task.id, [...others, task]);
  for (const fn of [task.original, ...aliases]) state.byFunction.set(fn, task);
}

export function findTask(id: string, file?: string): TaskDefinition | undefined {
  const candidates = runtimeState().tasks.get(id) ?? [];
  return file === undefined ? candidates[0] : candidates.find((task) => task.file === file);
}
