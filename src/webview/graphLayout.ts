/**
 * Places the graph left to right in layers with dagre (made for layered drawings of directed
 * graphs, about 50 KB bundled, synchronous, no worker needed): every node and every edge's
 * route. Pure, so it runs in Node as well as in the page.
 *
 * Two of dagre's choices are set for size. Its default ranker, network simplex, recomputes cut
 * values edge by edge and took 18 s of CPU for the 800-task benchmark graph; "tight-tree" ranks
 * it in a fraction of that. Its compound mode (a box per class, laid out as one) took seconds
 * at 100 tasks and threw at 800, so groups are drawn from the nodes (each names its class), not
 * laid out as boxes. elkjs's layered layout was measured too: 3.7 to 5 s of CPU flat, 6 to 10 s
 * with its hierarchy, for the same graph, and 1.4 MB to inline in every report.
 */
import dagre from "@dagrejs/dagre";
import type { GraphModel } from "../pictures/graphModel";

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
}

export function nodeWidth(label: string): number {
  return Math.max(150, Math.ceil(label.length * CHARACTER_WIDTH) + 60);
}

export function layoutGraph(model: GraphModel): GraphLayout {
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: "LR", ranker: "tight-tree", nodesep: 24, ranksep: 64, marginx: 24, marginy: 24 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of model.nodes)
    graph.setNode(node.id, { width: nodeWidth(`${node.className}.${node.method}`), height: NODE_HEIGHT });
  model.edges.forEach((edge, index) => graph.setEdge(edge.from, edge.to, {}, `e${index}`));
  model.dangling.forEach((edge, index) => {
    graph.setNode(`${STUB}${index}`, { width: nodeWidth(edge.label) - 50, height: 20 });
    graph.setEdge(`${STUB}${index}`, edge.to, {}, `d${index}`);
  });
  dagre.layout(graph);

  const box = (id: string): Box => {
    const { x = 0, y = 0, width, height } = graph.node(id);
    return { x: x - width / 2, y: y - height / 2, width, height };
  };
  const route = (from: string, to: string, name: string): Point[] => graph.edge({ v: from, w: to, name })?.points ?? [];
  const label = graph.graph();
  return {
    width: label.width ?? 0,
    height: label.height ?? 0,
    nodes: new Map(model.nodes.map((node) => [node.id, box(node.id)])),
    edges: model.edges.map((edge, index) => ({
      ...edge,
      points: edge.from === edge.to ? selfLoop(box(edge.from)) : route(edge.from, edge.to, `e${index}`),
    })),
    dangling: model.dangling.map((edge, index) => {
      const stub = box(`${STUB}${index}`);
      return {
        ...edge,
        points: route(`${STUB}${index}`, edge.to, `d${index}`),
        labelAt: { x: stub.x, y: stub.y + stub.height / 2 },
      };
    }),
  };
}

/** A task that depends on itself: a small loop over its top right corner (dagre's route for it ran through other nodes). */
function selfLoop(node: Box): Point[] {
  const right = node.x + node.width;
  return [
    { x: right - 44, y: node.y },
    { x: right - 44, y: node.y - 12 },
    { x: right - 14, y: node.y - 12 },
    { x: right - 14, y: node.y },
  ];
}
