import { strict as assert } from "node:assert";
import { indentedDetails, TERMINAL_DETAIL_LIMIT } from "../../src/cli/format";
import { detailLines, type TaskRow } from "../../src/shared/runModel";

const row = (output: string, error?: TaskRow["error"]): TaskRow => ({
  key: "Chatty.talk",
  status: "succeeded",
  output,
  error,
});

describe("run model: a task's output under it, of any size", () => {
  it("shows every line of a short output, then the error's stack", () => {
    assert.deepEqual(detailLines(row("a\n\nb\n", { name: "Error", message: "boom", stack: "Error: boom\n    at x" })), [
      { text: "a", error: false },
      { text: "", error: false },
      { text: "b", error: false },
      { text: "Error: boom", error: true },
      { text: "    at x", error: true },
    ]);
  });

  it("cuts a line longer than the whole budget between characters, never inside one", () => {
    const limit = { lines: 10, characters: 10, elsewhere: "see the log" };
    // Each emoji is two UTF-16 units: a cut after 5 units of the second half would keep half of one.
    const [first] = detailLines(row(`ab${"😀".repeat(40)}\n`), limit);
    assert.equal(first.text, "ab😀…");
  });

  it("folds 500,000 lines without overflowing the stack", () => {
    const output = "line\n".repeat(500_000);
    assert.equal(detailLines(row(output)).length, 500_000);
  });

  it("in a terminal, shows the first and the last 500 lines, and says between them how much is left out and where it all is", () => {
    const output = Array.from({ length: 125_000 }, (_, i) => `line ${i}`).join("\n") + "\ncallback: done\n";
    const lines = indentedDetails(row(output, { name: "Error", message: "late", stack: "Error: late" }));
    assert.equal(lines.length, TERMINAL_DETAIL_LIMIT.lines + 2);
    assert.equal(lines[499], "    line 499");
    assert.equal(
      lines[500],
      "    … 124,001 more lines of output (1.4 MB) not shown here; `semisync run --json` prints all of it, as output events",
    );
    assert.equal(lines[501], "    line 124501");
    assert.equal(lines[1000], "    callback: done", "the last lines, where a callback's output is, stay in view");
    assert.equal(lines[1001], "    Error: late", "the error is shown whole");
  });

  it("in a terminal, cuts one endless line at half the characters it shows", () => {
    const lines = indentedDetails(row("x".repeat(5_000_000)));
    assert.equal(lines.length, 2);
    assert.equal(lines[0], `    ${"x".repeat(TERMINAL_DETAIL_LIMIT.characters / 2)}…`);
    assert.match(lines[1], /^ {4}… 1 more line of output \(5\.0 MB\) not shown here/);
  });
});
