/**
 * The workspace's dependency cycles, kept current as edges change, at the cost of what changed:
 * - a task whose edges did not change (most keystrokes) costs nothing;
 * - a cycle that lost a member or an edge is searched again among its old members only;
 * - a gained edge closes a new cycle only if its target can reach its source, which a search
 *   from the target answers; only then is the whole new cycle worked out.
 * A change to many tasks at once (a first scan) is cheaper as one search of the whole graph.
 */
import { findCycles, stronglyConnectedComponents, type Cycle, type Edges } from "../graph/cycles";
import { reaches } from "../graph/neighbourhood";

/** Above this many changed tasks, one search of the whole graph costs less than a search per task. */
const WHOLE_GRAPH_ABOVE = 256;

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

  /**
   * `changes` maps each changed node (added, removed, or with other edges) to the targets it
   * gained; `edges` is the graph after the change. Returns the cycles gone and the cycles found.
   */
  update(changes: ReadonlyMap<string, readonly string[]>, edges: Edges): { removed: Cycle[]; added: Cycle[] } {
    const removed = new Set<Cycle>();
    const added = new Set<Cycle>();
    const record = (component: readonly string[]) => {
      const members = new Set(component);
      const [cycle] = findCycles(
        new Map(
          [...component]
            .sort(this.order)
            .map((node) => [node, (edges.get(node) ?? []).filter((next) => members.has(next))]),
        ),
      );
      if (!cycle) return;
      // A component found now contains any cycle it overlaps: that one is replaced.
      for (const member of cycle.members) {
        const previous = this.cycleOf.get(member);
        if (!previous) continue;
        if (added.has(previous)) added.delete(previous);
        else removed.add(previous);
        for (const other of previous.members) this.cycleOf.delete(other);
      }
      added.add(cycle);
      for (const member of cycle.members) this.cycleOf.set(member, cycle);
    };

    if (changes.size > WHOLE_GRAPH_ABOVE) {
      for (const cycle of this.all()) removed.add(cycle);
      this.cycleOf.clear();
      for (const component of stronglyConnectedComponents(edges)) record(component);
      return { removed: [...removed], added: [...added] };
    }

    const formerMembers = new Set<string>();
    for (const node of changes.keys()) {
      const cycle = this.cycleOf.get(node);
      if (!cycle || removed.has(cycle)) continue;
      removed.add(cycle);
      for (const member of cycle.members) {
        this.cycleOf.delete(member);
        formerMembers.add(member);
      }
    }
    // What is left of a broken cycle lies among its former members (more only through a gained edge, below).
    const among = new Map(
      [...formerMembers]
        .filter((node) => edges.has(node))
        .map((node) => [node, edges.get(node)!.filter((next) => formerMembers.has(next))]),
    );
    for (const component of stronglyConnectedComponents(among)) record(component);
    for (const [node, gained] of changes) {
      if (!edges.has(node) || !gained.some((target) => reaches(edges, target, node))) continue;
      const component = stronglyConnectedComponents(edges, [node]).find((each) => each.includes(node))!;
      record(component);
    }
    return { removed: [...removed], added: [...added] };
  }
}
