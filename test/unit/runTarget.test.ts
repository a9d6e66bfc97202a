import { strict as assert } from "node:assert";
import { join } from "node:path";
import { runTargetFor, runTargetForAll } from "../../src/extension/runTarget";
import { scanPaths } from "../../src/scanner/scan";
import { fixtures } from "../helpers/paths";

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
    assert.deepEqual(all.tasks.sort(), [
      "Audit.check",
      "Failing.after",
      "Neighbours.after",
      "Report.print",
      "Slow.wait",
    ]);
    assert.deepEqual(all.leftOut, ["Loop.first", "Loop.second"]);
  });
});
