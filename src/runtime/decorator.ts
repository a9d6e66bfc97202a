import { OPTION_NAMES, problem, problemError } from "../shared/problems";
import { closestName } from "../shared/suggest";
import { callerFile } from "./callerFile";
import { registerTask, runtimeState, type AnyFunction, type DependencySpec, type TaskDefinition } from "./state";

export interface SemisyncOptions {
  /** Runs in the coordinating process with the task's result; an array result is spread into its arguments. */
  callback?: AnyFunction;
  /**
   * Tasks that must finish first: names (`"revenue"` in the same class, `"Finance.revenue"`),
   * or references, best through a thunk (`() => [Finance.revenue, Ledger.close]`) so that
   * classes declared later or in other modules resolve when the run starts.
   */
  dependencies?: DependencySpec;
  /** Kill the task's process and mark it timed out after this many milliseconds. */
  timeout?: number;
}

interface SemisyncDecorator {
  <T extends AnyFunction>(value: T, context: ClassMethodDecoratorContext): T;
  (target: object, propertyKey: string | symbol, descriptor: PropertyDescriptor): PropertyDescriptor;
}

/**
 * Marks a static method as a task. Calling the method afterwards queues a call (with its
 * arguments) for the next `semisync.begin()` instead of running it. Works with standard
 * decorators and with `experimentalDecorators`.
 */
export function semisync(options: SemisyncOptions = {}): SemisyncDecorator {
  const checked = checkOptions(options);
  const file = callerFile();
  return ((first: unknown, second: unknown, third?: unknown) => {
    if (isStandardContext(second)) return decorateStandard(first as AnyFunction, second, checked, file);
    return decorateLegacy(first, second as string | symbol, third as PropertyDescriptor, checked, file);
  }) as SemisyncDecorator;
}

function decorateStandard(
  original: AnyFunction,
  context: DecoratorContext,
  options: SemisyncOptions,
  file: string | undefined,
): AnyFunction {
  const name = String(context.name);
  const isStatic = "static" in context && context.static;
  if (context.kind !== "method" || !isStatic) {
    throw problemError(problem.notStaticMethod(name, `${isStatic ? "a static" : "an instance"} ${context.kind}`, name));
  }
  let task: TaskDefinition | undefined;
  const queueing = function (this: unknown, ...args: unknown[]) {
    if (!task) throw new Error(`@semisync task ${name} was called before its class finished initialising`);
    enqueue(task, args);
  };
  context.addInitializer(function (this: unknown) {
    task = define(this as AnyFunction, name, original, options, file);
    registerTask(task, queueing);
  });
  return queueing;
}

function decorateLegacy(
  target: unknown,
  key: string | symbol,
  descriptor: PropertyDescriptor | undefined,
  options: SemisyncOptions,
  file: string | undefined,
): PropertyDescriptor {
  const name = String(key);
  if (typeof target !== "function" || !descriptor || typeof descriptor.value !== "function") {
    const what = typeof target === "function" ? "a static property" : "an instance member";
    throw problemError(problem.notStaticMethod(name, what, name));
  }
  const task = define(target as AnyFunction, name, descriptor.value, options, file);
  const queueing = function (...args: unknown[]) {
    enqueue(task, args);
  };
  registerTask(task, queueing);
  return { ...descriptor, value: queueing };
}

function define(
  owner: AnyFunction,
  method: string,
  original: AnyFunction,
  options: SemisyncOptions,
  file: string | undefined,
): TaskDefinition {
  return {
    get id() {
      return `${owner.name}.${method}`;
    },
    get className() {
      return owner.name;
    },
    method,
    file,
    owner,
    original,
    callback: options.callback,
    dependencies: options.dependencies ?? [],
    timeoutMs: options.timeout,
  };
}

function enqueue(task: TaskDefinition, args: unknown[]): void {
  const state = runtimeState();
  if (state.mode === "inert") return;
  state.queue.push({ task, args });
}

function isStandardContext(value: unknown): value is DecoratorContext {
  return typeof value === "object" && value !== null && "kind" in value && "name" in value;
}

function checkOptions(options: SemisyncOptions): SemisyncOptions {
  if (typeof options !== "object" || options === null) throw problemError(problem.optionsNotObject());
  for (const key of Object.keys(options)) {
    if (!(OPTION_NAMES as readonly string[]).includes(key))
      throw problemError(problem.unknownOption(key, closestName(key, OPTION_NAMES)));
  }
  if (options.callback !== undefined && typeof options.callback !== "function") {
    throw problemError(problem.callbackNotFunction());
  }
  const deps = options.dependencies;
  if (deps !== undefined && typeof deps !== "function" && !Array.isArray(deps)) {
    throw problemError(problem.dependenciesNotList());
  }
  const timeout = options.timeout;
  if (timeout !== undefined && !(typeof timeout === "number" && timeout > 0 && Number.isFinite(timeout))) {
    throw problemError(problem.timeoutNotPositive());
  }
  return options;
}
