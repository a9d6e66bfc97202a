/**
 * The workspace's @semisync graph, built statically from every file's facts: tasks, their
 * dependencies resolved across files (imports, re-exports, barrels, tsconfig paths), and every
 * problem located in the source. Files are added, updated from unsaved text and removed one at
 * a time; a file that does not mention semisync is never parsed.
 */
import { readFileSync } from "node:fs";
import { Project } from "ts-morph";
import { findCycles, formatCyclePath } from "../graph/cycles";
import { closestName } from "../graph/suggest";
import { resolveTypeScript } from "../engine/loader/resolve";
import { displayPath } from "../engine/plan";
import { hasSyntaxErrors, readFileFacts, type FileFacts, type Location } from "./fileFacts";

export type ProblemCode = "SS001" | "SS002" | "SS003" | "SS004" | "SS005" | "SS006" | "SS007";

/** Stable codes: CI logs, problem matchers and the editor refer to them. */
export const PROBLEM_CODES = {
  cycle: "SS001",
  unknownDependency: "SS002",
  ambiguousDependency: "SS003",
  unresolvableDependency: "SS004",
  notStaticMethod: "SS005",
  malformedOptions: "SS006",
  syntaxError: "SS007",
} as const satisfies Record<string, ProblemCode>;

export interface Problem extends Location {
  code: ProblemCode;
  severity: "error" | "warning";
  message: string;
  related: Location[];
}

export interface StaticTask extends Location {
  id: string;
  dependencies: string[];
}

export interface ScanResult {
  tasks: StaticTask[];
  problems: Problem[];
}

export class Workspace {
  private readonly project = new Project({ skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true, skipLoadingLibFiles: true, useInMemoryFileSystem: false });
  private readonly facts = new Map<string, FileFacts>();

  /** `display` turns a path into what messages show (relative to the current folder by default). */
  constructor(private readonly display: (file: string) => string = displayPath) {}

  /** Reads the file from disk, or takes the editor's unsaved text. */
  update(file: string, text = readFileSync(file, "utf8")): void {
    if (!text.includes("semisync")) {
      this.facts.delete(file);
      return;
    }
    const source = this.project.createSourceFile(file, text, { overwrite: true });
    const facts = readFileFacts(source);
    if (hasSyntaxErrors(source)) {
      facts.problems.push({ code: "syntax-error", message: "this file has syntax errors; the tasks found in it may be incomplete until they are fixed", at: { file, line: 1, column: 1 } });
    }
    this.facts.set(file, facts);
    // Only the facts are kept: the syntax tree of one file is never needed again.
    this.project.removeSourceFile(source);
  }

  remove(file: string): void {
    this.facts.delete(file);
  }

  /** Facts of a file that the graph needs through an import, parsed on demand. */
  private factsOf(file: string): FileFacts | undefined {
    if (!this.facts.has(file)) {
      try {
        this.update(file);
      } catch {
        return undefined;
      }
    }
    return this.facts.get(file) ?? this.plainFacts(file);
  }

