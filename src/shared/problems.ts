/**
 * Every problem semisync reports about a graph, in one place: its stable code (what CI logs,
 * problem matchers, the editor and the engine's `graph-error` events carry), its severity, which
 * side can see it (the static scanner, the engine as the graph runs, or both) and the words of
 * its message. The runtime, the engine, the scanner and the CLI build their messages here, so one
 * problem has one code and one wording wherever it shows.
 */

import { MAX_WORKERS, type GraphProblem } from "./protocol";

export type Severity = "error" | "warning";
type Side = "scanner" | "engine";

interface Entry {
  name: string;
  severity: Severity;
  seenBy: readonly Side[];
  /** The README's table row. */
  summary: string;
}

const BOTH = ["scanner", "engine"] as const;

export const PROBLEMS = {
  SS001: { name: "cycle", severity: "error", seenBy: BOTH, summary: "a dependency cycle" },
  SS002: { name: "unknownDependency", severity: "error", seenBy: BOTH, summary: "a dependency that is not a task" },
  SS003: { name: "ambiguousDependency", severity: "error", seenBy: BOTH, summary: "a name two files declare" },
  SS004: {
    name: "unresolvableDependency",
    severity: "warning",
    seenBy: ["scanner"],
    summary: "a dependency that cannot be read without running the code",
  },
  SS005: {
    name: "notStaticMethod",
    severity: "error",
    seenBy: BOTH,
    summary: "@semisync on what is not a static method",
  },
  SS006: { name: "malformedOptions", severity: "error", seenBy: BOTH, summary: "malformed options" },
  SS007: { name: "syntaxError", severity: "error", seenBy: BOTH, summary: "a syntax error" },
  SS008: {
    name: "earlyReference",
    severity: "error",
    seenBy: ["scanner"],
    summary: "a reference read when the decorator runs, before its class exists",
  },
  SS009: {
    name: "dependenciesThrew",
    severity: "error",
    seenBy: ["engine"],
    summary: "a dependencies thunk that throws",
  },
  SS010: {
    name: "unknownTask",
    severity: "error",
    seenBy: ["engine"],
    summary: "a task asked for that is not declared",
  },
  SS011: {
    name: "taskNeedsArguments",
    severity: "error",
    seenBy: ["engine"],
    summary: "a task run on its own that takes arguments",
  },
  SS012: { name: "loadFailed", severity: "error", seenBy: ["engine"], summary: "a module that fails to load" },
  SS013: { name: "badRunOptions", severity: "error", seenBy: ["engine"], summary: "run options out of range" },
} as const satisfies Record<string, Entry>;

export type ProblemCode = keyof typeof PROBLEMS;
type ProblemName = (typeof PROBLEMS)[ProblemCode]["name"];

/** A code by its name, for code that reads better as `CODE.cycle` than as "SS001". */
export const CODE = Object.fromEntries(Object.entries(PROBLEMS).map(([code, entry]) => [entry.name, code])) as {
  [K in ProblemCode as (typeof PROBLEMS)[K]["name"]]: K;
};

/** A problem as every side words it; where it is (a file and span, or the tasks involved) is the side's to add. */
export interface Described {
  code: ProblemCode;
  severity: Severity;
  message: string;
}

function described(name: ProblemName, message: string, severity?: Severity): Described {
  const code = CODE[name];
  return { code, severity: severity ?? PROBLEMS[code].severity, message };
}

const THUNK_EXAMPLE = "dependencies: () => [Finance.revenue]";
/** What `@semisync({ … })` accepts. */
export const OPTION_NAMES = ["callback", "dependencies", "timeout"] as const;
const OPTION_LIST = `the options are ${OPTION_NAMES.slice(0, -1).join(", ")} and ${OPTION_NAMES.at(-1)}`;

/** Who a message is about: the task, `@semisync on Task.id`, or `@semisync` alone before the task is known. */
const decorator = (on?: string) => (on ? `@semisync on ${on}` : "@semisync");

/**
 * The message builders. `task` is the task's id, with the file after it where the message has no
 * location of its own (the engine's); `written` is the dependency as the user wrote it.
 */
/**
 * The task and the name of an unknown dependency (SS002), read back from the wording above: the
 * pictures draw it as a dangling edge labelled with the name.
 */
export function unknownDependencyOf(problem: {
  code: string;
  message: string;
}): { task: string; name: string } | undefined {
  const match = problem.code === "SS002" && problem.message.match(/^(\S+): dependency (?:"([^"]+)"|(\S+)) is not/);
  return match ? { task: match[1], name: match[2] ?? match[3] } : undefined;
}

