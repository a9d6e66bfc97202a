/**
 * A left-to-right layered drawing of a directed graph, small enough to read and linear-ish in
 * the graph's size: dagre spent 2 s of the 800-task benchmark graph in its ordering (crossing
 * counts over 4,500 nodes, 24 sweeps) and positioning (four Brandes-Köpf alignments) phases.
 *
 * The steps: cycles broken by turning the edges a depth-first walk finds going back; ranks by
 * longest path, then each node pulled right next to its nearest dependent, so that sources do not
 * all sit in the first column with edges spanning the picture; a waypoint for each rank a long
 * edge crosses; a few barycentre sweeps for the order in each rank, the members of a group kept
 * together; and each rank's vertical places as close to its neighbours' as the order allows
 * (isotonic regression, pool adjacent violators: exact and linear).
 */

export interface LayeredNode {
  id: string;
  width: number;
  height: number;
  /** Nodes of one group are kept next to each other in each rank. */
  group?: string;
  /** The group around the node's group (its file around its class), kept together in each rank likewise. */
  outerGroup?: string;
}

export interface LayeredEdge {
  from: string;
  to: string;
}

type Point = { x: number; y: number };

export interface LayeredResult {
  width: number;
  height: number;
  /** Each node's top-left corner. */
  nodes: Map<string, Point>;
  /** Each edge's route, in the edges' order, from its `from` to its `to`; a self-edge has none. */
  routes: Point[][];
}

export interface LayeredOptions {
  nodeGap: number;
  rankGap: number;
  margin: number;
  /** The room a long edge takes in a rank it passes through. */
  edgeGap: number;
  /** More room between two nodes of different outer groups, for their bands and headers. */
  outerGroupGap?: number;
}

const SWEEPS = 8;
const PLACEMENT_ROUNDS = 6;

/** A node of the layered graph: a real node, or a waypoint of a long edge. */
interface Slot {
  index: number;
  rank: number;
  height: number;
  width: number;
  /** Its groups, outermost first; none for a waypoint. */
  groups: string[];
  up: Slot[];
  down: Slot[];
  order: number;
  y: number;
}

export function layoutLayered(nodes: LayeredNode[], edges: LayeredEdge[], options: LayeredOptions): LayeredResult {
  const indexOf = new Map(nodes.map((node, index) => [node.id, index]));
  const links = edges.map((edge) => [indexOf.get(edge.from)!, indexOf.get(edge.to)!] as const);
  const forward = acyclicLinks(nodes.length, links);
  const rank = rankNodes(nodes.length, forward);

  const slots: Slot[] = nodes.map((node, index) =>
    slot(
      index,
      rank[index],
      node.height,
      node.width,
      [node.outerGroup, node.group].flatMap((group) => group ?? []),
    ),
  );
  const chains = forward.map(([from, to]) => {
    const chain = [slots[from]];
    for (let r = rank[from] + 1; r < rank[to]; r++) chain.push(slot(-1, r, options.edgeGap, 0, []));
    chain.push(slots[to]);
    for (let i = 1; i < chain.length; i++) {
      chain[i - 1].down.push(chain[i]);
      chain[i].up.push(chain[i - 1]);
    }
    return chain;
  });
  const ranks: Slot[][] = [];
  for (const each of [...slots, ...chains.flatMap((chain) => chain.slice(1, -1))]) (ranks[each.rank] ??= []).push(each);
  for (let r = 0; r < ranks.length; r++) ranks[r] ??= [];

  orderRanks(ranks);
  placeVertically(ranks, options);

  const columns: Array<{ left: number; width: number }> = [];
  let left = options.margin;
  for (const members of ranks) {
    const width = Math.max(0, ...members.map((each) => each.width));
    columns.push({ left, width });
    left += width + options.rankGap;
  }
  const top = Math.min(...ranks.flatMap((members) => members.map((each) => each.y - each.height / 2)));
  const shift = options.margin - (Number.isFinite(top) ? top : 0);
  for (const members of ranks) for (const each of members) each.y += shift;
  const bottom = Math.max(0, ...ranks.flatMap((members) => members.map((each) => each.y + each.height / 2)));
  const xOf = (each: Slot) => columns[each.rank].left + (columns[each.rank].width - each.width) / 2;

  const positions = new Map(
    nodes.map((node, index) => [node.id, { x: xOf(slots[index]), y: slots[index].y - node.height / 2 }]),
  );
  const forwardRoutes = chains.map((chain) => routeOf(chain, columns));
  spreadEnds(forwardRoutes, chains);
  let next = 0;
  const routes = links.map(([from, to]) => {
    if (from === to) return [];
    const points = forwardRoutes[next];
    return forward[next++][0] === from ? points : points.reverse();
  });
  return {
    width: Math.max(2 * options.margin, left - options.rankGap + options.margin),
    height: bottom + options.margin,
    nodes: positions,
    routes,
  };
}

