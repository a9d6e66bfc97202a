import { strict as assert } from "node:assert";
import { outputCutNote, PanelRun } from "../../src/extension/panelRun";
import type { RunEvent } from "../../src/shared/protocol";

const output = (key: string, text: string): RunEvent => ({ type: "output", key, stream: "stdout", text });
const texts = (run: PanelRun, key: string) =>
  run.events.flatMap((event) => (event.type === "output" && event.key === key ? [event.text] : []));

describe("the run the graph panel keeps", () => {
  it("keeps each task's output up to its budget, says where the rest is, and leaves the other tasks theirs", () => {
    const run = new PanelRun(1, { budget: 10 });
    assert.equal(run.record(output("A.loud", "12345678")), true);
    assert.equal(run.record(output("A.loud", "abcdef")), true);
    assert.equal(run.record(output("A.loud", "dropped")), false);
    assert.equal(run.record(output("B.quiet", "quiet")), true);
    assert.deepEqual(texts(run, "A.loud"), ["12345678", `ab\n${outputCutNote(10)}\n`]);
    assert.deepEqual(texts(run, "B.quiet"), ["quiet"]);
  });

  it("hands out each kept event once to send, and keeps them all for a page that loads afresh", () => {
    const run = new PanelRun(1);
    run.record({ type: "task-queued", key: "A.a" });
    run.record(output("A.a", "hi"));
    assert.equal(run.takeUnsent().length, 2);
    assert.deepEqual(run.takeUnsent(), []);
    run.record({ type: "task-start", key: "A.a", atMs: 1, worker: 1 });
    assert.equal(run.takeUnsent().length, 1);
    assert.equal(run.events.length, 3);
  });

  it("names the run's files as the panel's graph does, so the page finds each task's node by its file", () => {
    const run = new PanelRun(1, { relative: (file) => file.replace("/work/app/", "") });
    run.record({
      type: "run-start",
      version: 4,
      runId: 1,
      maxWorkers: 2,
      tasks: [{ key: "A.a", id: "A.a", call: 0, implicit: false, file: "/work/app/shop/a.ts" }],
      dependencies: {},
    });
    const [start] = run.events;
    assert.equal(start.type === "run-start" && start.tasks[0].file, "shop/a.ts");
  });
});
