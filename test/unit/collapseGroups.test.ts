import { strict as assert } from "node:assert";
import { buildGraph, collapseGroups, groupNodeId } from "../../src/pictures/graphModel";

describe("pictures: collapsed groups", () => {
  const model = buildGraph({
    tasks: ["Sources.prices", "Sources.volumes", "Sums.total", "Sums.twice", "Report.print"].map((id) => ({
      id,
      file: "groups.ts",
    })),
    dependencies: {
      "Sums.total": ["Sources.prices", "Sources.volumes"],
      "Sums.twice": ["Sums.total"],
      "Report.print": ["Sums.twice", "Sums.total", "Sources.prices", "Sums.missing"],
    },
  });
  const sums = model.groups.find((group) => group.className === "Sums")!.id;

  it("draws a collapsed group as one node, its edges to and from it once per neighbour and none inside", () => {
    const shown = collapseGroups(model, new Set([sums]));
    const node = groupNodeId(sums);
    assert.deepEqual(
      shown.nodes.map((each) => each.id),
      ["Sources.prices", "Sources.volumes", "Report.print", node],
    );
    assert.deepEqual(shown.nodes[3].members, ["Sums.total", "Sums.twice"]);
    assert.equal(shown.nodes[3].method, "2 tasks");
    assert.deepEqual(
      shown.edges.map((edge) => `${edge.from} -> ${edge.to}`),
      [
        `Sources.prices -> ${node}`,
        `Sources.volumes -> ${node}`,
        `${node} -> Report.print`,
        "Sources.prices -> Report.print",
      ],
    );
    assert.deepEqual(
      shown.groups.map((group) => group.className),
      ["Sources", "Report"],
    );
  });

  it("keeps a task's unknown dependency on the group it is collapsed into, and a graph with nothing collapsed as it is", () => {
    const report = model.groups.find((group) => group.className === "Report")!.id;
    assert.deepEqual(collapseGroups(model, new Set([report])).dangling, [
      { to: groupNodeId(report), label: "Sums.missing" },
    ]);
    assert.equal(collapseGroups(model, new Set()), model);
  });

  it("marks a collapsed group in a cycle when one of its tasks is", () => {
    const cyclic = buildGraph({
      tasks: [{ id: "A.x" }, { id: "A.y" }, { id: "B.z" }],
      dependencies: { "A.x": ["B.z"], "B.z": ["A.y"], "A.y": ["A.x"] },
    });
    const a = cyclic.groups.find((group) => group.className === "A")!.id;
    const shown = collapseGroups(cyclic, new Set([a]));
    assert.equal(shown.nodes.find((node) => node.id === groupNodeId(a))!.inCycle, true);
    assert.deepEqual(
      shown.edges.map((edge) => [edge.from, edge.to, edge.inCycle]),
      [
        ["B.z", groupNodeId(a), true],
        [groupNodeId(a), "B.z", true],
      ],
    );
  });
});