  result(): ScanResult {
    const problems: Problem[] = [];
    const tasks = new Map<string, StaticTask & { className: string }>();
    const byId = new Map<string, Array<StaticTask & { className: string }>>();
    for (const facts of this.facts.values()) {
      for (const problem of facts.problems) {
        const code = problem.code === "not-static-method" ? PROBLEM_CODES.notStaticMethod : problem.code === "syntax-error" ? PROBLEM_CODES.syntaxError : PROBLEM_CODES.malformedOptions;
        problems.push({ code, severity: problem.code === "syntax-error" ? "warning" : "error", message: problem.message, ...problem.at, related: [] });
      }
      for (const task of facts.tasks) {
        const entry = { id: `${task.className}.${task.method}`, className: task.className, ...task.at, dependencies: [] };
        tasks.set(key(facts.file, entry.id), entry);
        byId.set(entry.id, [...(byId.get(entry.id) ?? []), entry]);
      }
    }

    for (const facts of [...this.facts.values()]) {
      for (const task of facts.tasks) {
        const entry = tasks.get(key(facts.file, `${task.className}.${task.method}`))!;
        for (const dependency of task.dependencies) {
          const fail = (code: ProblemCode, message: string, severity: Problem["severity"] = "error") =>
            problems.push({ code, severity, message: `${entry.id}: ${message}`, ...dependency.at, related: [] });
          if (dependency.kind === "unresolvable") {
            fail(PROBLEM_CODES.unresolvableDependency, `dependency \`${dependency.text}\` cannot be resolved without running the code; write task names or references (() => [Finance.revenue]) so the graph can be checked`, "warning");
            continue;
          }
          if (dependency.kind === "reference") {
            const target = this.resolveClass(facts.file, dependency.object, new Set());
            const found = target && tasks.get(key(target.file, `${target.className}.${dependency.member}`));
            if (found) entry.dependencies.push(found.id);
            else fail(PROBLEM_CODES.unknownDependency, `dependency ${dependency.object}.${dependency.member} is not a @semisync task${target ? "" : ` (${dependency.object} is not a class this file declares or imports)`}`);
            continue;
          }
          const id = dependency.name.includes(".") ? dependency.name : `${task.className}.${dependency.name}`;
          const candidates = byId.get(id) ?? [];
          const chosen = candidates.length === 1 ? candidates[0] : candidates.find((candidate) => candidate.file === facts.file);
          if (chosen) entry.dependencies.push(chosen.id);
          else if (candidates.length > 1) {
            fail(PROBLEM_CODES.ambiguousDependency, `dependency "${dependency.name}" is ambiguous: ${id} is declared in ${candidates.map((c) => this.display(c.file)).join(" and ")}; depend on it by reference, () => [${id}], to say which`);
          } else {
            const suggestion = closestName(id, byId.keys());
            fail(PROBLEM_CODES.unknownDependency, `dependency "${dependency.name}" is not a known task${suggestion ? `; did you mean "${suggestion}"?` : ""}`);
          }
        }
      }
    }

    const edges = new Map([...tasks.values()].map((task) => [task.id, task.dependencies]));
    for (const cycle of findCycles(edges)) {
      const members = cycle.members.map((id) => byId.get(id)![0]);
      for (const member of members) {
        problems.push({
          code: PROBLEM_CODES.cycle, severity: "error",
          message: `dependency cycle: ${formatCyclePath(cycle.path)}`,
          file: member.file, line: member.line, column: member.column,
          related: members.filter((other) => other !== member).map(({ file, line, column }) => ({ file, line, column })),
        });
      }
    }
    const order = (a: Location, b: Location) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
    return {
      tasks: [...tasks.values()].map(({ className: _className, ...task }) => task).sort(order),
      problems: problems.sort(order),
    };
  }

  /** Which class a name in `file` refers to: declared there, or imported, through re-exports and barrels. */
  private resolveClass(file: string, local: string, seen: Set<string>): { file: string; className: string } | undefined {
    const facts = this.factsOf(file);
    if (!facts || seen.has(`${file}#${local}`)) return undefined;
    seen.add(`${file}#${local}`);
    if (facts.classes.has(local)) return { file, className: local };
    const imported = facts.imports.get(local);
    if (!imported) return undefined;
    const target = resolveTypeScript(imported.module, file);
    return target ? this.resolveExport(target, imported.imported, seen) : undefined;
  }

  private resolveExport(file: string, exported: string, seen: Set<string>): { file: string; className: string } | undefined {
    const facts = this.factsOf(file);
    if (!facts) return undefined;
    const local = facts.exports.get(exported);
    if (local !== undefined) return this.resolveClass(file, local, seen);
    for (const reExport of facts.reExports) {
      const name = reExport.names ? reExport.names.get(exported) : exported;
      if (name === undefined) continue;
      const target = resolveTypeScript(reExport.module, file);
      const found = target && this.resolveExport(target, name, seen);
      if (found) return found;
    }
    return undefined;
  }

  /** Barrels and plain modules do not mention semisync, but their imports and re-exports still matter. */
  private plainFacts(file: string): FileFacts | undefined {
    try {
      const source = this.project.createSourceFile(file, readFileSync(file, "utf8"), { overwrite: true });
      const facts = readFileFacts(source);
      this.project.removeSourceFile(source);
      return facts;
    } catch {
      return undefined;
    }
  }
}

function key(file: string, id: string): string {
  return `${file}#${id}`;
}
