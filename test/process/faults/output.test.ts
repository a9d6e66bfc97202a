import { strict as assert } from "node:assert";
import { runCli } from "../helpers/cli";
import { fault, nothingLeft } from "./matrix";

/** Output in bulk. Many short lines and characters split across writes are the output suite's. */
describe("faults: output", () => {
  it("50 MB written by one task reaches the terminal whole, in order, before its callback's line", async function () {
    this.timeout(120_000);
    const result = await runCli(["run", fault("output.ts")], { env: { OUTPUT_MB: "50" } });
    assert.equal(result.code, 0);
    assert.equal(result.stderr, "");
    const lines = result.stdout.split("\n");
    const written = lines.filter((line) => /^ {4}x{1023}$/.test(line));
    assert.equal(written.length, 50 * 1024, "every 1 KB line, indented under its task");
    const task = lines.findIndex((line) => /^✓ succeeded Loud\.talks/.test(line));
    const callback = lines.indexOf("    wrote 51200 lines");
    assert.ok(task >= 0 && lines.indexOf(written[0]) === task + 1, "the output is under its task's line");
    assert.ok(callback > lines.lastIndexOf(written[0]), "the callback's line comes after the task's output");
    assert.match(lines.at(-2)!, /^1 succeeded in /);
    await nothingLeft(result.mark);
  });
});
