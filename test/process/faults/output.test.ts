import { strict as assert } from "node:assert";
import { byType, runCli } from "../helpers/cli";
import { fault, nothingLeft } from "./matrix";

/** Output in bulk. Many short lines and characters split across writes are loadingOutputAndValues'. */
describe("faults: output", () => {
  it("50 MB written by one task: the terminal shows its first and last lines with the callback's, --json all of it in order", async function () {
    this.timeout(180_000);
    const env = { OUTPUT_MB: "50" };
    const terminal = await runCli(["run", fault("output.ts")], { env });
    assert.equal(terminal.code, 0);
    assert.equal(terminal.stderr, "");
    const lines = terminal.stdout.split("\n");
    const task = lines.findIndex((line) => /^✓ succeeded Loud\.talks/.test(line));
    assert.ok(task >= 0, terminal.stdout.slice(0, 500));
    assert.match(lines[task + 1], /^ {4}x{1023}$/, "the output is under its task's line");
    const note = lines.findIndex((line) =>
      /^ {4}… [\d,]+ more lines of output \(\d+\.\d MB\) not shown here/.test(line),
    );
    assert.ok(note > task, "one note says how much is left out");
    assert.equal(lines.at(-3), "    wrote 51200 lines", "the callback's line, last, stays in view");
    assert.match(lines.at(-2)!, /^1 succeeded in /);
    await nothingLeft(terminal.mark);

    const json = await runCli(["run", fault("output.ts"), "--json"], { env });
    assert.equal(json.code, 0);
    const written = byType(json.events, "output")
      .filter((event) => event.key === "Loud.talks" && event.stream === "stdout")
      .map((event) => event.text)
      .join("")
      .split("\n")
      .filter(Boolean);
    assert.equal(written.length, 50 * 1024, "every 1 KB line");
    assert.ok(written.every((line) => line === "x".repeat(1023)));
    await nothingLeft(json.mark);
  });
});