function slot(index: number, rank: number, height: number, width: number, groups: string[]): Slot {
  return { index, rank, height, width, groups, up: [], down: [], order: 0, y: 0 };
}

/**
 * The links without self-links, each edge a depth-first walk finds closing a cycle turned round,
 * so every link goes forward. The order of the result is the order of the non-self links.
 */
function acyclicLinks(count: number, links: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const out: number[][] = Array.from({ length: count }, () => []);
  links.forEach(([from, to], index) => from !== to && out[from].push(index));
  const state = new Uint8Array(count); // 0 unseen, 1 on the walk, 2 done
  const reversed = new Set<number>();
  for (let start = 0; start < count; start++) {
    if (state[start]) continue;
    const stack: Array<[number, number]> = [[start, 0]];
    state[start] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const [node, next] = top;
      if (next === out[node].length) {
        state[node] = 2;
        stack.pop();
        continue;
      }
      top[1]++;
      const link = out[node][next];
      const target = links[link][1];
      if (state[target] === 1) reversed.add(link);
      else if (state[target] === 0) {
        state[target] = 1;
        stack.push([target, 0]);
      }
    }
  }
  return links.flatMap(([from, to], index): Array<[number, number]> =>
    from === to ? [] : [reversed.has(index) ? [to, from] : [from, to]],
  );
}

/** Longest-path ranks, then nodes (sources above all) moved as far right as their nearest dependent allows. */
function rankNodes(count: number, links: ReadonlyArray<readonly [number, number]>): number[] {
  const out: number[][] = Array.from({ length: count }, () => []);
  const inDegree = new Int32Array(count);
  for (const [from, to] of links) {
    out[from].push(to);
    inDegree[to]++;
  }
  const dependencies = Int32Array.from(inDegree);
  const rank = new Array<number>(count).fill(0);
  const topological: number[] = [];
  for (let node = 0; node < count; node++) if (inDegree[node] === 0) topological.push(node);
  for (let i = 0; i < topological.length; i++)
    for (const next of out[topological[i]]) {
      rank[next] = Math.max(rank[next], rank[topological[i]] + 1);
      if (--inDegree[next] === 0) topological.push(next);
    }
  for (let i = topological.length - 1; i >= 0; i--) {
    const node = topological[i];
    // Pulled right, a node shortens its edges out and lengthens its edges in: worth it with more out.
    if (out[node].length > dependencies[node]) rank[node] = Math.min(...out[node].map((next) => rank[next])) - 1;
  }
  const lowest = Math.min(0, ...rank);
  return rank.map((each) => each - lowest);
}

/** Barycentre sweeps down and up the ranks; the order with the fewest crossings wins. */
function orderRanks(ranks: Slot[][]): void {
  startInWalkOrder(ranks);
  let best = ranks.map((members) => [...members]);
  let fewest = crossings(ranks);
  for (let sweep = 0; sweep < SWEEPS && fewest > 0; sweep++) {
    const down = sweep % 2 === 0;
    for (let step = 1; step < ranks.length; step++) {
      const r = down ? step : ranks.length - 1 - step;
      sortByBarycentre(ranks[r], down ? "up" : "down");
    }
    const count = crossings(ranks);
    if (count < fewest) {
      fewest = count;
      best = ranks.map((members) => [...members]);
    }
  }
  best.forEach((members, r) => {
    ranks[r] = members;
    members.forEach((each, order) => (each.order = order));
  });
}

/** A first order that keeps what hangs together together: the order a depth-first walk from the left reaches each. */
function startInWalkOrder(ranks: Slot[][]): void {
  const reached = new Map<Slot, number>();
  const walk = (start: Slot) => {
    const stack = [start];
    while (stack.length > 0) {
      const each = stack.pop()!;
      if (reached.has(each)) continue;
      reached.set(each, reached.size);
      for (let i = each.down.length - 1; i >= 0; i--) stack.push(each.down[i]);
    }
  };
  for (const members of ranks) for (const each of members) if (each.up.length === 0) walk(each);
  for (const members of ranks) arrange(members, (each) => reached.get(each)!);
}

