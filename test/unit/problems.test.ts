import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "../helpers/paths";
import { CODE, PROBLEMS, graphProblem, problem, problemCodeOf, problemError } from "../../src/shared/problems";

describe("problems: the catalogue", () => {
  it("is the README's table: every code once, with its severity and the sides that see it", () => {
    const rows = readFileSync(join(root, "README.md"), "utf8")
      .split("\n")
      .filter((line) => /^\| SS\d{3} \|/.test(line))
      .map((line) => line.split("|").map((cell) => cell.trim()));
    assert.deepEqual(
      rows.map(([, code, severity, , seenBy]) => [code, severity.split(" ")[0], seenBy.replace(/ \(.*\)$/, "")]),
      Object.entries(PROBLEMS).map(([code, entry]) => [code, entry.severity, entry.seenBy.join(", ")]),
    );
  });

  it("pairs each message with its code and severity, and names codes by what they mean", () => {
    assert.deepEqual(problem.cycle(["A.a", "A.b", "A.a"]), {
      code: "SS001",
      severity: "error",
      message: "dependency cycle: A.a -> A.b -> A.a",
    });
    assert.equal(problem.referenceToOwnClass("A.b", "A.a", "A").severity, "warning");
    assert.equal(problem.referenceBeforeClass("A.b", "B.a", "B").severity, "error");
    assert.equal(CODE.cycle, "SS001");
    assert.equal(CODE.badRunOptions, "SS013");
  });

  it("words the engine's problems as sentences, and carries a code through an error across bundles", () => {
    assert.equal(
      graphProblem(problem.cycle(["A.a", "A.a"]), "/x.ts", ["A.a"]).message,
      "dependency cycle: A.a -> A.a.",
    );
    const unknown = problem.unknownName("A.b", "revenu", "A.revenue", "check the name.");
    assert.equal(graphProblem(unknown, undefined, []).message, unknown.message);
    const error = problemError(problem.callbackNotFunction());
    assert.ok(error instanceof TypeError);
    assert.equal(problemCodeOf(error), "SS006");
    assert.equal(problemCodeOf({ code: "SS006" }), "SS006", "read by shape: another bundle's error is another class");
    assert.equal(problemCodeOf(Object.assign(new Error("x"), { code: "ENOENT" })), undefined);
  });
});
