import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { byType, fixtures, runCli } from "./helpers/cli";

const scanner = (name: string) => join(fixtures, "scanner", name);
const task = (className: string, dependencies = "[]") =>
  `import { semisync } from "semisync";\nexport class ${className} {\n  @semisync({ dependencies: ${dependencies} }) static run() {}\n}\n`;

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "semisync-cli-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe("cli: semisync graph", () => {
  it("prints the tasks and problems as JSON with 1-based positions and paths relative to the current folder, and nothing more", async () => {
    const { code, stdout } = await runCli(["graph"], { cwd: scanner("standard") });
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout), {
      tasks: [
        { id: "Early.start", file: "main.ts", line: 5, column: 3, dependencies: [] },
        { id: "Finance.revenue", file: "main.ts", line: 12, column: 3, dependencies: ["Early.start", "Other.fetch"] },
        { id: "Finance.profit", file: "main.ts", line: 15, column: 3, dependencies: ["Finance.revenue"] },
        { id: "Other.fetch", file: "other.ts", line: 4, column: 3, dependencies: [] },
      ],
      problems: [
        {
          code: "SS008",
          severity: "warning",
          file: "main.ts",
          line: 15,
          column: 30,
          message:
            "Finance.profit: dependency Finance.revenue reads class Finance inside its own declaration, which standard decorators do not allow (TypeScript: TS2449, used before its declaration); write it in a thunk, dependencies: () => [Finance.revenue], so it is read when the run starts, or enable experimentalDecorators.",
        },
      ],
    });
  });

  it("prints the graph as dot and as mermaid, an edge from each dependency to its dependent", async () => {
    const dot = await runCli(["graph", "main.ts", "other.ts", "--format", "dot"], { cwd: scanner("standard") });
    assert.equal(
      dot.stdout,
      [
        "digraph semisync {",
        "  rankdir=LR;",
        '  "Early.start";',
        '  "Finance.revenue";',
        '  "Finance.profit";',
        '  "Other.fetch";',
        '  "Early.start" -> "Finance.revenue";',
        '  "Other.fetch" -> "Finance.revenue";',
        '  "Finance.revenue" -> "Finance.profit";',
        "}",
        "",
      ].join("\n"),
    );
    const mermaid = await runCli(["graph", "--format=mermaid"], { cwd: scanner("standard") });
    assert.equal(
      mermaid.stdout,
      [
        "flowchart LR",
        '  Early_start["Early.start"]',
        '  Finance_revenue["Finance.revenue"]',
        '  Finance_profit["Finance.profit"]',
        '  Other_fetch["Other.fetch"]',
        "  Early_start --> Finance_revenue",
        "  Other_fetch --> Finance_revenue",
        "  Finance_revenue --> Finance_profit",
        "",
      ].join("\n"),
    );
  });

  it("without paths scans the current folder as git sees it: .gitignore honoured, node_modules skipped; a named ignored folder is still scanned", async () => {
    const dir = folder({
      "kept.ts": task("Kept"),
      "ignored.ts": task("Ignored"),
      "generated/made.ts": task("Made"),
      "node_modules/dependency/index.ts": task("Dependency"),
      ".gitignore": "ignored.ts\ngenerated/\n",
    });
    try {
      execFileSync("git", ["init", "-q"], { cwd: dir });
      const ids = async (args: string[]) =>
        JSON.parse((await runCli(["graph", ...args], { cwd: dir })).stdout).tasks.map(
          (each: { id: string }) => each.id,
        );
      assert.deepEqual(await ids([]), ["Kept.run"]);
      assert.deepEqual(await ids(["generated"]), ["Made.run"]);
      rmSync(join(dir, ".git"), { recursive: true });
      // Outside a repository the folder is walked: node_modules and dot-folders are still skipped.
      assert.deepEqual(await ids([]), ["Made.run", "Ignored.run", "Kept.run"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("says which path is wrong, with exit code 2", async () => {
    const missing = await runCli(["graph", "nowhere"], { cwd: scanner("standard") });
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, `semisync graph: nowhere does not exist (looked in ${scanner("standard")})\n`);
    const notTypeScript = await runCli(["check", "tsconfig.json"], { cwd: scanner("standard") });
    assert.equal(notTypeScript.code, 2);
    assert.equal(
      notTypeScript.stderr,
      "semisync check: tsconfig.json is not a TypeScript file; name .ts, .tsx, .mts or .cts files, or folders\n",
    );
  });
});

describe("cli: semisync check", () => {
  it("prints compiler-style lines and a summary, and exits 1 on any error", async () => {
    const { code, stdout } = await runCli(["check"], { cwd: scanner("unknown") });
    assert.equal(code, 1);
    assert.equal(
      stdout,
      [
        'names.ts:11:30 - error SS002: Names.misspelt: dependency "revenu" is not a known task; did you mean "Names.revenue"?',
        'names.ts:14:30 - error SS002: Names.elsewhere: dependency "Ledger.clos" is not a known task; did you mean "Ledger.close"?',
        'names.ts:17:30 - error SS003: Names.ambiguous: dependency "Twin.run" is ambiguous: Twin.run is declared in twinA.ts and twinB.ts; depend on it by reference, () => [Twin.run], to say which.',
        "names.ts:20:36 - error SS002: Names.undecorated: dependency Ledger.open is not a @semisync task; depend on a decorated static method of Ledger.",
        "8 tasks, 4 errors, 0 warnings",
        "",
      ].join("\n"),
    );
  });

  it("exits 0 when there are only warnings, or nothing to say", async () => {
    const warnings = await runCli(["check", "standard"], { cwd: join(fixtures, "scanner") });
    assert.equal(warnings.code, 0);
    assert.match(
      warnings.stdout,
      /^standard\/main\.ts:15:30 - warning SS008: Finance\.profit: .*\n4 tasks, 0 errors, 1 warning\n$/,
    );
    const clean = await runCli(["check", "examples"]);
    assert.equal(clean.code, 0);
    assert.equal(clean.stdout, "3 tasks, 0 errors, 0 warnings\n");
  });
});

describe("cli: semisync run refuses a cycle before starting anything", () => {
  it("names every cycle of the program in one paragraph, exit code 2, and the program never loads", async () => {
    const { code, stdout, stderr } = await runCli(["run", join("test", "fixtures", "scanner", "run", "loud.ts")]);
    assert.equal(code, 2);
    assert.equal(stdout, "");
    assert.equal(
      stderr,
      "semisync cannot run the graph of test/fixtures/scanner/run/loud.ts: SS001 dependency cycle: Loud.a -> Loud.b -> Loud.a. A task cannot wait for itself: remove one dependency of each cycle.\n",
    );
  });

  it("finds a cycle in a file the program imports through a barrel, and reports it as the engine's JSON event", async () => {
    const { code, events } = await runCli(["run", join(scanner("run"), "viaBarrel.ts"), "--json"]);
    assert.equal(code, 2);
    assert.deepEqual(
      events.map((event) => event.type),
      ["graph-error"],
    );
    assert.deepEqual(byType(events, "graph-error")[0].problems, [
      {
        code: "SS001",
        message: "dependency cycle: Spin.around -> Spin.around.",
        file: join(scanner("run"), "lib", "spin.ts"),
        tasks: ["Spin.around"],
      },
    ]);
  });

  it("runs a program whose own imports have no cycle, whatever other files in its folder hold", async () => {
    const { code, stdout } = await runCli(["run", join(scanner("run"), "clean.ts")]);
    assert.equal(code, 0);
    assert.match(stdout, /2 succeeded/);
  });

  it("keeps the facts it read, so a second run checks the graph without loading TypeScript", async () => {
    const cache = mkdtempSync(join(tmpdir(), "semisync-facts-"));
    try {
      const run = () =>
        runCli(["run", join(scanner("run"), "viaBarrel.ts")], {
          env: { SEMISYNC_CACHE_DIR: cache, NODE_DEBUG: "module" },
        });
      const loadsParser = (stderr: string) => /dist[\\/]parser\.js/.test(stderr);
      const first = await run();
      assert.equal(first.code, 2);
      assert.ok(loadsParser(first.stderr), "the first run parses, so it loads the parser");
      // viaBarrel.ts, lib/index.ts, lib/spin.ts.
      assert.equal(readdirSync(cache).filter((name) => name.endsWith(".facts.json")).length, 3);
      const second = await run();
      assert.equal(second.code, 2);
      assert.ok(!loadsParser(second.stderr), "the second run reads cached facts only");
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
