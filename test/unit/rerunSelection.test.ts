import { strict as assert } from "node:assert";
import { rerunFailedTarget, runFromHereTarget, tasksToRerun } from "../../src/extension/rerunSelection";
import {
  causeSentence,
  inclusionNote,
  inclusionSentence,
  inclusions,
  rootFailureSentence,
  skipsByCause,
  skipsNote,
} from "../../src/extension/runReasons";
import { applyRunEvent, newRunState, type RunState } from "../../src/extension/runState";
import type { RunTarget } from "../../src/extension/runTarget";
import type { FinalStatus, RunEvent, TaskSummary } from "../../src/shared/protocol";
import { FakeLog } from "./helpers/editorFakes";

const SHOP = "/project/shop.ts";
const LEDGER = "/project/ledger.ts";

/**
 * A finished run of this graph (file, dependencies, how it ended):
 * open → stock → price → sell, audit → close (in another file), slow on its own.
 */
const GRAPH: Record<string, [file: string, dependencies: string[], status: FinalStatus, cause?: string]> = {
  "Shop.open": [SHOP, [], "succeeded"],
  "Shop.stock": [SHOP, ["Shop.open"], "failed"],
  "Shop.price": [SHOP, ["Shop.stock"], "skipped", "Shop.stock"],
  "Shop.sell": [SHOP, ["Shop.price"], "skipped", "Shop.stock"],
  "Shop.audit": [SHOP, [], "succeeded"],
  "Ledger.close": [LEDGER, ["Shop.audit"], "cancelled"],
  "Shop.slow": [SHOP, [], "timed-out"],
};

function finishedRun(target: RunTarget, ended = true): RunState {
  const state = newRunState(1, "the graph of Shop.sell", { target, cwd: "/project" });
  const ids = Object.keys(GRAPH);
  const events: RunEvent[] = [
    {
      type: "run-start",
      version: 4,
      runId: 1,
      maxWorkers: 2,
      tasks: ids.map((id) => ({ key: id, id, call: 0, file: GRAPH[id][0], implicit: false })),
      dependencies: Object.fromEntries(ids.map((id) => [id, GRAPH[id][1]])),
    },
  ];
  const summaries: TaskSummary[] = [];
  for (const [key, [, , status, cause]] of Object.entries(GRAPH)) {
    if (status === "succeeded") events.push({ type: "task-succeeded", key, atMs: 5, durationMs: 5 });
    if (status === "failed")
      events.push({ type: "task-failed", key, atMs: 5, durationMs: 5, error: { name: "Error", message: "no stock" } });
    if (status === "timed-out") events.push({ type: "task-timed-out", key, atMs: 5, durationMs: 5, timeoutMs: 5 });
    if (status === "cancelled") events.push({ type: "task-cancelled", key, atMs: 5, reason: "run cancelled" });
    if (status === "skipped") events.push({ type: "task-skipped", key, reason: `upstream failed: ${cause}`, cause });
    summaries.push({ key, id: key, call: 0, status });
  }
  if (ended) events.push({ type: "run-end", runId: 1, durationMs: 9, ok: false, tasks: summaries });
  for (const event of events) applyRunEvent(state, event, new FakeLog());
  if (ended) state.exitCode = 1;
  return state;
}

const graphRun = () =>
  finishedRun({
    file: SHOP,
    alsoLoad: [LEDGER],
    tasks: ["Shop.sell", "Ledger.close", "Shop.slow"],
    reasons: Object.fromEntries(Object.keys(GRAPH).map((id) => [id, { kind: "chosen" }])),
  });

