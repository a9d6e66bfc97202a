import { strict as assert } from "node:assert";
import { join } from "node:path";
import { scanPaths } from "../../src/scanner/scan";
import type { Problem, ScanResult } from "../../src/scanner/types";
import { fixtures } from "../helpers/paths";

/** Each folder of test/fixtures/scanner is a small workspace of its own. */
const scan = (name: string): ScanResult => scanPaths(["."], join(fixtures, "scanner", name));
const graphOf = (result: ScanResult) =>
  Object.fromEntries(result.tasks.map((task) => [`${task.file}#${task.id}`, task.dependencies]));
const where = (problem: Problem) =>
  `${problem.file}:${problem.line}:${problem.column} ${problem.severity} ${problem.code}`;

describe("scanner: the static graph of each fixture workspace", () => {
  it("follows references and names across files: barrels, aliases, default exports, namespace imports, tsconfig paths", () => {
    const result = scan("crossFile");
    assert.deepEqual(graphOf(result), {
      "audit.ts#Audit.run": ["Ledger.close", "Report.build"],
      "audit.ts#Audit.sign": ["Ledger.close", "Audit.run", "Accounts.load"],
      "report.ts#Report.build": ["Ledger.close", "Ledger.open"],
      "report.ts#Report.totals": ["Accounts.load"],
      "shared/accounts.ts#Accounts.load": [],
      "shared/ledger.ts#Ledger.open": [],
      "shared/ledger.ts#Ledger.close": ["Ledger.open"],
      "summary.ts#Summary.all": ["Audit.sign", "Audit.run"],
    });
    assert.deepEqual(result.problems, []);
  });

  it("locates each task's decorator and each dependency as written, with the task it resolves to", () => {
    const build = scan("crossFile").tasks.find((task) => task.id === "Report.build");
    assert.deepEqual(build, {
      id: "Report.build",
      file: "report.ts",
      line: 7,
      column: 3,
      endLine: 7,
      endColumn: 58,
      dependencies: ["Ledger.close", "Ledger.open"],
      dependencyLocations: [
        { line: 7, column: 30, endLine: 7, endColumn: 41, id: "Ledger.close", targetFile: "shared/ledger.ts" },
        { line: 7, column: 43, endLine: 7, endColumn: 54, id: "Ledger.open", targetFile: "shared/ledger.ts" },
      ],
    });
  });

  it("reads .tsx (with JSX), .mts and .cts files, and a CommonJS file's default import of the decorator", () => {
    const result = scan("formats");
    assert.deepEqual(graphOf(result), {
      "jobs.mts#Jobs.nightly": ["View.render"],
      "legacy.cts#Sweep.run": ["Jobs.nightly"],
      "view.tsx#View.render": [],
    });
    assert.deepEqual(result.problems, []);
  });

  it("takes references outside a thunk with experimentalDecorators, even to a method declared further down", () => {
    const result = scan("legacy");
    assert.deepEqual(graphOf(result), {
      "main.ts#Ledger.open": [],
      "main.ts#Ledger.close": ["Ledger.open", "Prices.base"],
      "main.ts#Ledger.price": ["Prices.base"],
      "main.ts#Ledger.early": ["Ledger.audit"],
      "main.ts#Ledger.audit": ["Ledger.close", "Ledger.price"],
      "prices.ts#Prices.base": [],
    });
    assert.deepEqual(result.problems, []);
  });

  it("with standard decorators, takes references to classes defined before, and warns on the class's own name", () => {
    const result = scan("standard");
    assert.deepEqual(graphOf(result), {
      "main.ts#Early.start": [],
      "main.ts#Finance.revenue": ["Early.start", "Other.fetch"],
      "main.ts#Finance.profit": ["Finance.revenue"],
      "other.ts#Other.fetch": [],
    });
    assert.deepEqual(result.problems.map(where), ["main.ts:15:30 warning SS008"]);
    assert.match(
      result.problems[0].message,
      /^Finance\.profit: dependency Finance\.revenue reads class Finance inside its own declaration.*dependencies: \(\) => \[Finance\.revenue\]/,
    );
  });

  it("reports every cycle, of length 1, 2 and 3 and across files, on each member's decorator with the others as related locations", () => {
    const { problems } = scan("cycles");
    assert.deepEqual(
      problems.map((problem) => [
        where(problem),
        problem.message,
        problem.related.map((at) => `${at.file}:${at.line}:${at.column}`),
      ]),
      [
        [
          "cross/first.ts:6:3 error SS001",
          "dependency cycle: First.step -> Second.step -> First.step",
          ["cross/second.ts:5:3"],
        ],
        [
          "cross/second.ts:5:3 error SS001",
          "dependency cycle: First.step -> Second.step -> First.step",
          ["cross/first.ts:6:3"],
        ],
        ["loops.ts:4:3 error SS001", "dependency cycle: Loops.self -> Loops.self", []],
        ["loops.ts:5:3 error SS001", "dependency cycle: Loops.ping -> Loops.pong -> Loops.ping", ["loops.ts:6:3"]],
        ["loops.ts:6:3 error SS001", "dependency cycle: Loops.ping -> Loops.pong -> Loops.ping", ["loops.ts:5:3"]],
        [
          "loops.ts:7:3 error SS001",
          "dependency cycle: Loops.a -> Loops.b -> Loops.c -> Loops.a",
          ["loops.ts:8:3", "loops.ts:9:3"],
        ],
        [
          "loops.ts:8:3 error SS001",
          "dependency cycle: Loops.a -> Loops.b -> Loops.c -> Loops.a",
          ["loops.ts:7:3", "loops.ts:9:3"],
        ],
        [
          "loops.ts:9:3 error SS001",
          "dependency cycle: Loops.a -> Loops.b -> Loops.c -> Loops.a",
          ["loops.ts:7:3", "loops.ts:8:3"],
        ],
      ],
    );
  });

  it("reports unknown names with a did-you-mean, ambiguous names with both files, and references to undecorated methods", () => {
    const { problems } = scan("unknown");
    assert.deepEqual(
      problems.map((problem) => `${where(problem)} ${problem.message}`),
      [
        'names.ts:11:30 error SS002 Names.misspelt: dependency "revenu" is not a known task; did you mean "Names.revenue"?',
        'names.ts:14:30 error SS002 Names.elsewhere: dependency "Ledger.clos" is not a known task; did you mean "Ledger.close"?',
        'names.ts:17:30 error SS003 Names.ambiguous: dependency "Twin.run" is ambiguous: Twin.run is declared in twinA.ts and twinB.ts; depend on it by reference, () => [Twin.run], to say which.',
        "names.ts:20:36 error SS002 Names.undecorated: dependency Ledger.open is not a @semisync task; depend on a decorated static method of Ledger.",
      ],
    );
  });

  it("locates every misplaced decorator, malformed option, unreadable dependency and early reference, and scans past a syntax error", () => {
    const result = scan("problems");
    assert.deepEqual(result.problems.map(where), [
      "broken.ts:10:1 error SS007",
      "defaultImport.ts:1:8 error SS006",
      "options.ts:7:15 error SS006",
      "options.ts:10:24 error SS006",
      "options.ts:13:24 error SS006",
      "options.ts:16:25 error SS006",
      "options.ts:19:29 error SS006",
      "options.ts:22:13 error SS006",
      "options.ts:25:17 error SS006",
      "options.ts:28:3 error SS006",
      "options.ts:32:3 error SS006",
      "options.ts:35:29 warning SS004",
      "options.ts:38:15 warning SS004",
      "options.ts:41:13 warning SS004",
      "options.ts:44:29 warning SS004",
      "options.ts:47:30 error SS002",
      "options.ts:47:50 error SS002",
      "placement.ts:3:1 error SS005",
      "placement.ts:5:3 error SS005",
      "placement.ts:8:3 error SS005",
      "placement.ts:11:3 error SS005",
      "references.ts:7:36 warning SS004",
      "references.ts:10:36 error SS002",
      "references.ts:13:36 error SS002",
      "references.ts:16:36 error SS002",
      "references.ts:20:30 error SS008",
    ]);
    const message = (at: string) => result.problems.find((problem) => where(problem).startsWith(at))!.message;
    assert.equal(
      message("options.ts:7:15"),
      '@semisync on Options.misspelt: unknown option "callbak" (did you mean "callback"?); the options are callback, dependencies and timeout.',
    );
    assert.equal(
      message("placement.ts:5:3"),
      "@semisync goes on static methods, but Placement.instance is an instance method. Make it `static instance()`.",
    );
    assert.match(
      message("broken.ts:10:1"),
      /^syntax error: '\)' expected\. The tasks in this file may be incomplete, and semisync runs nothing that loads it until it is fixed\.$/,
    );
    assert.match(
      message("references.ts:7:36"),
      /^References\.external: dependency Widget\.render comes from "some-package", which the scanner does not read/,
    );
    assert.match(message("references.ts:10:36"), /"\.\/gone" resolves to no TypeScript file/);
    assert.match(message("references.ts:16:36"), /did you mean Options\.fine\?$/);
    assert.match(
      message("references.ts:20:30"),
      /before class Later is declared further down, so loading the module throws; write it in a thunk, dependencies: \(\) => \[Later\.go\]/,
    );
    // The task before the syntax error is found; an impostor decorator declares nothing.
    const ids = result.tasks.map((task) => `${task.file}#${task.id}`);
    assert.ok(ids.includes("broken.ts#Broken.whole"));
    assert.ok(!ids.some((id) => id.startsWith("impostor.ts")));
    assert.ok(ids.includes("references.ts#Later.go"));
  });
});
