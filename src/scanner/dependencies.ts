/**
 * One task's dependencies, resolved with the engine's rules (resolveDependencies in
 * src/engine/plan.ts): a name is the id `Class.method`, a bare name meaning the task's own
 * class; when several files declare that id, the one in the task's own file wins, else the name
 * is ambiguous. A reference is followed to the class it names (bindings.ts) and must be a
 * @semisync static method of it. References read when the decorator runs (not in a thunk)
 * must name a class that exists by then.
 */
import { projectOptionsFor } from "../project/tsconfig";
import { closestName } from "../shared/suggest";
import { bindExport, bindLocal, newTrail, type Binding, type BindingHost } from "./bindings";
import { problem, type Described } from "../shared/problems";
import type { DependencyFact, TaskFact } from "./fileFacts";
import type { DependencyLocation, Problem } from "./types";

export interface TaskRef {
  key: string;
  id: string;
  file: string;
}

export interface Lookup extends BindingHost {
  /** The scanned tasks with this id. */
  tasksWithId(id: string): readonly TaskRef[];
  /** "Did you mean" for an id no scanned task has. */
  suggestionFor(id: string): string | undefined;
}

export interface Resolution {
  dependencies: string[];
  /** Keys of the tasks depended on, each once: the task's edges in the graph. */
  targets: string[];
  locations: DependencyLocation[];
  problems: Problem[];
  /** What the answer depends on, so the workspace knows when to resolve again. */
  watch: {
    /** Ids looked up by name (an unknown one's "did you mean" included). */
    names: string[];
    /** Files whose facts were read. */
    files: string[];
    /** An import resolved to no file: a new file may change that. */
    missingModule: boolean;
  };
}

export function taskKey(file: string, id: string): string {
  return `${file}\0${id}`;
}

export function fileOfKey(key: string): string {
  return key.slice(0, key.indexOf("\0"));
}

export function idOfKey(key: string): string {
  return key.slice(key.indexOf("\0") + 1);
}

export function resolveTask(task: TaskRef & { fact: TaskFact }, lookup: Lookup): Resolution {
  const resolution: Resolution = {
    dependencies: [],
    targets: [],
    locations: [],
    problems: [],
    watch: { names: [], files: [], missingModule: false },
  };
  const files = new Set<string>();
  for (const dependency of task.fact.dependencies) {
    const fail = (described: Described) => {
      resolution.problems.push({
        ...described,
        file: task.file,
        ...dependency.span,
        related: [],
      });
    };
    const found =
      dependency.kind === "name"
        ? resolveName(task, dependency, lookup, resolution, fail)
        : resolveReference(task, dependency, lookup, files, resolution, fail);
    resolution.locations.push({
      ...dependency.span,
      ...(found && { id: idOfKey(found), targetFile: fileOfKey(found) }),
    });
    if (found && !resolution.targets.includes(found)) {
      resolution.targets.push(found);
      if (!resolution.dependencies.includes(idOfKey(found))) resolution.dependencies.push(idOfKey(found));
    }
  }
  files.delete(task.file);
  resolution.watch.files = [...files];
  return resolution;
}

type Fail = (described: Described) => void;

function resolveName(
  task: TaskRef & { fact: TaskFact },
  dependency: Extract<DependencyFact, { kind: "name" }>,
  lookup: Lookup,
  resolution: Resolution,
  fail: Fail,
): string | undefined {
  const id = dependency.name.includes(".") ? dependency.name : `${task.fact.className}.${dependency.name}`;
  resolution.watch.names.push(id);
  const candidates = lookup.tasksWithId(id);
  const chosen = candidates.length === 1 ? candidates[0] : candidates.find((candidate) => candidate.file === task.file);
  if (chosen) return chosen.key;
  if (candidates.length > 1) {
    const files = candidates.map((candidate) => candidate.file).sort();
    fail(problem.ambiguous(task.id, dependency.name, id, files.map(lookup.display)));
    return undefined;
  }
  const hint = "check the name, and that the file declaring it is scanned.";
  fail(problem.unknownName(task.id, dependency.name, lookup.suggestionFor(id), hint));
  return undefined;
}

function resolveReference(
  task: TaskRef & { fact: TaskFact },
  dependency: Extract<DependencyFact, { kind: "reference" }>,
  lookup: Lookup,
  files: Set<string>,
  resolution: Resolution,
  fail: Fail,
): string | undefined {
  const written = [...dependency.path, dependency.member].join(".");
  const trail = newTrail();
  let binding: Binding = bindLocal(lookup, task.file, dependency.path[0], trail);
  let rest = dependency.path.slice(1);
  while (rest.length > 0 && binding.kind === "module") {
    binding = bindExport(lookup, binding.file, rest[0], trail);
    rest = rest.slice(1);
  }
  for (const file of trail.files) files.add(file);
  if (trail.missingModule) resolution.watch.missingModule = true;
  switch (binding.kind) {
    case "missing":
      resolution.watch.missingModule = true;
      fail(problem.missingModule(task.id, written, binding.module));
      return undefined;
    case "external":
      fail(problem.externalReference(task.id, written, binding.module, binding.reason));
      return undefined;
    case "none":
      fail(problem.notATaskBecause(task.id, written, binding.reason));
      return undefined;
    case "module":
      fail(problem.notATaskBecause(task.id, written, `${dependency.path.join(".")} is a module; name a class in it`));
      return undefined;
  }
  if (rest.length > 0) {
    const why = `${binding.name} is a class, and a task is one of its static methods, ${binding.name}.method`;
    fail(problem.notATaskBecause(task.id, written, why));
    return undefined;
  }
  const tasks = lookup.factsOf(binding.file)?.tasks.filter((fact) => fact.className === binding.name) ?? [];
  if (!tasks.some((fact) => fact.method === dependency.member)) {
    const suggestion = closestName(
      dependency.member,
      tasks.map((fact) => fact.method),
    );
    const fix = suggestion
      ? `did you mean ${dependency.path.join(".")}.${suggestion}?`
      : `depend on a decorated static method of ${binding.name}.`;
    fail(problem.notATask(task.id, written, fix));
    return undefined;
  }
  if (dependency.direct && binding.file === task.file && dependency.path.length === 1)
    checkEarlyReference(task, binding.name, written, lookup, fail);
  return taskKey(binding.file, `${binding.name}.${dependency.member}`);
}

/**
 * `dependencies: [Ledger.close]` outside a thunk is read when the decorator runs. A class
 * declared further down the file does not exist yet: loading the module throws. The task's
 * own class works at run time in both decorator modes, but with standard decorators TypeScript
 * rejects it (TS2449) and decorators as JavaScript will run them would throw.
 */
function checkEarlyReference(
  task: TaskRef & { fact: TaskFact },
  className: string,
  written: string,
  lookup: Lookup,
  fail: Fail,
): void {
  const own = task.fact.classIndex;
  const target = lookup.factsOf(task.file)?.classes.indexOf(className) ?? -1;
  if (own < 0 || target < 0) return;
  if (target > own) fail(problem.referenceBeforeClass(task.id, written, className));
  else if (target === own && !usesLegacyDecorators(task.file))
    fail(problem.referenceToOwnClass(task.id, written, className));
}

function usesLegacyDecorators(file: string): boolean {
  try {
    return projectOptionsFor(file).experimentalDecorators === true;
  } catch {
    // A tsconfig.json that cannot be read fails the run itself, with its own message; here it only means "standard".
    return false;
  }
}
