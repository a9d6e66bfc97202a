import { strict as assert } from "node:assert";
import { applyRunEvent, dependencyOrder, newRunState } from "../../src/extension/runState";
import type { CallInfo } from "../../src/shared/protocol";
import { FakeLog } from "./helpers/editorFakes";

const call = (key: string): CallInfo => ({ key, id: key.replace(/#\d+$/, ""), call: 0, implicit: false });

/** The run view's rows for a run that starts with these calls and task dependencies. */
function rows(keys: string[], dependencies: Record<string, string[]>): string[] {
  const state = newRunState(1, "test");
  const event = {
    type: "run-start",
    version: 3,
    runId: 1,
    maxWorkers: 1,
    tasks: keys.map(call),
    dependencies,
  } as const;
  applyRunEvent(state, event, new FakeLog());
  return dependencyOrder(state);
}

describe("extension: the run view's order of rows", () => {
  it("puts each task below the tasks it waited for, and every call of a dependency together", () => {
    assert.deepEqual(
      rows(["Shop.close", "Shop.open", "Shop.audit", "Shop.open#2"], {
        "Shop.close": ["Shop.open"],
        "Shop.open": [],
        "Shop.audit": [],
      }),
      ["Shop.open", "Shop.open#2", "Shop.close", "Shop.audit"],
    );
  });

  it("orders a chain of 20,000 tasks queued last to first without running out of stack", () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `Chain.step${19_999 - i}`);
    const dependencies = Object.fromEntries(keys.map((key) => [key, []] as [string, string[]]));
    for (let i = 1; i < 20_000; i++) dependencies[`Chain.step${i}`] = [`Chain.step${i - 1}`];
    const ordered = rows(keys, dependencies);
    assert.equal(ordered.length, 20_000);
    assert.deepEqual(ordered.slice(0, 2), ["Chain.step0", "Chain.step1"]);
    assert.equal(ordered.at(-1), "Chain.step19999");
  });
});
