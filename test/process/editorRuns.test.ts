import { strict as assert } from "node:assert";
import { join } from "node:path";
import { startRun } from "../../src/engine/client";
import type { RunEvent } from "../../src/shared/protocol";
import { runTargetFor } from "../../src/extension/runTarget";
import { scanPaths } from "../../src/scanner/scan";
import { fixtures, lastRunEnd } from "./helpers/cli";

describe("editor: what a CodeLens runs, run by the engine", () => {
  const cwd = join(fixtures, "editor");
  const { tasks } = scanPaths(["."], cwd);
  const absolute = tasks.map((task) => ({ ...task, file: join(cwd, task.file) }));
  const task = (id: string) => absolute.find((candidate) => candidate.id === id)!;

  it("runs a graph that spans two files in one run", async () => {
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