describe("extension: what Rerun Failed and Run from here run", () => {
  it("Rerun Failed names exactly the tasks that failed, timed out, were cancelled or skipped, from the files that declare them", () => {
    const target = rerunFailedTarget(graphRun())!;
    assert.deepEqual(target.tasks, ["Shop.stock", "Shop.price", "Shop.sell", "Ledger.close", "Shop.slow"]);
    assert.deepEqual([target.file, target.alsoLoad], [SHOP, [LEDGER]]);
    assert.deepEqual(target.reasons, {
      "Shop.stock": { kind: "rerun", lastStatus: "failed" },
      "Shop.price": { kind: "rerun", lastStatus: "skipped" },
      "Shop.sell": { kind: "rerun", lastStatus: "skipped" },
      "Ledger.close": { kind: "rerun", lastStatus: "cancelled" },
      "Shop.slow": { kind: "rerun", lastStatus: "timed-out" },
    });
  });

  it("Rerun Failed has nothing to run while the run goes, nor after a run where everything succeeded", () => {
    assert.equal(tasksToRerun(finishedRun({ file: SHOP, alsoLoad: [], tasks: ["Shop.sell"] }, false)).size, 0);
    const succeeded = graphRun();
    for (const row of succeeded.model.rows.values()) row.status = "succeeded";
    assert.equal(rerunFailedTarget(succeeded), undefined);
  });

  it("counts a call still queued or running when the run's process ended as not finished", () => {
    const state = graphRun();
    state.model.rows.get("Shop.audit")!.status = "running";
    assert.equal(tasksToRerun(state).get("Shop.audit"), "running");
  });

  it("Run from here names the task and everything downstream of it that the run reached, and only those", () => {
    const target = runFromHereTarget(graphRun(), "Shop.stock")!;
    assert.deepEqual(target.tasks, ["Shop.stock", "Shop.price", "Shop.sell"]);
    assert.deepEqual(target.reasons, {
      "Shop.stock": { kind: "chosen" },
      "Shop.price": { kind: "downstream", of: "Shop.stock" },
      "Shop.sell": { kind: "downstream", of: "Shop.stock" },
    });
    assert.deepEqual([target.file, target.alsoLoad], [SHOP, []]);
    const fromAudit = runFromHereTarget(graphRun(), "Shop.audit")!;
    assert.deepEqual(
      [fromAudit.tasks, fromAudit.file, fromAudit.alsoLoad],
      [["Shop.audit", "Ledger.close"], SHOP, [LEDGER]],
    );
  });
});

describe("extension: why each row is in the run", () => {
  it("a task run with what it needs: the task is chosen, the rest needed upstream by their dependents", () => {
    const inclusion = inclusions(finishedRun({ file: SHOP, alsoLoad: [], tasks: ["Shop.sell"] }));
    assert.deepEqual(inclusion.get("Shop.sell"), { kind: "chosen" });
    assert.deepEqual(inclusion.get("Shop.price"), { kind: "upstream", neededBy: ["Shop.sell"] });
    assert.equal(inclusionNote(inclusion.get("Shop.sell")!), undefined);
    assert.equal(inclusionNote(inclusion.get("Shop.price")!), "needed by Shop.sell");
    assert.equal(inclusionSentence(inclusion.get("Shop.sell")!), "In the run because you chose it.");
    assert.equal(
      inclusionSentence(inclusion.get("Shop.price")!),
      "In the run because Shop.sell needs it (needed upstream).",
    );
  });

  it("a rerun says how each task ended the last time, and Run from here what it follows", () => {
    const last = graphRun();
    const rerun = finishedRun(rerunFailedTarget(last)!);
    const inclusion = inclusions(rerun);
    assert.equal(inclusionNote(inclusion.get("Shop.stock")!), "rerun: failed last run");
    assert.equal(inclusionNote(inclusion.get("Shop.slow")!), "rerun: timed out last run");
    assert.equal(inclusionNote(inclusion.get("Shop.sell")!), "rerun: was skipped last run");
    assert.equal(inclusionNote(inclusion.get("Shop.open")!), "needed by Shop.stock");
    assert.equal(inclusionSentence(inclusion.get("Shop.stock")!), "Rerun because it failed last run.");
    const fromHere = inclusions(finishedRun(runFromHereTarget(last, "Shop.stock")!));
    assert.equal(inclusionNote(fromHere.get("Shop.sell")!), "downstream of Shop.stock");
  });

  it("a root failure lists the skips it caused, and each skip names that root, however far downstream", () => {
    const state = graphRun();
    const skippedBy = skipsByCause(state);
    assert.deepEqual([...skippedBy], [["Shop.stock", ["Shop.price", "Shop.sell"]]]);
    assert.equal(skipsNote(skippedBy.get("Shop.stock")!), "2 skipped because of it");
    assert.equal(
      rootFailureSentence(skippedBy.get("Shop.stock")!),
      "The root failure that skipped Shop.price, Shop.sell.",
    );
    const many = Array.from({ length: 12 }, (_, i) => `Big.t${i}`);
    assert.match(rootFailureSentence(many), /Big\.t9 and 2 more\.$/);
    assert.equal(state.model.rows.get("Shop.sell")!.cause, "Shop.stock");
    assert.equal(
      causeSentence("Shop.stock", "failed"),
      "Skipped because Shop.stock failed upstream (the root failure); it never ran.",
    );
    assert.match(causeSentence("Shop.slow", "timed-out"), /^Skipped because Shop.slow timed out upstream/);
  });
});
