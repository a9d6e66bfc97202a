/**
 * The @semisync graph of a set of files, kept current one file at a time: tasks, dependencies
 * resolved across files, and every problem located in the source. Files are added, updated
 * from unsaved text and removed; each update returns which files' tasks or problems changed.
 *
 * Work on an update is bounded by what it touches: a file that does not mention semisync is
 * not parsed (unless an import chain needs it), a parsed file is reduced to facts and its tree
 * dropped, only tasks whose answer can have changed are resolved again (watch lists say which),
 * and only the cycles around changed tasks are looked at again.
 */
import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { resolveTypeScript } from "../project/resolve";
import { displayPath } from "../shared/format";
import type { ModuleTarget } from "./bindings";
import { CycleIndex } from "./cycleIndex";
import { fileOfKey, idOfKey, resolveTask, taskKey, type Lookup, type Resolution } from "./dependencies";
import type { FileFacts, Location, ReadFacts, TaskFact } from "./fileFacts";
import { problem } from "../shared/problems";
import { parseFacts } from "./parserBundle";
import { Listings } from "./listings";
import { Suggestions } from "./suggestions";
import type { CycleInfo, Problem, ScanChange, ScanResult, StaticTask } from "./types";

export type { CycleInfo, DependencyLocation, Problem, ScanChange, ScanResult, StaticTask } from "./types";
export type { Location } from "./fileFacts";

export interface WorkspaceOptions {
  /** How a file's facts are read; `semisync run` puts its on-disk cache in front of the parser. */
  readFacts?: ReadFacts;
}

interface FileRecord {
  /** Given to update(): its tasks and problems are part of the result. Other files are only read for import chains. */
  scanned: boolean;
  mentionsSemisync: boolean;
  /**
   * The file's text: an unchanged text is not parsed again, and a barrel's plain members are
   * checked for a name without reading or parsing them (about 12 MB for the 5,000-file benchmark).
   */
  text: string;
  /** Read for files that mention semisync, and for any file an import chain passes through. */
  facts?: FileFacts;
  /** What other files' resolution reads from `facts`: when it is unchanged, they need no new look. */
  signature?: string;
  /** Whether the text has an `export *`, found the first time a barrel lookup asks. */
  starExport?: boolean;
}

interface TaskNode {
  key: string;
  id: string;
  file: string;
  fact: TaskFact;
  resolution?: Resolution;
}

interface View {
  tasks: StaticTask[];
  problems: Problem[];
  json: string;
}

const EMPTY_VIEW: View = { tasks: [], problems: [], json: "[[],[]]" };

export class Workspace {
  private readonly records = new Map<string, FileRecord>();
  private readonly nodes = new Map<string, TaskNode>();
  private readonly nodesOfFile = new Map<string, TaskNode[]>();
  private readonly byId = new Map<string, TaskNode[]>();
  private readonly edges = new Map<string, readonly string[]>();
  private readonly cycleIndex = new CycleIndex((a, b) => this.compareKeys(a, b));
  private readonly suggestions = new Suggestions();
  /** Who must be resolved again when an id's tasks change, a file's facts change, or a new file appears. */
  private readonly nameWatchers = new Map<string, Set<TaskNode>>();
  private readonly fileWatchers = new Map<string, Set<TaskNode>>();
  private readonly missingModuleWatchers = new Set<TaskNode>();
  private readonly modules = new Map<string, string>();
  private readonly listings = new Listings();
  private readonly views = new Map<string, View>();
  private readonly readFacts: ReadFacts;
  private cachedResult?: ScanResult;
  private readonly lookup: Lookup = {
    display: (file) => this.display(file),
    factsOf: (file) => this.factsOf(file),
    hasFacts: (file) => this.records.get(file)?.facts !== undefined,
    mayExport: (file, name) => this.mayExport(file, name),
    resolveModule: (specifier, from) => this.resolveModule(specifier, from),
    tasksWithId: (id) => this.byId.get(id) ?? [],
    suggestionFor: (id) => this.suggestions.for(id),
  };

  private readonly dirty = new Set<TaskNode>();
  /** Keys whose task was replaced or removed since the last flush: their edges are reconciled then. */
  private readonly replacedKeys = new Set<string>();
  private readonly touched = new Set<string>();

