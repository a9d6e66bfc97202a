import { strict as assert } from "node:assert";
import { remainingPathLengths } from "../../src/graph/criticalPath";
import { findCycles } from "../../src/graph/cycles";
import { connectedTo, dependentsOf, entryPointsAmong, upstreamOf } from "../../src/graph/neighbourhood";
import { closestName } from "../../src/shared/suggest";

const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

describe("graph: cycles", () => {
  it("finds no cycle in a DAG", () => {
    assert.deepEqual(findCycles(graph({ a: ["b", "c"], b: ["c"], c: [] })), []);
  });

  it("reports a self-dependency as a cycle of length 1", () => {
    const [cycle] = findCycles(graph({ a: ["a"], b: [] }));
    assert.deepEqual(cycle.path, ["a", "a"]);
  });

  it("reports cycles of length 2 and 3 with their whole path", () => {
    assert.deepEqual(findCycles(graph({ a: ["b"], b: ["a"] }))[0].path, ["a", "b", "a"]);
    assert.deepEqual(findCycles(graph({ a: ["b"], b: ["c"], c: ["a"] }))[0].path, ["a", "b", "c", "a"]);
  });

  it("reports every separate cycle once, not just the first", () => {
    const cycles = findCycles(graph({ a: ["b"], b: ["a"], c: ["d"], d: ["c"], e: ["a"] }));
    assert.deepEqual(
      cycles.map((cycle) => cycle.members),
      [
        ["a", "b"],
        ["c", "d"],
      ],
    );
  });

  it("reports one strongly connected component once even when it holds several loops", () => {
    const cycles = findCycles(graph({ a: ["b", "c"], b: ["a"], c: ["a"] }));
    assert.equal(cycles.length, 1);
    assert.deepEqual(cycles[0].members, ["a", "b", "c"]);
  });

  it("handles a chain of 100,000 nodes without overflowing the stack", () => {
    const edges = new Map<string, string[]>();
    for (let i = 0; i < 100_000; i++) edges.set(`n${i}`, i + 1 < 100_000 ? [`n${i + 1}`] : ["n0"]);
    assert.equal(findCycles(edges)[0].members.length, 100_000);
  });
});

describe("graph: critical path", () => {
  it("gives each node the weight of the longest path from it to the end", () => {
    const dependents = graph({ head: ["middle"], middle: ["tail"], tail: [], loose: [] });
    const lengths = remainingPathLengths(dependents, (node) => (node === "middle" ? 10 : 1));
    assert.deepEqual(Object.fromEntries(lengths), { head: 12, middle: 11, tail: 1, loose: 1 });
  });
});

describe("graph: did you mean", () => {
  it("suggests a close task name and nothing for a distant one", () => {
    assert.equal(closestName("Finance.revenu", ["Finance.revenue", "Finance.expenses"]), "Finance.revenue");
    assert.equal(closestName("Ledger.close", ["Finance.revenue"]), undefined);
  });
});

describe("graph: a task's neighbourhood", () => {
  const edges = graph({
    revenue: [],
    expenses: [],
    profit: ["revenue", "expenses"],
    report: ["profit"],
    audit: ["revenue"],
    alone: [],
  });

  it("finds what a task needs, what needs it, and everything joined to it", () => {
    assert.deepEqual(upstreamOf(edges, "report").sort(), ["expenses", "profit", "report", "revenue"]);
    assert.deepEqual(dependentsOf(edges, "revenue").sort(), ["audit", "profit"]);
    assert.deepEqual(connectedTo(edges, "expenses").sort(), ["audit", "expenses", "profit", "report", "revenue"]);
    assert.deepEqual(connectedTo(edges, "alone"), ["alone"]);
  });

  it("runs a graph through the tasks nothing depends on, and keeps a cycle's members in", () => {
    assert.deepEqual(entryPointsAmong(edges, connectedTo(edges, "revenue")).sort(), ["audit", "report"]);
    const looped = graph({ a: ["b"], b: ["a"], c: [] });
    assert.deepEqual(entryPointsAmong(looped, ["a", "b", "c"]), ["c", "a", "b"]);
  });
});
