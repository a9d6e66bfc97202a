import { strict as assert } from "node:assert";
import { buildGraph } from "../../src/pictures/graphModel";
import { layoutGraph } from "../../src/webview/graphLayout";

describe("webview: the graph's layout", () => {
  it("places each dependency in a layer left of its dependents, and routes every edge and dangling edge", () => {
    const model = buildGraph({
      tasks: ["load", "clean", "join", "report", "apart"].map((method) => ({ id: `Data.${method}` })),
      dependencies: {
        "Data.clean": ["Data.load"],
        "Data.join": ["Data.clean", "Data.load"],
        "Data.report": ["Data.join", "Data.missing"],
      },
    });
    const layout = layoutGraph(model);
    const x = (id: string) => layout.nodes.get(`Data.${id}`)!.x;
    assert.ok(x("load") < x("clean") && x("clean") < x("join") && x("join") < x("report"), "layers left to right");
    assert.equal(layout.nodes.size, 5);
    for (const edge of layout.edges) assert.ok(edge.points.length >= 2, `${edge.from} -> ${edge.to} is routed`);
    const [dangling] = layout.dangling;
    assert.equal(dangling.label, "Data.missing");
    assert.ok(dangling.labelAt.x < x("report"), "an unknown dependency's label stands left of its dependent");
    for (const box of layout.nodes.values())
      assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= layout.width && box.y + box.height <= layout.height);
  });

  it("lays out a cycle without looping forever: its members and its closing edge are placed", () => {
    const model = buildGraph({
      tasks: [{ id: "Loops.a" }, { id: "Loops.b" }, { id: "Loops.self" }],
      dependencies: { "Loops.a": ["Loops.b"], "Loops.b": ["Loops.a"], "Loops.self": ["Loops.self"] },
    });
    const layout = layoutGraph(model);
    assert.equal(layout.nodes.size, 3);
    assert.deepEqual(
      layout.edges.map((edge) => [edge.from, edge.to, edge.inCycle, edge.points.length > 0]),
      [
        ["Loops.b", "Loops.a", true, true],
        ["Loops.a", "Loops.b", true, true],
        ["Loops.self", "Loops.self", true, true],
      ],
    );
  });
});