function sortByBarycentre(members: Slot[], side: "up" | "down"): void {
  arrange(members, (each) => {
    const neighbours = each[side];
    if (neighbours.length === 0) return each.order;
    return neighbours.reduce((sum, neighbour) => sum + neighbour.order, 0) / neighbours.length;
  });
}

/**
 * Sorts a rank by each member's centre, a group standing where its members do on average, its
 * members together; a group inside another likewise, within it.
 */
function arrange(members: Slot[], centreOf: (each: Slot) => number): void {
  const centre = new Map(members.map((each) => [each, centreOf(each)]));
  const groups = new Map<string, { sum: number; count: number }>();
  for (const each of members)
    for (const group of each.groups) {
      const entry = groups.get(group) ?? { sum: 0, count: 0 };
      entry.sum += centre.get(each)!;
      entry.count++;
      groups.set(group, entry);
    }
  const depth = Math.max(0, ...members.map((each) => each.groups.length));
  // At each level of nesting, where the member's group stands and its name; a waypoint (most of
  // a rank's members) has none and stands where it is, so only grouped members get an entry.
  const levels = new Map<Slot, Array<{ at: number; name: string }>>();
  for (const each of members) {
    if (each.groups.length === 0) continue;
    const entries = [];
    for (let level = 0; level < depth; level++) {
      const group = each.groups[Math.min(level, each.groups.length - 1)];
      const entry = groups.get(group)!;
      entries.push({ at: entry.sum / entry.count, name: group });
    }
    levels.set(each, entries);
  }
  const byGroups = (a: Slot, b: Slot) => {
    const [x, y] = [levels.get(a), levels.get(b)];
    if (!x && !y) return 0;
    for (let level = 0; level < depth; level++) {
      const [atX, nameX] = x ? [x[level].at, x[level].name] : [centre.get(a)!, ""];
      const [atY, nameY] = y ? [y[level].at, y[level].name] : [centre.get(b)!, ""];
      const order = atX - atY || (nameX < nameY ? -1 : nameX > nameY ? 1 : 0);
      if (order !== 0) return order;
    }
    return 0;
  };
  members.sort((a, b) => byGroups(a, b) || centre.get(a)! - centre.get(b)! || a.order - b.order);
  members.forEach((each, order) => (each.order = order));
}

/** Edge crossings between adjacent ranks, counted by merging (inversions of the lower ends). */
function crossings(ranks: Slot[][]): number {
  let total = 0;
  for (let r = 0; r + 1 < ranks.length; r++) {
    const ends: number[] = [];
    for (const each of ranks[r]) {
      const lower = each.down.map((next) => next.order).sort((a, b) => a - b);
      ends.push(...lower);
    }
    total += inversions(ends);
  }
  return total;
}

function inversions(values: number[]): number {
  if (values.length < 2) return 0;
  const middle = values.length >> 1;
  const left = values.slice(0, middle);
  const right = values.slice(middle);
  let count = inversions(left) + inversions(right);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < left.length && j < right.length) {
    if (left[i] <= right[j]) values[k++] = left[i++];
    else {
      count += left.length - i;
      values[k++] = right[j++];
    }
  }
  while (i < left.length) values[k++] = left[i++];
  while (j < right.length) values[k++] = right[j++];
  return count;
}