export const problem = {
  cycle: (path: readonly string[]) => described("cycle", `dependency cycle: ${path.join(" -> ")}`),

  unknownName: (task: string, written: string, suggestion: string | undefined, hint: string) =>
    described(
      "unknownDependency",
      `${task}: dependency "${written}" is not a known task${suggestion ? `; did you mean "${suggestion}"?` : `; ${hint}`}`,
    ),
  /** A dependency that resolved to something other than a task: `what` names it, `fix` says what to write. */
  notATask: (task: string, what: string, fix: string) =>
    described("unknownDependency", `${task}: dependency ${what} is not a @semisync task; ${fix}`),
  functionInList: (task: string, position: number) =>
    described(
      "unknownDependency",
      `${task}: dependency #${position} is a function, not a @semisync task; to defer references, make the whole list a thunk: ${THUNK_EXAMPLE}.`,
    ),
  valueInList: (task: string, position: number, value: string) =>
    described(
      "unknownDependency",
      `${task}: dependency #${position} (${value}) is not a task; use a task name or a reference to a task.`,
    ),
  /** `why`: what the reference leads to instead (a module, a class, a name nobody exports). */
  notATaskBecause: (task: string, written: string, why: string) =>
    described("unknownDependency", `${task}: dependency ${written} is not a @semisync task: ${why}.`),
  missingModule: (task: string, written: string, module: string) =>
    described(
      "unknownDependency",
      `${task}: dependency ${written} cannot be found: "${module}" resolves to no TypeScript file.`,
    ),

  ambiguous: (task: string, written: string, id: string, files: readonly string[]) =>
    described(
      "ambiguousDependency",
      `${task}: dependency "${written}" is ambiguous: ${id} is declared in ${files.join(" and ")}; depend on it by reference, () => [${id}], to say which.`,
    ),

  unreadableDependency: (task: string, written: string) =>
    described(
      "unresolvableDependency",
      `${task}: dependency \`${written}\` cannot be resolved without running the code; write task names or references (() => [Finance.revenue]) so the graph can be checked.`,
    ),
  unreadableThunk: (task: string) =>
    described(
      "unresolvableDependency",
      `${task}: its dependencies thunk does not return one list the scanner can read; write it as ${THUNK_EXAMPLE} so the graph can be checked.`,
    ),
  unreadableOptions: (task: string, written: string) =>
    described(
      "unresolvableDependency",
      `${decorator(task)}: options that are not written in the decorator (\`${written}\`) cannot be checked without running the code; write them inline so its dependencies can be checked.`,
    ),
  unreadableOption: (task: string, written: string) =>
    described(
      "unresolvableDependency",
      `${decorator(task)}: \`${written}\` cannot be read without running the code; write the options inline so its dependencies can be checked.`,
    ),
  unreadableDependencyOption: (task: string, written: string) =>
    described(
      "unresolvableDependency",
      `${task}: dependencies \`${written}\` cannot be resolved without running the code; list them in the decorator so the graph can be checked.`,
    ),
  externalReference: (task: string, written: string, module: string, why: string) =>
    described(
      "unresolvableDependency",
      `${task}: dependency ${written} comes from "${module}", which the scanner does not read (${why}); it is checked when the graph runs.`,
    ),

  /** `what`: "an instance method", "a static field", ... */
  notStaticMethod: (task: string, what: string, method: string) =>
    described(
      "notStaticMethod",
      `@semisync goes on static methods, but ${task} is ${what}. Make it \`static ${method}()\`.`,
    ),
  decoratesClass: (className: string) =>
    described(
      "notStaticMethod",
      `@semisync goes on static methods, but it decorates the class ${className}. Put it on a static method of ${className}.`,
    ),

  optionsNotObject: (task?: string) =>
    described(
      "malformedOptions",
      `${decorator(task)}: the options must be an object such as { callback, dependencies }.`,
    ),
  unknownOption: (option: string, suggestion: string | undefined, task?: string) =>
    described(
      "malformedOptions",
      `${decorator(task)}: unknown option "${option}"${suggestion ? ` (did you mean "${suggestion}"?)` : ""}; ${OPTION_LIST}.`,
    ),
  callbackNotFunction: (task?: string) =>
    described("malformedOptions", `${decorator(task)}: callback must be a function.`),
  dependenciesNotList: (task?: string) =>
    described(
      "malformedOptions",
      `${decorator(task)}: dependencies must be an array of task names or references, or a thunk returning references: ${THUNK_EXAMPLE}.`,
    ),
  timeoutNotPositive: (task?: string) =>
    described("malformedOptions", `${decorator(task)}: timeout must be a positive number of milliseconds.`),
  /** begin()'s run-wide timeout: any positive number of milliseconds, as a task's own. */
  badTimeoutMs: (value: unknown) =>
    described("badRunOptions", `semisync: timeoutMs must be a positive number of milliseconds, not ${String(value)}`),
  extraArguments: (task: string) =>
    described("malformedOptions", `${decorator(task)} takes one options object; remove the other arguments.`),
  decoratedTwice: (task: string) => described("malformedOptions", `${task} has @semisync more than once; keep one.`),
  notCalled: (task: string) =>
    described("malformedOptions", `${decorator(task)} must be called: write @semisync() or @semisync({ … }).`),
  defaultImport: (written: string) =>
    described(
      "malformedOptions",
      `\`${written}\` imports the package's module object in an ES module, not the decorator, so loading this file fails; write \`import { semisync } from "semisync"\`.`,
    ),

  syntaxError: (compilerMessage: string) =>
    described(
      "syntaxError",
      `syntax error: ${compilerMessage} The tasks in this file may be incomplete, and semisync runs nothing that loads it until it is fixed.`,
    ),
  /** The engine's refusal to load a file: `at` is `file:line:column`, `more` the errors after the first. */
  unparsable: (at: string, compilerMessage: string, more: number) =>
    described(
      "syntaxError",
      `${at}: syntax error: ${compilerMessage}${more > 0 ? ` ${more} more syntax error${more === 1 ? " follows" : "s follow"}.` : ""} semisync does not run a file with syntax errors; fix it and run again.`,
    ),

  /** A class declared further down the file: loading throws. */
  referenceBeforeClass: (task: string, written: string, className: string) =>
    described(
      "earlyReference",
      `${task}: dependency ${written} is read when the decorator runs, before class ${className} is declared further down, so loading the module throws; ${inThunk(written)}.`,
    ),
  /** The task's own class with standard decorators: TypeScript rejects it, though the engine runs it. */
  referenceToOwnClass: (task: string, written: string, className: string) =>
    described(
      "earlyReference",
      `${task}: dependency ${written} reads class ${className} inside its own declaration, which standard decorators do not allow (TypeScript: TS2449, used before its declaration); ${inThunk(written)}, or enable experimentalDecorators.`,
      "warning",
    ),

  dependenciesThrew: (task: string, message: string) =>
    described("dependenciesThrew", `${task}: its dependencies thunk threw: ${message}`),

  unknownTask: (id: string, declaredBy: string, suggestion: string | undefined) =>
    described(
      "unknownTask",
      `--task ${id}: no @semisync task of that name is declared by ${declaredBy}${suggestion ? `; did you mean ${suggestion}?` : ""}`,
    ),
  taskNeedsArguments: (id: string) =>
    described(
      "taskNeedsArguments",
      `--task ${id}: the task takes arguments, and a task run on its own is called without any; queue it with its arguments in the program and run the file instead`,
    ),
  loadFailed: (file: string, error: string) => described("loadFailed", `${file} failed to load: ${error}`),
  badMaxWorkers: (value: unknown) =>
    described(
      "badRunOptions",
      `semisync: maxWorkers must be a whole number from 1 to ${MAX_WORKERS}, not ${String(value)}; workers start only for tasks that can compute at once, so a larger number gains nothing`,
    ),
};

