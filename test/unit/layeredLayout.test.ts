import { strict as assert } from "node:assert";
import { layoutLayered, type LayeredEdge, type LayeredNode } from "../../src/webview/layeredLayout";

const OPTIONS = { nodeGap: 24, rankGap: 64, margin: 24, edgeGap: 8 };

/** A graph of layers like the benchmark's: chains of steps, each step also needing a step of another chain. */
function layeredGraph(chains: number, steps: number): { nodes: LayeredNode[]; edges: LayeredEdge[] } {
  const nodes: LayeredNode[] = [];
  const edges: LayeredEdge[] = [];
  for (let chain = 0; chain < chains; chain++)
    for (let step = 0; step < steps; step++) {
      const id = `C${chain}.s${step}`;
      nodes.push({ id, width: 150 + ((chain * 7 + step * 3) % 5) * 20, height: 50, group: `C${chain}` });
      if (step > 0) edges.push({ from: `C${chain}.s${step - 1}`, to: id });
      if (step > 1) edges.push({ from: `C${(chain * 13 + 5) % chains}.s${step - 2}`, to: id });
    }
  return { nodes, edges };
}

function overlapping(a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe("webview: the layered layout", () => {
  it("routes every edge left to right, from its dependency's right side to its dependent's left side", () => {
    const { nodes, edges } = layeredGraph(40, 6);
    const layout = layoutLayered(nodes, edges, OPTIONS);
    const width = new Map(nodes.map((node) => [node.id, node.width]));
    edges.forEach((edge, index) => {
      const route = layout.routes[index];
      const from = layout.nodes.get(edge.from)!;
      const to = layout.nodes.get(edge.to)!;
      assert.ok(from.x + width.get(edge.from)! < to.x, `${edge.from} stands left of ${edge.to}`);
      assert.equal(route[0].x, from.x + width.get(edge.from)!, `${edge.from} -> ${edge.to} leaves its right side`);
      assert.equal(route[route.length - 1].x, to.x, `${edge.from} -> ${edge.to} enters its left side`);
      for (let i = 1; i < route.length; i++)
        assert.ok(route[i].x >= route[i - 1].x, `${edge.from} -> ${edge.to} never turns back leftwards`);
    });
  });

  it("lets no two nodes overlap, and keeps them all inside the drawing", () => {
    const { nodes, edges } = layeredGraph(60, 5);
    const layout = layoutLayered(nodes, edges, OPTIONS);
    const boxes = nodes.map((node) => ({ ...layout.nodes.get(node.id)!, width: node.width, height: node.height }));
    for (let i = 0; i < boxes.length; i++) {
      const box = boxes[i];
      assert.ok(box.x >= 0 && box.y >= 0, `${nodes[i].id} is inside`);
      assert.ok(box.x + box.width <= layout.width && box.y + box.height <= layout.height, `${nodes[i].id} is inside`);
      for (let j = i + 1; j < boxes.length; j++)
        assert.ok(!overlapping(box, boxes[j]), `${nodes[i].id} and ${nodes[j].id} overlap`);
    }
  });

  it("keeps the members of a group next to each other in their column", () => {
    const nodes: LayeredNode[] = ["a", "b", "c", "d"].flatMap((name) => [
      { id: `A.${name}`, width: 150, height: 50, group: "A" },
      { id: `B.${name}`, width: 150, height: 50, group: "B" },
    ]);
    const layout = layoutLayered(nodes, [], OPTIONS);
    const groupsTopToBottom = nodes
      .map((node) => ({ group: node.group, y: layout.nodes.get(node.id)!.y }))
      .sort((a, b) => a.y - b.y)
      .map((each) => each.group)
      .join("");
    assert.ok(["AAAABBBB", "BBBBAAAA"].includes(groupsTopToBottom), groupsTopToBottom);
  });

  it("draws a cycle: its members placed apart, its closing edge routed back into its target", () => {
    const nodes = ["a", "b", "c"].map((id) => ({ id, width: 150, height: 50 }));
    const edges = [
      { from: "a", to: "b" },
      { from: "b", to: "c" },
      { from: "c", to: "a" },
      { from: "b", to: "b" },
    ];
    const layout = layoutLayered(nodes, edges, OPTIONS);
    const x = (id: string) => layout.nodes.get(id)!.x;
    assert.equal(new Set(["a", "b", "c"].map(x)).size, 3, "each member in a column of its own");
    edges.slice(0, 3).forEach((edge, index) => {
      const route = layout.routes[index];
      assert.ok(route.length >= 2, `${edge.from} -> ${edge.to} is routed`);
      const [start, end] = [route[0], route[route.length - 1]];
      assert.ok(Math.abs(start.x - x(edge.from)) <= 150, `${edge.from} -> ${edge.to} starts at ${edge.from}`);
      assert.ok(Math.abs(end.x - x(edge.to)) <= 150, `${edge.from} -> ${edge.to} ends at ${edge.to}`);
    });
    assert.deepEqual(layout.routes[3], [], "a self-edge is left to the drawing");
  });
});
