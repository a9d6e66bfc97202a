/**
 * The graph as the pictures draw it: tasks grouped by file and class, an edge from each
 * dependency to its dependent, cycles marked where they are, unknown dependencies as dangling
 * edges with the name that did not resolve. Built from a run's first event or from a static scan.
 *
 * A node is a task of a file: two files may each declare `Finance.profit` (two programs in one
 * folder). Its id is the task's id, qualified by its file only where the graph has that id twice.
 */
import { findCycles, type Cycle } from "../graph/cycles";
import { upstreamOf } from "../graph/neighbourhood";
import { appendTo } from "../shared/listMap";
import { unknownDependencyOf } from "../shared/problems";
import type { CallInfo, RunEvent } from "../shared/protocol";

/** A task named by its id and, where ids repeat across files, by the file that declares it. */
export interface TaskRef {
  task: string;
  file?: string;
}

export interface GraphTask {
  id: string;
  file?: string;
  line?: number;
  /** The tasks it depends on as the scanner resolved them, each with its file; without it, `dependencies` says. */
  dependsOn?: TaskRef[];
}

/** What a graph is drawn from, whichever side made it. */
export interface GraphInput {
  tasks: GraphTask[];
  /** Task id → the task ids it depends on, for tasks without `dependsOn` (a run's: ids are unique in a run). */
  dependencies?: Record<string, string[]>;
  /** Dependencies written in a task's decorator that name no task; `file` is the task's. */
  unknown?: Array<{ task: string; file?: string; name: string }>;
}

export interface GraphNode {
  id: string;
  /** `Class.method`, what the node is labelled with. */
  task: string;
  className: string;
  method: string;
  file?: string;
  line?: number;
  /** The class group it is drawn in; for a folded file, that file's group. */
  group: string;
  /** The file group around its class, when the graph has several files. */
  fileGroup?: string;
  inCycle: boolean;
  /** A collapsed group drawn as one node: the tasks it stands for. */
  members?: string[];
}

export interface GraphEdge {
  from: string;
  to: string;
  inCycle: boolean;
}

/** A class of a file: its tasks. */
export interface GraphGroup {
  id: string;
  file?: string;
  className: string;
  nodes: string[];
}

/** A file: its classes' groups, and the nodes drawn in it (its tasks; in a collapsed graph, its folded classes instead of theirs). */
export interface FileGroup {
  id: string;
  file: string;
  classes: string[];
  nodes: string[];
}

export interface GraphModel {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** An unknown dependency: an edge into `to` from nowhere, labelled with the name written. */
  dangling: Array<{ to: string; label: string }>;
  /** The classes, each within its file. */
  groups: GraphGroup[];
  /** The files, when the graph has tasks of two or more: around a single file a band would only frame the whole picture. */
  files: FileGroup[];
  /** Cycles, by node id. */
  cycles: Cycle[];
}

export function buildGraph(input: GraphInput): GraphModel {
  const nodeOf = nodeIds(input.tasks);
  const ids = input.tasks.map((task) => nodeOf.get(task.file, task.id)!);
  const edgesOf = new Map(
    input.tasks.map((task, index) => [ids[index], dependencyNodes(task, input, nodeOf).flatMap((id) => id ?? [])]),
  );
  const cycles = findCycles(edgesOf);
  const cycleOf = new Map<string, number>();
  cycles.forEach((cycle, index) => cycle.members.forEach((member) => cycleOf.set(member, index)));

  const filesShown = new Set(input.tasks.flatMap((task) => task.file ?? []));
  const groups = new Map<string, GraphGroup>();
  const files = new Map<string, FileGroup>();
  const nodes = input.tasks.map((task, index): GraphNode => {
    const { className, method } = splitId(task.id);
    const group = classGroupId(task.file, className);
    if (!groups.has(group)) groups.set(group, { id: group, file: task.file, className, nodes: [] });
    groups.get(group)!.nodes.push(ids[index]);
    const node: GraphNode = {
      id: ids[index],
      task: task.id,
      className,
      method,
      file: task.file,
      line: task.line,
      group,
      inCycle: cycleOf.has(ids[index]),
    };
    if (task.file !== undefined && filesShown.size > 1) {
      const fileGroup = fileGroupId(task.file);
      if (!files.has(fileGroup)) files.set(fileGroup, { id: fileGroup, file: task.file, classes: [], nodes: [] });
      const holder = files.get(fileGroup)!;
      if (!holder.classes.includes(group)) holder.classes.push(group);
      holder.nodes.push(ids[index]);
      node.fileGroup = fileGroup;
    }
    return node;
  });
  const edges = [...edgesOf].flatMap(([to, froms]) =>
    froms.map((from) => ({
      from,
      to,
      inCycle: cycleOf.has(from) && cycleOf.get(from) === cycleOf.get(to),
    })),
  );
  const dangling = [
    ...input.tasks.flatMap((task, index) =>
      task.dependsOn ? [] : unknownNames(task, input, nodeOf).map((name) => ({ to: ids[index], label: name })),
    ),
    ...(input.unknown ?? []).flatMap(({ task, file, name }) => {
      const to = nodeOf.get(file, task);
      return to === undefined ? [] : [{ to, label: name }];
    }),
  ];
  return { nodes, edges, dangling, groups: [...groups.values()], files: [...files.values()], cycles };
}