  /** `display` turns a path into what messages show (relative to the current folder by default). */
  constructor(
    readonly display: (file: string) => string = displayPath,
    options: WorkspaceOptions = {},
  ) {
    this.readFacts = options.readFacts ?? parseFacts;
  }

  /** Adds or updates one file (its path made absolute, as in every answer): from disk, or from the editor's unsaved `text`. */
  update(path: string, text?: string): ScanChange {
    const file = resolve(path);
    const current = text ?? readFileSync(file, "utf8");
    const record = this.records.get(file);
    if (record?.scanned && record.text === current) return { files: [] };
    this.apply(file, current);
    return this.flush();
  }

  /** Adds or updates many files and resolves once: a first scan should use this rather than update() per file. */
  updateFiles(files: Iterable<string | { file: string; text: string }>): ScanChange {
    for (const entry of files) {
      if (typeof entry === "string") this.apply(resolve(entry), readFileSync(entry, "utf8"));
      else this.apply(resolve(entry.file), entry.text);
    }
    return this.flush();
  }

  /** Forgets a file that was deleted or left the scan. */
  remove(path: string): ScanChange {
    const file = resolve(path);
    if (!this.records.has(file)) return { files: [] };
    this.replaceTasks(file, []);
    this.records.delete(file);
    this.modules.clear();
    this.listings.forget(file);
    this.touched.add(file);
    for (const node of this.fileWatchers.get(file) ?? []) this.dirty.add(node);
    return this.flush();
  }

  result(): ScanResult {
    if (!this.cachedResult) {
      const files = [...this.views.keys()].sort(compareText);
      this.cachedResult = {
        tasks: files.flatMap((file) => this.views.get(file)!.tasks),
        problems: files.flatMap((file) => this.views.get(file)!.problems),
      };
    }
    return this.cachedResult;
  }

  tasksIn(file: string): StaticTask[] {
    return this.views.get(resolve(file))?.tasks ?? [];
  }

  problemsIn(file: string): Problem[] {
    return this.views.get(resolve(file))?.problems ?? [];
  }

  /** Every cycle once, ordered by where its first member is written. */
  cycles(): CycleInfo[] {
    return this.cycleIndex
      .all()
      .map((cycle) => ({
        path: cycle.path.map(idOfKey),
        members: cycle.members.map((key) => ({ id: idOfKey(key), ...this.locationOf(key) })),
      }))
      .sort((a, b) => compareLocations(a.members[0], b.members[0]));
  }

  /** The TypeScript files `file` imports or re-exports, resolved as the engine resolves them. */
  importedFiles(path: string): string[] {
    const file = resolve(path);
    const facts = this.factsOf(file);
    if (!facts) return [];
    return [
      ...new Set(
        facts.modules.flatMap((module) => {
          const target = this.resolveModule(module, file);
          return "file" in target ? [target.file] : [];
        }),
      ),
    ];
  }

  // What resolving dependencies reads (through `lookup`).

  /** Any file's record: a scanned one as it was given, any other read from disk once, for import chains. */
  private recordOf(file: string): FileRecord | undefined {
    let record = this.records.get(file);
    if (!record) {
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch {
        // A file that cannot be read resolves nothing; the dependency through it says so.
        return undefined;
      }
      record = { scanned: false, mentionsSemisync: text.includes("semisync"), text };
      this.records.set(file, record);
    }
    return record;
  }

  private factsOf(file: string): FileFacts | undefined {
    const record = this.recordOf(file);
    if (record && !record.facts) {
      record.facts = this.readFacts(record.text, file);
      record.signature = signatureOf(record.facts);
    }
    return record?.facts;
  }

  private mayExport(file: string, name: string): boolean {
    const record = this.recordOf(file);
    if (!record || record.text.includes(name)) return true;
    record.starExport ??= /\bexport\s*\*/.test(record.text);
    return record.starExport;
  }

