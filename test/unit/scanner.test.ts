import { strict as assert } from "node:assert";
import { join } from "node:path";
import { scanPaths } from "../../src/scanner/scan";
import { Workspace } from "../../src/scanner/workspace";
import { byType, fixtures, root, runCli } from "./helpers/cli";

const scannerFixture = join(fixtures, "scanner");

describe("scanner: the static graph", () => {
  const result = scanPaths(["."], scannerFixture);

  it("finds every task, with dependencies resolved across files, barrels, aliases and tsconfig paths", () => {
    assert.deepEqual(Object.fromEntries(result.tasks.map((task) => [`${task.file}#${task.id}`, task.dependencies])), {
      "namespace.ts#Audit.run": ["Ledger.close"],
      "namespace.ts#Audit.sign": ["Ledger.close", "Audit.run"],
      "problems.ts#Problems.computed": [],
      "problems.ts#Problems.misspelt": [],
      "problems.ts#Problems.typo": [],
      "problems.ts#Problems.ambiguous": [],
      "report.ts#Report.build": ["Ledger.close", "Ledger.open"],
      "shared/ledger.ts#Ledger.open": [],
      "shared/ledger.ts#Ledger.close": ["Ledger.open"],
      "twinA.ts#Twin.run": [],
      "twinB.ts#Twin.run": [],
    });
    assert.deepEqual(result.tasks.find((task) => task.id === "Report.build")!, { id: "Report.build", file: "report.ts", line: 7, column: 3, dependencies: ["Ledger.close", "Ledger.open"] });
  });

  it("locates every problem with a stable code and severity, and keeps scanning past a syntax error", () => {
    assert.deepEqual(result.problems.map((problem) => `${problem.file}:${problem.line}:${problem.column} ${problem.severity} ${problem.code}`), [
      "broken.ts:1:1 warning SS007",
      "namespace.ts:5:32 warning SS004",
      "problems.ts:6:3 error SS005",
      "problems.ts:9:29 warning SS004",
      "problems.ts:12:15 error SS006",
      "problems.ts:15:30 error SS002",
      "problems.ts:18:30 error SS003",
    ]);
    assert.match(result.problems[5].message, /dependency "Ledger.clos" is not a known task; did you mean "Ledger.close"\?/);
    assert.match(result.problems[6].message, /Twin.run is declared in twinA.ts and twinB.ts/);
  });

  it("reports each cycle on every decorator in it, naming the whole path, with the other members as related locations", () => {
    const cycles = scanPaths([join("engine", "cycles.ts")], fixtures).problems.filter((problem) => problem.code === "SS001");
    assert.deepEqual(cycles.map((problem) => [problem.line, problem.message, problem.related.map((related) => related.line)]), [
      [4, "dependency cycle: Loops.a -> Loops.b -> Loops.c -> Loops.a", [5, 6]],
      [5, "dependency cycle: Loops.a -> Loops.b -> Loops.c -> Loops.a", [4, 6]],
      [6, "dependency cycle: Loops.a -> Loops.b -> Loops.c -> Loops.a", [4, 5]],
      [7, "dependency cycle: Loops.self -> Loops.self", []],
      [8, "dependency cycle: Loops.x -> Loops.y -> Loops.x", [9]],
      [9, "dependency cycle: Loops.x -> Loops.y -> Loops.x", [8]],
    ]);
  });

  it("updates one file from unsaved text and removes files", () => {
    const workspace = new Workspace();
    const file = join(scannerFixture, "shared", "ledger.ts");
    workspace.update(file);
    assert.deepEqual(workspace.result().problems, []);
    workspace.update(file, `import { semisync } from "semisync";\nexport class Ledger {\n  @semisync({ dependencies: ["open"] }) static open() {}\n}\n`);
    assert.deepEqual(workspace.result().problems.map((problem) => problem.message), ["dependency cycle: Ledger.open -> Ledger.open"]);
    workspace.remove(file);
    assert.deepEqual(workspace.result(), { tasks: [], problems: [] });
  });

  it("does not take a file that never mentions semisync for one with tasks", () => {
    const workspace = new Workspace();
    workspace.update(join(scannerFixture, "plain.ts"));
    workspace.update(join(scannerFixture, "impostor.ts"));
    assert.deepEqual(workspace.result(), { tasks: [], problems: [] });
  });
});

describe("scanner: agrees with the engine's runtime graph", () => {
  for (const file of ["examples/finance.ts", "test/fixtures/engine/imports.ts", "test/fixtures/engine/calls.ts", "test/fixtures/legacy/ledger.ts"]) {
    it(`on ${file}`, async () => {
      const { events } = await runCli(["run", join(root, file), "--json"]);
      const [start] = byType(events, "run-start");
      const idOf = new Map(start.tasks.map((task) => [task.key, task.id]));
      const runtime = new Map(start.tasks.map((task) => [task.id, [...new Set(task.dependencies.map((key) => idOf.get(key)!))].sort()]));
      const files = [...new Set(start.tasks.map((task) => task.file!))];
      const scanned = scanPaths(files, root);
      const staticGraph = new Map(scanned.tasks.filter((task) => runtime.has(task.id)).map((task) => [task.id, [...task.dependencies].sort()]));
      assert.deepEqual(staticGraph, runtime);
    });
  }
});

describe("cli: graph and check", () => {
  it("check prints compiler-style lines and a summary, and exits 1 on errors", async () => {
    const { code, stdout } = await runCli(["check", "problems.ts", "shared", "twinA.ts", "twinB.ts"], { cwd: scannerFixture });
    assert.equal(code, 1);
    assert.match(stdout, /^problems\.ts:15:30 - error SS002: Problems\.typo: dependency "Ledger\.clos" is not a known task; did you mean "Ledger\.close"\?$/m);
    assert.match(stdout, /^8 tasks, 4 errors, 1 warning\n$/m);
  });

  it("check exits 0 on a clean graph, and graph prints JSON, dot and mermaid", async () => {
    const clean = await runCli(["check", "examples"]);
    assert.equal(clean.code, 0);
    const json = JSON.parse((await runCli(["graph", "examples/finance.ts"])).stdout);
    assert.deepEqual(json.tasks.map((task: { id: string; dependencies: string[] }) => [task.id, task.dependencies]), [
      ["Finance.revenue", []], ["Finance.expenses", []], ["Finance.profit", ["Finance.revenue", "Finance.expenses"]],
    ]);
    assert.match((await runCli(["graph", "examples", "--format", "dot"])).stdout, /"Finance\.revenue" -> "Finance\.profit";/);
    assert.match((await runCli(["graph", "examples", "--format", "mermaid"])).stdout, /Finance_expenses --> Finance_profit/);
  });
});