/** Stacks each rank, then rounds of pulling each node towards its neighbours' middle, order kept. */
function placeVertically(ranks: Slot[][], options: LayeredOptions): void {
  const apart = (a: Slot, b: Slot) => a.groups.length > 0 && b.groups.length > 0 && a.groups[0] !== b.groups[0];
  const gap = (a: Slot, b: Slot) =>
    (a.height + b.height) / 2 +
    (a.index < 0 || b.index < 0 ? 6 : options.nodeGap + (apart(a, b) ? (options.outerGroupGap ?? 0) : 0));
  /**
   * Each gap of a rank, widened where waypoints stand between two tasks of different groups: the
   * groups' bands and headers need the room two such tasks side by side get, whatever passes between.
   */
  const gapsOf = (members: Slot[]) => {
    const gaps = members.slice(1).map((each, i) => gap(members[i], each));
    let last = -1;
    let since = 0;
    members.forEach((each, i) => {
      if (i > 0) since += gaps[i - 1];
      if (each.index < 0) return;
      const before = members[last];
      if (last >= 0 && last < i - 1 && before.groups.join("\0") !== each.groups.join("\0")) {
        const needed = gap(before, each);
        if (since < needed) gaps[i - 1] += needed - since;
      }
      last = i;
      since = 0;
    });
    return gaps;
  };
  const gapsOfRank = ranks.map(gapsOf);
  ranks.forEach((members, rank) => {
    let y = 0;
    members.forEach((each, i) => {
      if (i > 0) y += gapsOfRank[rank][i - 1];
      each.y = y;
    });
  });
  for (let round = 0; round < PLACEMENT_ROUNDS; round++) {
    const down = round % 2 === 0;
    for (let step = 0; step < ranks.length; step++) {
      const rank = down ? step : ranks.length - 1 - step;
      const members = ranks[rank];
      const wanted = members.map((each) => {
        const neighbours = round === PLACEMENT_ROUNDS - 1 ? [...each.up, ...each.down] : each[down ? "up" : "down"];
        if (neighbours.length === 0) return each.y;
        const ys = neighbours.map((neighbour) => neighbour.y).sort((a, b) => a - b);
        return (ys[(ys.length - 1) >> 1] + ys[ys.length >> 1]) / 2;
      });
      const placed = closestInOrder(wanted, gapsOfRank[rank]);
      members.forEach((each, i) => (each.y = placed[i]));
    }
  }
}

/**
 * The positions nearest `wanted` (least squares) that keep each at least `gaps[i]` below the one
 * before: with offsets taken out it is isotonic regression, solved by pooling adjacent violators.
 */
function closestInOrder(wanted: number[], gaps: number[]): number[] {
  const offsets = [0];
  for (const gap of gaps) offsets.push(offsets[offsets.length - 1] + gap);
  const blocks: Array<{ sum: number; count: number }> = [];
  wanted.forEach((value, i) => {
    blocks.push({ sum: value - offsets[i], count: 1 });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1];
      const before = blocks[blocks.length - 2];
      if (before.sum / before.count <= last.sum / last.count) break;
      before.sum += last.sum;
      before.count += last.count;
      blocks.pop();
    }
  });
  const placed: number[] = [];
  for (const block of blocks) for (let i = 0; i < block.count; i++) placed.push(block.sum / block.count);
  return placed.map((value, i) => value + offsets[i]);
}

/** From the right side of the first node, level through each rank it passes, to the left side of the last. */
function routeOf(chain: Slot[], columns: Array<{ left: number; width: number }>): Point[] {
  const first = chain[0];
  const last = chain[chain.length - 1];
  const column = (each: Slot) => columns[each.rank];
  const points: Point[] = [{ x: column(first).left + (column(first).width + first.width) / 2, y: first.y }];
  for (const waypoint of chain.slice(1, -1))
    points.push(
      { x: column(waypoint).left, y: waypoint.y },
      { x: column(waypoint).left + column(waypoint).width, y: waypoint.y },
    );
  points.push({ x: column(last).left + (column(last).width - last.width) / 2, y: last.y });
  return points;
}

/** The edges meeting one side of a node meet it spread along that side, in the order they come from, not all at its middle. */
function spreadEnds(routes: Point[][], chains: Slot[][]): void {
  type End = { point: Point; from: number };
  const sides = { in: new Map<Slot, End[]>(), out: new Map<Slot, End[]>() };
  const add = (side: Map<Slot, End[]>, key: Slot, point: Point, from: Point) => {
    const list = side.get(key) ?? [];
    list.push({ point, from: from.y });
    side.set(key, list);
  };
  routes.forEach((points, i) => {
    add(sides.in, chains[i][chains[i].length - 1], points[points.length - 1], points[points.length - 2]);
    add(sides.out, chains[i][0], points[0], points[1]);
  });
  for (const side of [sides.in, sides.out])
    for (const [each, list] of side) {
      if (list.length < 2) continue;
      const step = Math.min(8, (each.height * 0.6) / (list.length - 1));
      list.sort((a, b) => a.from - b.from);
      list.forEach(({ point }, i) => (point.y += (i - (list.length - 1) / 2) * step));
    }
}
