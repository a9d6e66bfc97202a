import { strict as assert } from "node:assert";
import { RunModel } from "../../src/shared/runModel";

describe("run model: a task queued again", () => {
  it("goes back to queued with the reason, then runs and ends as any task, keeping the note of why it ran again", () => {
    const model = new RunModel();
    const key = "Neighbours.innocent";
    model.apply({ type: "run-start", version: 2, runId: 1, maxWorkers: 1, tasks: [], dependencies: {} });
    model.rows.set(key, { key, status: "queued", output: "" });
    model.apply({ type: "task-queued", key });
    model.apply({ type: "task-start", key, atMs: 5, worker: 11 });
    const reason = "run again alone: its worker process exited with code 3 while it also held Neighbours.crasher";
    model.apply({ type: "task-queued", key, atMs: 120, reason });
    assert.deepEqual(model.rows.get(key), { key, status: "queued", output: "", startMs: undefined, reason });
    model.apply({ type: "task-start", key, atMs: 130, worker: 12 });
    model.apply({ type: "task-succeeded", key, atMs: 730, durationMs: 600 });
    assert.deepEqual(model.rows.get(key), {
      key,
      status: "succeeded",
      output: "",
      startMs: 130,
      durationMs: 600,
      reason,
    });
  });
});
