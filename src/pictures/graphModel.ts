/**
 * The graph as the pictures draw it: tasks grouped by file and class, an edge from each
 * dependency to its dependent, cycles marked where they are, unknown dependencies as dangling
 * edges with the name that did not resolve. Built from a run's first event or from a static scan.
 */
import { findCycles, type Cycle } from "../graph/cycles";
import { upstreamOf } from "../graph/neighbourhood";
import type { CallInfo, RunEvent } from "../shared/protocol";

export interface GraphTask {
  id: string;
  file?: string;
  line?: number;
}

/** What a graph is drawn from, whichever side made it. */
export interface GraphInput {
  tasks: GraphTask[];
  /** Task id → the task ids it depends on. */
  dependencies: Record<string, string[]>;
  /** Dependencies written in a task's decorator that name no task. */
  unknown?: Array<{ task: string; name: string }>;
}

export interface GraphNode {
  id: string;
  className: string;
  method: string;
  file?: string;
  line?: number;
  group: string;
  inCycle: boolean;
  /** A collapsed group drawn as one node: the tasks it stands for. */
  members?: string[];
}

export interface GraphEdge {
  from: string;
  to: string;
  inCycle: boolean;
}

export interface GraphGroup {
  id: string;
  file?: string;
  className: string;
  nodes: string[];
}

export interface GraphModel {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** An unknown dependency: an edge into `to` from nowhere, labelled with the name written. */
  dangling: Array<{ to: string; label: string }>;
  groups: GraphGroup[];
  cycles: Cycle[];
}

export function buildGraph(input: GraphInput): GraphModel {
  const known = new Set(input.tasks.map((task) => task.id));
  const edgesOf = new Map(
    input.tasks.map((task) => [task.id, (input.dependencies[task.id] ?? []).filter(known.has, known)]),
  );
  const cycles = findCycles(edgesOf);
  const cycleOf = new Map<string, number>();
  cycles.forEach((cycle, index) => cycle.members.forEach((member) => cycleOf.set(member, index)));

  const groups = new Map<string, GraphGroup>();
  const nodes = input.tasks.map((task): GraphNode => {
    const { className, method } = splitId(task.id);
    const group = `${task.file ?? ""}\u0000${className}`;
    if (!groups.has(group)) groups.set(group, { id: group, file: task.file, className, nodes: [] });
    groups.get(group)!.nodes.push(task.id);
    return { id: task.id, className, method, file: task.file, line: task.line, group, inCycle: cycleOf.has(task.id) };
  });
  const edges = [...edgesOf].flatMap(([to, froms]) =>
    froms.map((from) => ({
      from,
      to,
      inCycle: cycleOf.has(from) && cycleOf.get(from) === cycleOf.get(to),
    })),
  );
  const dangling = [
    ...input.tasks.flatMap((task) =>
      (input.dependencies[task.id] ?? [])
        .filter((name) => !known.has(name))
        .map((name) => ({ to: task.id, label: name })),
    ),
    ...(input.unknown ?? []).filter(({ task }) => known.has(task)).map(({ task, name }) => ({ to: task, label: name })),
  ];
  return { nodes, edges, dangling, groups: [...groups.values()], cycles };
}

/** The id of the node a collapsed group is drawn as. */
export function groupNodeId(group: string): string {
  return `\u0000group:${group}`;
}

/**
 * The graph with each collapsed group drawn as one node: edges to and from its tasks go to and
 * from that node, once per neighbour; the edges inside it are not drawn.
 */
export function collapseGroups(model: GraphModel, collapsed: ReadonlySet<string>): GraphModel {
  if (collapsed.size === 0) return model;
  const shownAs = new Map<string, string>();
  const groupNodes = model.groups
    .filter((group) => collapsed.has(group.id))
    .map((group): GraphNode => {
      const id = groupNodeId(group.id);
      for (const member of group.nodes) shownAs.set(member, id);
      const count = group.nodes.length;
      return {
        id,
        className: group.className,
        method: `${count} task${count === 1 ? "" : "s"}`,
        file: group.file,
        group: group.id,
        inCycle: model.nodes.some((node) => node.group === group.id && node.inCycle),
        members: group.nodes,
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
  return {
    nodes: [...model.nodes.filter((node) => !shownAs.has(node.id)), ...groupNodes],
    edges: [...edges.values()],
    dangling: [...dangling.values()],
    groups: model.groups.filter((group) => !collapsed.has(group.id)),
    cycles: model.cycles,
  };
}

/** The graph of one run, from its `run-start` event: one node per task, however many calls it has. */
export function graphInputOfRun(start: Extract<RunEvent, { type: "run-start" }>): GraphInput {
  const tasks = new Map<string, GraphTask>();
  for (const call of start.tasks as CallInfo[])
    if (!tasks.has(call.id)) tasks.set(call.id, { id: call.id, file: call.file });
  return { tasks: [...tasks.values()], dependencies: start.dependencies };
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