  private resolveModule(specifier: string, from: string): ModuleTarget {
    // As in the engine, the package is always the engine's own runtime, whatever tsconfig paths say.
    if (specifier === "semisync") return { external: "the semisync package" };
    const key = `${dirname(from)}\0${specifier}`;
    const cached = this.modules.get(key);
    if (cached !== undefined) return { file: cached };
    let file: string | undefined;
    try {
      file = resolveTypeScript(specifier, from, (path) => this.listings.isFile(path));
    } catch (error) {
      return { external: (error as Error).message };
    }
    if (file !== undefined) {
      this.modules.set(key, file);
      return { file };
    }
    if (specifier.startsWith(".") || isAbsolute(specifier)) return { missing: true };
    return { external: "a package, or a path no tsconfig.json maps" };
  }

  // Applying a file's new text.

  private apply(file: string, text: string): void {
    const before = this.records.get(file);
    if (!before) this.listings.forget(file);
    const mentionsSemisync = text.includes("semisync");
    // A file that does not mention the package cannot declare tasks; it is parsed only if an import chain already reads it.
    const needsFacts = mentionsSemisync || before?.facts !== undefined;
    const facts = !needsFacts
      ? undefined
      : before?.facts && before.text === text
        ? before.facts
        : this.readFacts(text, file);
    const record: FileRecord = { scanned: true, mentionsSemisync, text, facts, signature: facts && signatureOf(facts) };
    this.records.set(file, record);
    this.touched.add(file);
    if (!before?.scanned) for (const node of this.missingModuleWatchers) this.dirty.add(node);
    // Without facts, a resolution that looked here only checked whether the text spells a name: any new text may change that.
    if (!before?.scanned || !facts || before.signature !== record.signature) {
      for (const node of this.fileWatchers.get(file) ?? []) this.dirty.add(node);
    }
    this.replaceTasks(file, mentionsSemisync && facts ? facts.tasks : []);
  }

  private replaceTasks(file: string, facts: readonly TaskFact[]): void {
    const countBefore = new Map<string, number>();
    for (const node of this.nodesOfFile.get(file) ?? []) {
      countBefore.set(node.id, (countBefore.get(node.id) ?? 0) + 1);
      this.forgetNode(node);
    }
    const added: TaskNode[] = [];
    for (const fact of facts) {
      const id = `${fact.className}.${fact.method}`;
      const key = taskKey(file, id);
      // The runtime keeps one task per id and file; so does the graph.
      if (this.nodes.has(key)) continue;
      const node: TaskNode = { key, id, file, fact };
      this.nodes.set(key, node);
      this.byId.set(id, [...(this.byId.get(id) ?? []), node]);
      added.push(node);
      this.dirty.add(node);
      countBefore.set(id, (countBefore.get(id) ?? 0) - 1);
    }
    if (added.length > 0) this.nodesOfFile.set(file, added);
    else this.nodesOfFile.delete(file);
    // Only ids whose number of declarations changed affect other tasks' names: an edit that keeps them costs nothing elsewhere.
    for (const [id, difference] of countBefore) {
      if (difference === 0) continue;
      for (const node of this.nameWatchers.get(id) ?? []) this.dirty.add(node);
      const now = this.byId.get(id)?.length ?? 0;
      const before = now + difference;
      const suggestionsChanged =
        before === 0 ? this.suggestions.added(id) : now === 0 ? this.suggestions.removed(id) : [];
      for (const name of suggestionsChanged) for (const node of this.nameWatchers.get(name) ?? []) this.dirty.add(node);
    }
  }

  private forgetNode(node: TaskNode): void {
    this.unwatch(node);
    this.nodes.delete(node.key);
    this.replacedKeys.add(node.key);
    const same = (this.byId.get(node.id) ?? []).filter((other) => other !== node);
    if (same.length > 0) this.byId.set(node.id, same);
    else this.byId.delete(node.id);
  }

  // Resolving what changed, and saying which files it shows in.

