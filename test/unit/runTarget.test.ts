import { strict as assert } from "node:assert";
import { join } from "node:path";
import { startRun } from "../../src/engine/client";
import type { RunEvent } from "../../src/shared/protocol";
import { connectedTo, dependentsOf, entryPointsAmong, upstreamOf } from "../../src/graph/neighbourhood";
import { runTargetFor, runTargetForAll } from "../../src/extension/runTarget";
import { scanPaths } from "../../src/scanner/scan";
import { fixtures, lastRunEnd } from "./helpers/cli";

const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

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

describe("editor: what a CodeLens runs", () => {
  const cwd = join(fixtures, "editor");
  const { tasks } = scanPaths(["."], cwd);
  const absolute = tasks.map((task) => ({ ...task, file: join(cwd, task.file) }));
  const task = (id: string) => absolute.find((candidate) => candidate.id === id)!;

  it("runs one task with what it needs, its whole graph through files that hold its entry points, or every graph without a cycle", () => {
    assert.deepEqual(runTargetFor(absolute, task("Finance.revenue"), "task"), {
      file: join(cwd, "finance.ts"),
      alsoLoad: [],
      tasks: ["Finance.revenue"],
    });
    const target = runTargetFor(absolute, task("Finance.revenue"), "graph");
    assert.deepEqual([target.file, ...target.alsoLoad].sort(), [join(cwd, "audit.ts"), join(cwd, "report.ts")]);
    assert.deepEqual(target.tasks.sort(), ["Audit.check", "Report.print"]);
    const all = runTargetForAll(absolute);
    assert.ok("tasks" in all);
    assert.deepEqual(all.tasks.sort(), ["Audit.check", "Failing.after", "Report.print", "Slow.wait"]);
    assert.deepEqual(all.leftOut, ["Loop.first", "Loop.second"]);
  });

  it("the engine runs a graph spanning two files in one run", async () => {
    const events: RunEvent[] = [];
    const run = startRun({ ...runTargetFor(absolute, task("Finance.profit"), "graph"), cwd });
    run.on("event", (event) => events.push(event));
    assert.equal(await run.exited, 0);
    assert.deepEqual(
      lastRunEnd(events)
        .tasks.map((summary) => `${summary.id} ${summary.status}`)
        .sort(),
      [
        "Audit.check succeeded",
        "Finance.expenses succeeded",
        "Finance.profit succeeded",
        "Finance.revenue succeeded",
        "Report.print succeeded",
      ],
    );
  });
});
