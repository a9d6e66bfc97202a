/**
 * The workspace's dependency cycles, kept current as edges change. A cycle can only appear
 * through a changed task's new edge, or break through a changed task's lost one, so only the
 * cycles changed tasks were in, and the components reachable from changed tasks, are looked
 * at again: an edit costs what it touches, not the size of the workspace.
 */
import { findCycles, stronglyConnectedComponents, type Cycle, type Edges } from "../graph/cycles";

export class CycleIndex {
  private readonly cycleOf = new Map<string, Cycle>();

  /** `order` sorts nodes by where they are written, so a cycle's path starts at its first member in the source. */
  constructor(private readonly order: (a: string, b: string) => number) {}

  get(node: string): Cycle | undefined {
    return this.cycleOf.get(node);
  }

  all(): Cycle[] {
    return [...new Set(this.cycleOf.values())];
  }

  /** Re-examines the cycles around `changed` nodes (added, removed, or with new edges); returns the cycles gone and found. */
  update(changed: Iterable<string>, edges: Edges): { removed: Cycle[]; added: Cycle[] } {
    const roots = new Set<string>();
    const removed = new Set<Cycle>();
    for (const node of changed) {
      roots.add(node);
      const cycle = this.cycleOf.get(node);
      if (!cycle || removed.has(cycle)) continue;
      removed.add(cycle);
      for (const member of cycle.members) {
        this.cycleOf.delete(member);
        roots.add(member);
      }
    }
    const added: Cycle[] = [];
    for (const component of stronglyConnectedComponents(edges, roots)) {
      // A component no root belongs to was not touched: its cycle, if any, is still recorded.
      if (!component.some((node) => roots.has(node))) continue;
      const members = new Set(component);
      const inSourceOrder = [...component].sort(this.order);
      const [cycle] = findCycles(new Map(inSourceOrder.map((node) => [node, (edges.get(node) ?? []).filter((next) => members.has(next))])));
      if (!cycle) continue;
      added.push(cycle);
      for (const member of cycle.members) this.cycleOf.set(member, cycle);
    }
    return { removed: [...removed], added };
  }
}
