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
import { isBuiltin } from "node:module";
import { resolve } from "node:path";
import { displayPath } from "../shared/format";
import { CycleIndex } from "./cycleIndex";
import { fileOfKey, idOfKey, resolveTask, taskKey, type Lookup } from "./dependencies";
import type { Location, ReadFacts, TaskFact } from "./fileFacts";
import { compareLocations, compareText, EMPTY_VIEW, fileView, type FileView, type ViewedTask } from "./fileView";
import { parseFacts } from "./parserBundle";
import { readText } from "./readText";
import { SourceFiles } from "./sourceFiles";
import { Suggestions } from "./suggestions";
import type { CycleInfo, Problem, ScanChange, ScanResult, StaticTask } from "./types";
import { WatchLists } from "./watchLists";

export type { CycleInfo, DependencyLocation, Problem, ScanChange, ScanResult, StaticTask } from "./types";
export type { Location } from "./fileFacts";

export interface WorkspaceOptions {
  /** How a file's facts are read; `semisync run` puts its on-disk cache in front of the parser. */
  readFacts?: ReadFacts;
}

interface TaskNode extends ViewedTask {
  file: string;
}

export class Workspace {
  private readonly files: SourceFiles;
  private readonly nodes = new Map<string, TaskNode>();
  private readonly nodesOfFile = new Map<string, TaskNode[]>();
  private readonly byId = new Map<string, TaskNode[]>();
  private readonly edges = new Map<string, readonly string[]>();
  private readonly cycleIndex = new CycleIndex((a, b) => this.compareKeys(a, b));
  private readonly suggestions = new Suggestions();
  private readonly watchers = new WatchLists<TaskNode>();
  private readonly views = new Map<string, FileView>();
  private cachedResult?: ScanResult;
  private readonly lookup: Lookup;

  private readonly dirty = new Set<TaskNode>();
  /** Keys whose task was replaced or removed since the last flush: their edges are reconciled then. */
  private readonly replacedKeys = new Set<string>();
  private readonly touched = new Set<string>();

  /** `display` turns a path into what messages show (relative to the current folder by default). */
  constructor(
    readonly display: (file: string) => string = displayPath,
    options: WorkspaceOptions = {},
  ) {
    this.files = new SourceFiles(options.readFacts ?? parseFacts);
    const files = this.files;
    this.lookup = {
      display: (file) => this.display(file),
      factsOf: (file) => files.factsOf(file),
      hasFacts: (file) => files.hasFacts(file),
      mayExport: (file, name) => files.mayExport(file, name),
      resolveModule: (specifier, from) => files.resolveModule(specifier, from),
      tasksWithId: (id) => this.byId.get(id) ?? [],
      suggestionFor: (id) => this.suggestions.for(id),
    };
  }

  /** Adds or updates one file (its path made absolute, as in every answer): from disk, or from the editor's unsaved `text`. */
  update(path: string, text?: string): ScanChange {
    const file = resolve(path);
    const current = text ?? readText(file);
    const record = this.files.get(file);
    if (record?.scanned && record.text === current) return { files: [] };
    this.apply(file, current);
    return this.flush();
  }

  /** Adds or updates many files and resolves once: a first scan should use this rather than update() per file. */
  updateFiles(files: Iterable<string | { file: string; text: string }>): ScanChange {
    for (const entry of files) {
      if (typeof entry === "string") this.apply(resolve(entry), readText(entry));
      else this.apply(resolve(entry.file), entry.text);
    }
    return this.flush();
  }