function inThunk(written: string): string {
  return `write it in a thunk, dependencies: () => [${written}], so it is read when the run starts`;
}

/** A problem as the engine reports it: a sentence of the paragraph that refuses the graph, and the tasks involved. */
export function graphProblem({ code, message }: Described, file: string | undefined, tasks: string[]): GraphProblem {
  return { code, message: /[.?!]$/.test(message) ? message : `${message}.`, file, tasks };
}

/**
 * A problem the scanner located, worded for the paragraph that refuses a run, which has no
 * locations of its own: the place follows the task's name, as the engine's messages put the file.
 */
export function locatedProblem({ code, message }: Described, task: string, place: string, file: string): GraphProblem {
  const located = message.startsWith(`${task}: `)
    ? `${task} (${place})${message.slice(task.length)}`
    : `${message} (${place})`;
  return graphProblem({ code, severity: PROBLEMS[code].severity, message: located }, file, [task]);
}

/**
 * An error for a problem found while user code runs (the decorator checking its options): it
 * carries the code, so the engine reports the module that failed to load with it. Read the code
 * with `problemCodeOf`, not `instanceof`: the user's copy of the runtime is another bundle.
 */
export function problemError(
  { code, message }: Described,
  Kind: new (message: string) => Error = TypeError,
): Error & { code: ProblemCode } {
  return Object.assign(new Kind(message), { code });
}

export function problemCodeOf(error: unknown): ProblemCode | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code in PROBLEMS ? (code as ProblemCode) : undefined;
}
