/**
 * Places the graph left to right in layers: every node and every edge's route. Pure, so it runs
 * in Node as well as in the page.
 *
 * The layout is our own (layeredLayout.ts). dagre, used before, took 2.1 s for the 800-task
 * benchmark graph even with its fast "tight-tree" ranker (its default, network simplex, took 18 s),
 * 80 % of it in ordering and positioning; its compound mode (a box per class) threw at 800 tasks.
 * elkjs's layered layout took 3.7 to 5 s for the same graph, and is 1.4 MB to inline in every report.
 */
import type { GraphModel, GraphNode } from "../pictures/graphModel";
import { layoutLayered } from "./layeredLayout";

export const NODE_HEIGHT = 50;
const CHARACTER_WIDTH = 7.4;
const STUB = "\u0000unknown:";

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

type Point = { x: number; y: number };

export interface GraphLayout {
  width: number;
  height: number;
  nodes: Map<string, Box>;
  edges: Array<{ from: string; to: string; inCycle: boolean; points: Point[] }>;
  /** Each unknown dependency: a short edge from where its label is written into its node. */
  dangling: Array<{ to: string; label: string; points: Point[]; labelAt: Point }>;
  /** Each expanded class as a band around its tasks in each column; the first, leftmost, has room for its header. */
  groups: Array<{ id: string; bands: Box[] }>;
  /** Each expanded file likewise, around its classes' bands. */
  files: Array<{ id: string; bands: Box[] }>;
}

/** The room above a group's first band for its header. */
export const GROUP_HEADER = 14;
const GROUP_PADDING = 4;
/** A file's band goes round its classes' bands, headers included, with its own header above them. */
export const FILE_HEADER = 16;
const FILE_PADDING = GROUP_PADDING + 6;
/** The room between two files' nodes in a column: both bands' padding, and the headers of the lower file and class. */
const FILE_GAP = 2 * (FILE_PADDING - GROUP_PADDING) + FILE_HEADER + 6;
const MARGIN = 24;

export function nodeWidth(label: string): number {
  return Math.max(150, Math.ceil(label.length * CHARACTER_WIDTH) + 60);
}

/** A task's node is as wide as `Class.method`; a folded group's as its longer line. */
function widthOf(node: GraphNode): number {
  return node.members
    ? Math.max(nodeWidth(`▸ ${node.className}`), nodeWidth(node.method))
    : nodeWidth(`${node.className}.${node.method}`);
}

export function layoutGraph(model: GraphModel): GraphLayout {
  const stubs = model.dangling.map((_, index) => `${STUB}${index}`);
  const nested = model.files.length > 0;
  const placed = layoutLayered(
    [
      ...model.nodes.map((node) => ({
        id: node.id,
        width: widthOf(node),
        height: NODE_HEIGHT,
        group: node.group,
        outerGroup: node.fileGroup,
      })),
      ...model.dangling.map((edge, index) => ({ id: stubs[index], width: nodeWidth(edge.label) - 50, height: 20 })),
    ],
    [...model.edges, ...model.dangling.map((edge, index) => ({ from: stubs[index], to: edge.to }))],
    {
      nodeGap: 24,
      rankGap: 64,
      // Room above the first file's header.
      margin: nested ? MARGIN + FILE_GAP : MARGIN,
      edgeGap: 8,
      ...(nested && { outerGroupGap: FILE_GAP }),
    },
  );
  const box = (id: string, width: number, height: number): Box => ({ ...placed.nodes.get(id)!, width, height });
  const nodes = new Map(model.nodes.map((node) => [node.id, box(node.id, widthOf(node), NODE_HEIGHT)]));
  const groups = model.groups.map((group) => ({
    id: group.id,
    bands: bandsOf(
      group.nodes.map((id) => nodes.get(id)!),
      GROUP_PADDING,
      GROUP_HEADER,
    ),
  }));
  const classBands = new Map(groups.map((group) => [group.id, group.bands]));
  return {
    width: placed.width,
    height: placed.height,
    nodes,
    edges: model.edges.map((edge, index) => ({
      ...edge,
      points: edge.from === edge.to ? selfLoop(nodes.get(edge.from)!) : placed.routes[index],
    })),
    dangling: model.dangling.map((edge, index) => {
      const stub = placed.nodes.get(stubs[index])!;
      return { ...edge, points: placed.routes[model.edges.length + index], labelAt: { x: stub.x, y: stub.y + 10 } };
    }),
    groups,
    files: model.files.map((file) => ({
      id: file.id,
      // Its classes' bands, headers included, and its nodes outside any (its folded classes).
      bands: bandsOf(
        [
          ...file.classes.flatMap((group) => classBands.get(group) ?? []),
          ...file.nodes.flatMap((id) => nodes.get(id) ?? []),
        ],
        FILE_PADDING - GROUP_PADDING,
        FILE_HEADER,
      ),
    })),
  };
}

/**
 * The layout keeps a group's members next to each other in each column: a band per column holds
 * them, `padding` round them, with `header` more room above the first, leftmost.
 */
function bandsOf(boxes: Box[], padding: number, header: number): Box[] {
  const columns = new Map<number, Box[]>();
  for (const box of boxes) {
    const centre = Math.round(box.x + box.width / 2);
    columns.set(centre, [...(columns.get(centre) ?? []), box]);
  }
  return [...columns.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, members], index) => {
      const left = Math.min(...members.map((box) => box.x));
      const top = Math.min(...members.map((box) => box.y)) - (index === 0 ? header : 0);
      const right = Math.max(...members.map((box) => box.x + box.width));
      const bottom = Math.max(...members.map((box) => box.y + box.height));
      return {
        x: left - padding,
        y: top - padding,
        width: right - left + 2 * padding,
        height: bottom - top + 2 * padding,
      };
    });
}

/** A task that depends on itself: a small loop over its top right corner (a layered route for it would run through other nodes). */
function selfLoop(node: Box): Point[] {
  const right = node.x + node.width;
  return [
    { x: right - 44, y: node.y },
    { x: right - 44, y: node.y - 12 },
    { x: right - 14, y: node.y - 12 },
    { x: right - 14, y: node.y },
  ];
}
