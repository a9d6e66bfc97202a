import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { byType, runCli } from "../helpers/cli";
import { fault, nothingLeft } from "./matrix";

/**
 * A worker is sent several short tasks at once once their durations are known. What one of them
 * does must stay its own: a crash fails the task that crashed, not the one before it whose reply
 * was still being written.
 */
describe("faults: tasks sent to a worker together", () => {
  let cache: string;
  before(() => (cache = mkdtempSync(join(tmpdir(), "semisync-queued-"))));
  after(() => rmSync(cache, { recursive: true, force: true }));

  it("a task that ends its process right after one that returned a megabyte fails alone; the megabyte arrives", async () => {
    const run = (env: NodeJS.ProcessEnv) =>
      runCli(["run", fault("queued.ts"), "--json", "--max-workers", "1"], {
        env: { SEMISYNC_CACHE_DIR: cache, ...env },
      });
    // A first run learns that the calls are short, so that the next sends them ahead. Call i is Queued.quick#(i + 1).
    assert.equal((await run({})).code, 0);
    const result = await run({ BIG: "40", CRASH: "41" });
    assert.equal(result.code, 1);
    assert.deepEqual(
      byType(result.events, "task-failed").map((event) => event.key),
      ["Queued.quick#42"],
    );
    assert.ok(byType(result.events, "task-succeeded").some((event) => event.key === "Queued.quick#41"));
    await nothingLeft(result.mark);
  });
});
