import { strict as assert } from "node:assert";
import type { RunEvent } from "../../src/shared/protocol";
import { call, fakeEngine } from "./helpers/fakePool";

/** Each skip as `key <- cause`, in the order the engine skipped them. */
const skips = (events: RunEvent[]) =>
  events.flatMap((event) => (event.type === "task-skipped" ? [`${event.key} <- ${event.cause ?? "none"}`] : []));

describe("engine: a skipped call names the failure it goes back to", () => {
  it("names the root failure on every skip downstream of it, not the skipped call between", () => {
    const { pool, engine, events } = fakeEngine(1);
    void engine.run(
      [
        call("Pipeline.broken"),
        call("Pipeline.report", { dependencies: ["Pipeline.broken"] }),
        call("Pipeline.publish", { dependencies: ["Pipeline.report"] }),
      ],
      {},
    );
    pool.ready(1);
    pool.started(1, "Pipeline.broken");
    pool.failed(1, "Pipeline.broken", "the ledger is locked");
    assert.deepEqual(skips(events), ["Pipeline.report <- Pipeline.broken", "Pipeline.publish <- Pipeline.broken"]);
  });

  it("with failFast, names the failure that stopped the run on the skips outside its branch too", () => {
    const { pool, engine, events } = fakeEngine(2);
    void engine.run(
      [
        call("Pipeline.broken"),
        call("Pipeline.report", { dependencies: ["Pipeline.broken"] }),
        call("Pipeline.independent"),
        call("Pipeline.after", { dependencies: ["Pipeline.independent"] }),
      ],
      { failFast: true },
    );
    pool.ready(1);
    pool.ready(2);
    pool.started(1, "Pipeline.broken");
    pool.started(2, "Pipeline.independent");
    pool.failed(1, "Pipeline.broken", "the ledger is locked");
    assert.deepEqual(skips(events), ["Pipeline.report <- Pipeline.broken", "Pipeline.after <- Pipeline.broken"]);
  });

  it("a call that cannot be queued has no cause of its own, and is the cause of the skips after it", () => {
    const { engine, events } = fakeEngine(1);
    void engine.run(
      [
        call("Books.load", { blockedReason: "Books.source was never queued and takes arguments" }),
        call("Books.total", { dependencies: ["Books.load"] }),
      ],
      {},
    );
    assert.deepEqual(skips(events), ["Books.load <- none", "Books.total <- Books.load"]);
  });
});
