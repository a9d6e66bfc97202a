/**
 * The runtime's state lives on globalThis under a registered symbol: the CLI's coordinator, the
 * worker entry and the copy of the runtime a user's code imports are separate bundles, and a
 * user's project may even install its own copy, yet all must see one registry and one queue.
 */
import type { RunOptions } from "../shared/protocol";
import type { RunReport } from "./report";

// The user's own functions: their parameters are theirs to type, and any function must fit.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFunction = (...args: any[]) => unknown;

/** What the user wrote in `dependencies`. */
export type DependencySpec = ReadonlyArray<string | AnyFunction> | (() => ReadonlyArray<AnyFunction> | AnyFunction);

export interface TaskDefinition {
  /** `Class.method`, read when needed: bundlers that lower decorators name the class only after its static initialisers ran. */
  readonly id: string;
  readonly className: string;
  method: string;
  /** The module that declared the task; worker processes load it to run the task. */
  file: string | undefined;
  owner: AnyFunction;
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
  definitions: TaskDefinition[];
  byFunction: WeakMap<AnyFunction, TaskDefinition>;
  queue: QueuedCall[];
  host?: EngineHost;
  /** Makes the host of a plain Node program's begin(): installed by the package's entry (dist/runtime.js), which brings the engine. */
  createHost?: () => EngineHost;
  running: boolean;
  /** Called when inert code reaches `begin()`: the module's tasks are all declared by then. */
  onInertBegin: Array<() => void>;
  /** The definitions by file and method name: where a redefinition can only be. */
  byFileAndMethod?: Map<string, TaskDefinition[]>;
  /** tasksById(), kept until the next task is registered. */
  byId?: Map<string, TaskDefinition[]>;
}

const KEY = Symbol.for("semisync.runtime.state.v1");

export function runtimeState(): RuntimeState {
  const holder = globalThis as unknown as Record<symbol, RuntimeState | undefined>;
  return (holder[KEY] ??= {
    mode: "program",
    definitions: [],
    byFunction: new WeakMap(),
    queue: [],
    running: false,
    onInertBegin: [],
  });
}

export function registerTask(task: TaskDefinition, ...aliases: AnyFunction[]): void {
  const state = runtimeState();
  // A module evaluated twice (imported as ESM and required as CommonJS) redefines its tasks:
  // the newest definition from the same file replaces the old one. Only a definition of the same
  // method in the same file can be one, so thousands of tasks register in linear time.
  const byFileAndMethod = (state.byFileAndMethod ??= indexByFileAndMethod(state.definitions));
  const place = `${task.file}\0${task.method}`;
  const siblings = byFileAndMethod.get(place) ?? [];
  const replaced = siblings.filter((existing) => existing.id === task.id);
  if (replaced.length > 0) state.definitions = state.definitions.filter((existing) => !replaced.includes(existing));
  byFileAndMethod.set(place, [...siblings.filter((existing) => !replaced.includes(existing)), task]);
  state.definitions.push(task);
  state.byId = undefined;
  for (const fn of [task.original, ...aliases]) state.byFunction.set(fn, task);
}

function indexByFileAndMethod(definitions: readonly TaskDefinition[]): Map<string, TaskDefinition[]> {
  const index = new Map<string, TaskDefinition[]>();
  for (const task of definitions) {
    const place = `${task.file}\0${task.method}`;
    index.set(place, [...(index.get(place) ?? []), task]);
  }
  return index;
}

/**
 * Every declared task by id; an id declared in several files has several definitions. Kept
 * until the next registration: a worker looks a task up for every call it runs.
 */
export function tasksById(): Map<string, TaskDefinition[]> {
  const state = runtimeState();
  if (state.byId) return state.byId;
  const byId = new Map<string, TaskDefinition[]>();
  for (const task of state.definitions) {
    const same = byId.get(task.id);
    if (same) same.push(task);
    else byId.set(task.id, [task]);
  }
  state.byId = byId;
  return byId;
}

export function findTask(id: string, file?: string): TaskDefinition | undefined {
  const candidates = tasksById().get(id) ?? [];
  return file === undefined ? candidates[0] : candidates.find((task) => task.file === file);
}