  /** Forgets a file that was deleted or left the scan. */
  remove(path: string): ScanChange {
    const file = resolve(path);
    if (!this.files.get(file)) return { files: [] };
    this.replaceTasks(file, []);
    this.files.delete(file);
    this.touched.add(file);
    for (const node of this.watchers.ofFile(file)) this.dirty.add(node);
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

  /**
   * What the result was computed from: every file read and its text, and every folder listed to
   * learn which files exist (src/scanner/snapshot.ts stamps them). The scanned files are those
   * given to the workspace; the others were read for import chains.
   */
  inputs(): {
    scanned: string[];
    texts: Array<[file: string, text: string]>;
    folders: Iterable<[folder: string, names: ReadonlySet<string>]>;
  } {
    return { scanned: this.files.scannedFiles(), texts: this.files.texts(), folders: this.files.listedFolders() };
  }

  /** The TypeScript files `file` imports or re-exports, resolved as the engine resolves them. */
  importedFiles(path: string): string[] {
    const file = resolve(path);
    const facts = this.files.factsOf(file);
    if (!facts) return [];
    return [
      ...new Set(
        facts.modules.flatMap((module) => {
          const target = this.files.resolveModule(module, file);
          return "file" in target ? [target.file] : [];
        }),
      ),
    ];
  }

  /**
   * What importedFiles gives, and the files that `import("./x")` or `require("./x")` with a literal
   * loads anywhere in the file's code: a run may load them after it starts, so a check of the code
   * a run runs, or a watch of it, must see them, though no task of theirs is in the static graph.
   */
  loadableFiles(path: string): string[] {
    const file = resolve(path);
    const loaded = new Set(this.importedFiles(file));
    const record = this.files.get(file);
    for (const [, , specifier] of record?.text.matchAll(LITERAL_IMPORT) ?? []) {
      const target = this.files.resolveModule(specifier, file);
      if ("file" in target) loaded.add(target.file);
    }
    return [...loaded];
  }

  /**
   * What the scanned files load that the scan cannot read: imports of packages, JavaScript (whose
   * compiled decorators it does not see) or missing files, and imports whose specifier is computed. Where there are none, the scan has
   * seen every task the program can declare, so a name it cannot find is unknown at run time too.
   * The package itself and Node's built-in modules declare no tasks and do not count.
   */
  unreadImports(): Array<{ file: string; specifier: string }> {
    const unread: Array<{ file: string; specifier: string }> = [];
    for (const file of this.files.scannedFiles()) unread.push(...this.unreadImportsOf(file));
    return unread;
  }

  private unreadImportsOf(file: string): Array<{ file: string; specifier: string }> {
    const facts = this.files.factsOf(file);
    if (!facts) return [{ file, specifier: "the file itself, which cannot be read" }];
    const unread = facts.modules
      .filter((specifier) => specifier !== "semisync" && !isBuiltin(specifier))
      .filter((specifier) => {
        const target = this.files.resolveModule(specifier, file);
        return !("file" in target) || !DECLARES_NO_UNSEEN_TASKS.test(target.file);
      })
      .map((specifier) => ({ file, specifier }));
    if (COMPUTED_IMPORT.test(this.files.get(file)!.text))
      unread.push({ file, specifier: "a computed import() or require()" });
    return unread;
  }

  private apply(file: string, text: string): void {
    const { before, record } = this.files.setScanned(file, text);
    this.touched.add(file);
    if (!before?.scanned) for (const node of this.watchers.ofMissingModules()) this.dirty.add(node);
    // Without facts, a resolution that looked here only checked whether the text spells a name: any new text may change that.
    if (!before?.scanned || !record.facts || before.signature !== record.signature) {
      for (const node of this.watchers.ofFile(file)) this.dirty.add(node);
    }
    this.replaceTasks(file, record.mentionsSemisync && record.facts ? record.facts.tasks : []);
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
      for (const node of this.watchers.ofName(id)) this.dirty.add(node);
      const now = this.byId.get(id)?.length ?? 0;
      const before = now + difference;
      const suggestionsChanged =
        before === 0 ? this.suggestions.added(id) : now === 0 ? this.suggestions.removed(id) : [];
      for (const name of suggestionsChanged) for (const node of this.watchers.ofName(name)) this.dirty.add(node);
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

  private flush(): ScanChange {
    // Each changed key, with the targets it gained: what the cycle index needs to look again.
    const changes = new Map<string, string[]>();
    for (const node of this.dirty) {
      if (this.nodes.get(node.key) !== node) continue;
      this.unwatch(node);
      node.resolution = resolveTask(node, this.lookup);
      this.watchers.watch(node, node.resolution.watch);
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

  private viewOf(file: string): FileView {
    const record = this.files.get(file);
    if (!record?.scanned || !record.mentionsSemisync || !record.facts) return EMPTY_VIEW;
    const nodes = this.nodesOfFile.get(file) ?? [];
    return fileView(
      file,
      record.facts,
      nodes,
      (key) => this.cycleIndex.get(key),
      (key) => this.locationOf(key),
    );
  }

  private unwatch(node: TaskNode): void {
    if (!node.resolution) return;
    // A name nobody depends on any more needs no suggestion kept current.
    for (const id of this.watchers.unwatch(node, node.resolution.watch)) this.suggestions.forget(id);
  }

  private locationOf(key: string): Location {
    const node = this.nodes.get(key);
    return { file: fileOfKey(key), line: node?.fact.span.line ?? 1, column: node?.fact.span.column ?? 1 };
  }

  private compareKeys(a: string, b: string): number {
    return compareLocations(this.locationOf(a), this.locationOf(b));
  }
}

/** TypeScript the scan reads, and data: a JavaScript file may declare tasks the scan cannot see (compiled decorators). */
const DECLARES_NO_UNSEEN_TASKS = /\.(?:[cm]?tsx?|json)$/;

/** `import(name)` or `require(name)` with anything but a string literal: a module the scan cannot know. */
const COMPUTED_IMPORT = /\b(?:import|require)\s*\(\s*(?!["'`)\s])/;

/** `import("./x")` or `require("./x")`, wherever it stands: the specifier is the third group. */
const LITERAL_IMPORT = /\b(?:import|require)\s*\(\s*(["'`])([^"'`\n$]+)\1\s*\)/g;

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}