  private flush(): ScanChange {
    // Each changed key, with the targets it gained: what the cycle index needs to look again.
    const changes = new Map<string, string[]>();
    for (const node of this.dirty) {
      if (this.nodes.get(node.key) !== node) continue;
      this.unwatch(node);
      node.resolution = resolveTask(node, this.lookup);
      this.watch(node);
      this.touched.add(node.file);
      const before = this.edges.get(node.key);
      const after = node.resolution.targets;
      if (!before || !sameList(before, after)) {
        this.edges.set(node.key, after);
        changes.set(
          node.key,
          after.filter((target) => !before?.includes(target)),
        );
      } else if (this.cycleIndex.get(node.key)) {
        // Same edges, but the task may have moved: its cycle's path starts at the member written first.
        changes.set(node.key, []);
      }
    }
    this.dirty.clear();
    for (const key of this.replacedKeys) {
      if (this.nodes.has(key)) continue;
      this.edges.delete(key);
      changes.set(key, []);
    }
    this.replacedKeys.clear();
    const { removed, added } = this.cycleIndex.update(changes, this.edges);
    for (const cycle of [...removed, ...added]) for (const key of cycle.members) this.touched.add(fileOfKey(key));

    const files: string[] = [];
    for (const file of this.touched) {
      const view = this.viewOf(file);
      if (view.json === (this.views.get(file) ?? EMPTY_VIEW).json) continue;
      if (view.tasks.length + view.problems.length > 0) this.views.set(file, view);
      else this.views.delete(file);
      files.push(file);
    }
    this.touched.clear();
    if (files.length > 0) this.cachedResult = undefined;
    return { files: files.sort(compareText) };
  }

  private viewOf(file: string): View {
    const record = this.records.get(file);
    if (!record?.scanned || !record.mentionsSemisync || !record.facts) return EMPTY_VIEW;
    const nodes = this.nodesOfFile.get(file) ?? [];
    const tasks: StaticTask[] = nodes.map((node) => ({
      id: node.id,
      file,
      line: node.fact.span.line,
      column: node.fact.span.column,
      endLine: node.fact.span.endLine,
      endColumn: node.fact.span.endColumn,
      dependencies: node.resolution?.dependencies ?? [],
      dependencyLocations: node.resolution?.locations ?? [],
    }));
    const problems: Problem[] = record.facts.problems.map(({ span, ...problem }) => ({
      ...problem,
      file,
      ...span,
      related: [],
    }));
    for (const node of nodes) {
      problems.push(...(node.resolution?.problems ?? []));
      const cycle = this.cycleIndex.get(node.key);
      if (!cycle) continue;
      problems.push({
        ...problem.cycle(cycle.path.map(idOfKey)),
        file,
        ...node.fact.span,
        related: cycle.members.filter((member) => member !== node.key).map((member) => this.locationOf(member)),
      });
    }
    tasks.sort(compareLocations);
    problems.sort((a, b) => compareLocations(a, b) || compareText(a.code, b.code));
    return { tasks, problems, json: JSON.stringify([tasks, problems]) };
  }

  private watch(node: TaskNode): void {
    const { names, files, missingModule } = node.resolution!.watch;
    for (const id of names) addTo(this.nameWatchers, id, node);
    for (const file of files) addTo(this.fileWatchers, file, node);
    if (missingModule) this.missingModuleWatchers.add(node);
  }

  private unwatch(node: TaskNode): void {
    if (!node.resolution) return;
    const { names, files } = node.resolution.watch;
    for (const id of names) {
      removeFrom(this.nameWatchers, id, node);
      // A name nobody depends on any more needs no suggestion kept current.
      if (!this.nameWatchers.has(id)) this.suggestions.forget(id);
    }
    for (const file of files) removeFrom(this.fileWatchers, file, node);
    this.missingModuleWatchers.delete(node);
  }

  private locationOf(key: string): Location {
    const node = this.nodes.get(key);
    return { file: fileOfKey(key), line: node?.fact.span.line ?? 1, column: node?.fact.span.column ?? 1 };
  }

  private compareKeys(a: string, b: string): number {
    return compareLocations(this.locationOf(a), this.locationOf(b));
  }
}

/** Everything other files' resolution reads from a file's facts; positions are not part of it. */
function signatureOf(facts: FileFacts): string {
  return JSON.stringify([
    facts.modules,
    facts.imports,
    facts.exports,
    facts.reExports,
    facts.classes,
    facts.tasks.map((task) => `${task.className}.${task.method}`),
  ]);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareLocations(a: Location, b: Location): number {
  return compareText(a.file, b.file) || a.line - b.line || a.column - b.column;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}