/** The id of a class's group; a class keeps it whether or not the graph has file groups (folds are kept by it). */
function classGroupId(file: string | undefined, className: string): string {
  return `${file ?? ""}\u0000${className}`;
}

/** The id of a file's group: the file itself, never a class group's id (those hold a NUL). */
function fileGroupId(file: string): string {
  return file;
}

/** Finds a task's node by its file and id, or by its id alone where only one file declares it. */
interface NodeLookup {
  get(file: string | undefined, task: string): string | undefined;
}

function nodeIds(tasks: readonly GraphTask[]): NodeLookup {
  const filesOf = new Map<string, Array<string | undefined>>();
  for (const task of tasks) appendTo(filesOf, task.id, task.file);
  return {
    get(file, task) {
      const files = filesOf.get(task);
      if (!files) return undefined;
      if (files.length === 1)
        return file === undefined || files[0] === undefined || files[0] === file ? task : undefined;
      return file !== undefined && files.includes(file) ? `${file}\u0000${task}` : undefined;
    },
  };
}

/** Each dependency's node, undefined where it names no task of the graph. */
function dependencyNodes(task: GraphTask, input: GraphInput, nodeOf: NodeLookup): Array<string | undefined> {
  if (task.dependsOn) return task.dependsOn.map((ref) => nodeOf.get(ref.file, ref.task));
  // A run names dependencies by id alone; its ids are unique, so they are its own file's or the only one.
  return (input.dependencies?.[task.id] ?? []).map((id) => nodeOf.get(task.file, id) ?? nodeOf.get(undefined, id));
}

function unknownNames(task: GraphTask, input: GraphInput, nodeOf: NodeLookup): string[] {
  const names = input.dependencies?.[task.id] ?? [];
  return dependencyNodes(task, input, nodeOf).flatMap((id, index) => (id === undefined ? [names[index]] : []));
}

/** The id of the node a collapsed group is drawn as. */
export function groupNodeId(group: string): string {
  return `\u0000group:${group}`;
}

/**
 * The graph with each collapsed group drawn as one node: edges to and from its tasks go to and
 * from that node, once per neighbour; the edges inside it are not drawn. A collapsed file takes
 * in its classes, folded or not; they keep their own state for when it opens again.
 */
