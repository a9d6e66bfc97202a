import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { byType, fixtures, runCli } from "./helpers/cli";

const fixture = (name: string) => join(fixtures, "engine", name);
const programOutput = (events: Awaited<ReturnType<typeof runCli>>["events"]) =>
  byType(events, "output")
    .filter((event) => event.key === undefined)
    .map((event) => event.text)
    .join("");

describe("engine: how a user's module is loaded", () => {
  it("runs an ES module with import.meta and top-level awaits, in the coordinating process and in workers", async () => {
    const { code, events } = await runCli(["run", fixture("moduleFacts.ts"), "--json"]);
    assert.equal(code, 0);
    assert.equal(programOutput(events), "result: moduleFacts.ts engine\n");
  });

  it("runs an .mts file as the ES module it is, without require, in both processes", async () => {
    const { code, events } = await runCli(["run", fixture("hooked.mts"), "--json"]);
    assert.equal(code, 0);
    assert.equal(programOutput(events), "result: undefined string, top level undefined\n");
  });

  it("gives an ES module's default and namespace imports of a .cts file its module.exports, as Node does", async () => {
    const { code, events } = await runCli(["run", fixture(join("interop", "main.ts")), "--json"]);
    assert.equal(code, 0);
    assert.equal(programOutput(events), "counts: 3 3 3\n");
  });

  it("waits for an imported module's top-level await before the importer runs, in both processes, as Node does", async () => {
    const { code, events } = await runCli(["run", fixture(join("awaitedImport", "main.ts")), "--json"]);
    assert.equal(code, 0);
    assert.equal(programOutput(events), "rate when imported: 7\nprice: 42\n");
  });

  it("has every worker load the run's file as the run starts, not only the one its first task goes to", async function () {
    // The CLI starts one worker per core; with one core there is no second worker to see.
    if (availableParallelism() < 2) this.skip();
    const dir = mkdtempSync(join(tmpdir(), "semisync-preload-"));
    try {
      const env = { PRELOAD_LOG: join(dir, "pids") };
      const { code, events } = await runCli(["run", fixture(join("preload", "main.ts")), "--json"], { env });
      assert.equal(code, 0);
      assert.equal(programOutput(events), "others loaded: true\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
