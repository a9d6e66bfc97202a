/**
 * Which tasks belong with a task: what the editor means by "its graph" (every task connected
 * to it, whichever way the edges point), what it needs (upstream), and what needs it.
 */
import { appendTo } from "../shared/listMap";
import type { Edges } from "./cycles";

/** Every task reachable from `id` along dependencies, `id` included. */
export function upstreamOf(edges: Edges, id: string): string[] {
  return walk(id, (node) => edges.get(node) ?? []);
}

/** Every task joined to `id` by dependencies in either direction, `id` included. */
export function connectedTo(edges: Edges, id: string): string[] {
  const dependents = dependentsMap(edges);
  return walk(id, (node) => [...(edges.get(node) ?? []), ...(dependents.get(node) ?? [])]);
}

/** Whether `to` can be reached from `from` along the edges: a depth-first search that stops when it gets there. */
export function reaches(edges: Edges, from: string, to: string): boolean {
  const seen = new Set([from]);
  const stack = [from];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === to) return true;
    for (const next of edges.get(node) ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(next);
    }
  }
  return false;
}

/** The tasks that depend directly on `id`. */
export function dependentsOf(edges: Edges, id: string): string[] {
  return dependentsMap(edges).get(id) ?? [];
}

/**
 * The fewest members whose runs (each with everything upstream) run all of them: those nothing
 * among them depends on, plus whatever those do not reach, which is a cycle's members, so
 * the engine reports the cycle instead of the run leaving it out.
 */
export function entryPointsAmong(edges: Edges, members: readonly string[]): string[] {
  const needed = new Set(members.flatMap((member) => edges.get(member) ?? []));
  const entries = members.filter((member) => !needed.has(member));
  const covered = new Set(entries.flatMap((entry) => upstreamOf(edges, entry)));
  return [...entries, ...members.filter((member) => !covered.has(member))];
}

/** The edges turned round: for each task, the tasks that depend on it directly. */
export function dependentsMap(edges: Edges): Map<string, string[]> {
  const dependents = new Map<string, string[]>();
  for (const [node, dependencies] of edges)
    for (const dependency of dependencies) appendTo(dependents, dependency, node);
  return dependents;
}

function walk(start: string, next: (node: string) => readonly string[]): string[] {
  const seen = new Set([start]);
  const stack = [start];
  while (stack.length > 0) {
    for (const neighbour of next(stack.pop()!)) {
      if (!seen.has(neighbour)) {
        seen.add(neighbour);
        stack.push(neighbour);
      }
    }
  }
  return [...seen];
}
