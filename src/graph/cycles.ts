/**
 * Cycle detection shared by the engine (runtime graph) and the scanner (static graph).
 * Every strongly connected component that can loop is reported once, with one
 * representative closed path, so a user sees every cycle the graph has, not just the first.
 */

export type Edges = ReadonlyMap<string, readonly string[]>;

/**
 * Tarjan's algorithm, iterative so a long dependency chain cannot overflow the stack. With
 * `roots`, only the components reachable from them are found: what an edit can have changed.
 */
export function stronglyConnectedComponents(edges: Edges, roots: Iterable<string> = edges.keys()): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];

  for (const root of roots) {
    if (index.has(root) || !edges.has(root)) continue;
    const work: Array<{ node: string; next: number }> = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const successors = edges.get(frame.node) ?? [];
      if (frame.next < successors.length) {
        const next = successors[frame.next++];
        if (!edges.has(next)) continue;
        if (!index.has(next)) {
          index.set(next, counter);
          low.set(next, counter++);
          stack.push(next);
          onStack.add(next);
          work.push({ node: next, next: 0 });
        } else if (onStack.has(next)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(next)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component);
      }
    }
  }
  return components;
}

export interface Cycle {
  /** Every node of the strongly connected component, in a stable order. */
  members: string[];
  /** A closed path through the component that starts and ends at the same node. */
  path: string[];
}

/** Every cycle of the graph, one per looping component, ordered by first appearance in `edges`. */
export function findCycles(edges: Edges): Cycle[] {
  const order = new Map([...edges.keys()].map((node, i) => [node, i]));
  const byOrder = (a: string, b: string) => order.get(a)! - order.get(b)!;
  const cycles: Cycle[] = [];
  for (const component of stronglyConnectedComponents(edges)) {
    const members = new Set(component);
    const start = [...component].sort(byOrder)[0];
    const selfLoop = (edges.get(start) ?? []).includes(start);
    if (component.length === 1 && !selfLoop) continue;
    cycles.push({
      members: [...component].sort(byOrder),
      path: selfLoop ? [start, start] : closedPath(edges, members, start),
    });
  }
  return cycles.sort((a, b) => byOrder(a.members[0], b.members[0]));
}

/** Breadth-first search back to `start` inside the component: the shortest loop through it. */
function closedPath(edges: Edges, members: Set<string>, start: string): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of edges.get(node) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (let at: string | undefined = node; at !== undefined && at !== start; at = previous.get(at))
          path.splice(1, 0, at);
        path.push(start);
        return path;
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}