export function collapseGroups(model: GraphModel, collapsed: ReadonlySet<string>): GraphModel {
  if (![...model.groups, ...model.files].some((group) => collapsed.has(group.id))) return model;
  const shownAs = new Map<string, string>();
  const byId = new Map(model.nodes.map((node) => [node.id, node]));
  const inCycle = (members: string[]) => members.some((member) => byId.get(member)!.inCycle);
  const foldedFiles = model.files.filter((file) => collapsed.has(file.id));
  const hidden = new Set(foldedFiles.flatMap((file) => file.classes));
  const foldedClasses = model.groups.filter((group) => collapsed.has(group.id) && !hidden.has(group.id));
  const classNodes = foldedClasses.map((group): GraphNode => {
    const id = groupNodeId(group.id);
    for (const member of group.nodes) shownAs.set(member, id);
    const fileGroup = byId.get(group.nodes[0])!.fileGroup;
    return {
      id,
      task: "",
      className: group.className,
      method: count(group.nodes.length, "task"),
      file: group.file,
      group: group.id,
      ...(fileGroup !== undefined && { fileGroup }),
      inCycle: inCycle(group.nodes),
      members: group.nodes,
    };
  });
  const fileNodes = foldedFiles.map((file): GraphNode => {
    const id = groupNodeId(file.id);
    for (const member of file.nodes) shownAs.set(member, id);
    return {
      id,
      task: "",
      className: file.file,
      method: `${count(file.classes.length, "class", "classes")}, ${count(file.nodes.length, "task")}`,
      file: file.file,
      group: file.id,
      inCycle: inCycle(file.nodes),
      members: file.nodes,
    };
  });
  const shown = (id: string) => shownAs.get(id) ?? id;
  const edges = new Map<string, GraphEdge>();
  for (const edge of model.edges) {
    const [from, to] = [shown(edge.from), shown(edge.to)];
    if (from === to && from !== edge.from) continue;
    const key = `${from}\u0000${to}`;
    const merged = edges.get(key);
    edges.set(key, { from, to, inCycle: edge.inCycle || (merged?.inCycle ?? false) });
  }
  const dangling = new Map(
    model.dangling.map((edge) => [`${shown(edge.to)}\u0000${edge.label}`, { ...edge, to: shown(edge.to) }]),
  );
  const nodes = [...model.nodes.filter((node) => !shownAs.has(node.id)), ...classNodes, ...fileNodes];
  return {
    nodes,
    edges: [...edges.values()],
    dangling: [...dangling.values()],
    groups: model.groups.filter((group) => !collapsed.has(group.id) && !hidden.has(group.id)),
    files: model.files
      .filter((file) => !collapsed.has(file.id))
      .map((file) => ({ ...file, nodes: [...new Set(file.nodes.map(shown))] })),
    cycles: model.cycles,
  };
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The graph of one run, from its `run-start` event: one node per task, however many calls it has. */
export function graphInputOfRun(start: Extract<RunEvent, { type: "run-start" }>): GraphInput {
  const tasks = new Map<string, GraphTask>();
  for (const call of start.tasks as CallInfo[])
    if (!tasks.has(call.id)) tasks.set(call.id, { id: call.id, file: call.file });
  return { tasks: [...tasks.values()], dependencies: start.dependencies };
}

/** A scanned task as the graph takes it (the scanner's StaticTask has this shape). */
export interface ScannedTask {
  id: string;
  file: string;
  line: number;
  dependencyLocations: ReadonlyArray<{ id?: string; targetFile?: string }>;
}

/**
 * The static graph of scanned tasks: each dependency the task of the file the scanner resolved
 * it to, each unknown dependency the scan reported; `relative` shortens a path for the reader.
 */
export function graphInputOfScan(
  tasks: readonly ScannedTask[],
  problems: ReadonlyArray<{ code: string; message: string; file: string }>,
  relative: (file: string) => string = (file) => file,
): GraphInput {
  const declared = new Set(tasks.map((task) => `${task.file}\u0000${task.id}`));
  return {
    tasks: tasks.map((task) => {
      const dependsOn = new Map<string, TaskRef>();
      for (const { id, targetFile } of task.dependencyLocations)
        if (id !== undefined && targetFile !== undefined)
          dependsOn.set(`${targetFile}\u0000${id}`, { task: id, file: relative(targetFile) });
      return { id: task.id, file: relative(task.file), line: task.line, dependsOn: [...dependsOn.values()] };
    }),
    unknown: problems.flatMap((problem) => {
      const unknown = unknownDependencyOf(problem);
      return unknown && declared.has(`${problem.file}\u0000${unknown.task}`)
        ? [{ ...unknown, file: relative(problem.file) }]
        : [];
    }),
  };
}

/** What to light up when a task is selected: everything it needs, and everything that needs it. */
export function highlightOf(model: GraphModel, id: string): { upstream: Set<string>; downstream: Set<string> } {
  const dependencies = new Map<string, string[]>(model.nodes.map((node) => [node.id, []]));
  const dependents = new Map<string, string[]>(model.nodes.map((node) => [node.id, []]));
  for (const edge of model.edges) {
    dependencies.get(edge.to)!.push(edge.from);
    dependents.get(edge.from)!.push(edge.to);
  }
  // Walking the reversed edges "upstream" is walking downstream.
  const upstream = new Set(upstreamOf(dependencies, id));
  const downstream = new Set(upstreamOf(dependents, id));
  upstream.delete(id);
  downstream.delete(id);
  return { upstream, downstream };
}

/** `Class.method` → its parts; a name without a class is its own method. */
export function splitId(id: string): { className: string; method: string } {
  const dot = id.lastIndexOf(".");
  return dot < 0 ? { className: "", method: id } : { className: id.slice(0, dot), method: id.slice(dot + 1) };
}
