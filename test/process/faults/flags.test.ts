import { strict as assert } from "node:assert";
import { root, runCli } from "../helpers/cli";
import { nothingLeft } from "./matrix";

/** Every bad flag and argument: named, with what to do, exit code 2, and no process started. */
const USAGE_HINT = "Run `semisync --help` for usage.\n";
const program = "examples/finance.ts";
const ON_DEMAND = "workers start only for tasks that can compute at once";

const CASES: Array<[args: string[], message: string]> = [
  [["bogus"], 'unknown command "bogus"; the commands are run, graph, check and worker'],
  [["run"], "run needs the file to run: semisync run <file.ts>"],
  [["run", program, "examples/finance.ts"], `run takes one file, got ${program}, examples/finance.ts`],
  [["run", program, "--colour"], "unknown option --colour"],
  [["run", program, "--format", "dot"], "unknown option --format"],
  [["run", program, "--task"], "--task needs a value"],
  [["run", program, "--task", "--json"], "--task needs a value"],
  [["run", program, "--max-workers"], "--max-workers needs a value"],
  [["run", program, "--max-workers", "0"], `--max-workers takes a whole number from 1 to 256, not "0": ${ON_DEMAND}`],
  [["run", program, "--max-workers", "-1"], `--max-workers takes a whole number from 1 to 256, not "-1": ${ON_DEMAND}`],
  [["run", program, "--max-workers=two"], `--max-workers takes a whole number from 1 to 256, not "two": ${ON_DEMAND}`],
  [
    ["run", program, "--max-workers", "1.5"],
    `--max-workers takes a whole number from 1 to 256, not "1.5": ${ON_DEMAND}`,
  ],
  [["run", program, "--timeout"], "--timeout needs a value"],
  [["run", program, "--timeout", "0"], '--timeout takes a whole number greater than 0, not "0"'],
  [["run", program, "--timeout=1e3"], '--timeout takes a whole number greater than 0, not "1e3"'],
  [["run", program, "--timeout", "soon"], '--timeout takes a whole number greater than 0, not "soon"'],
  [["graph", "--format", "svg"], '--format takes json, dot, mermaid or html, not "svg"'],
  [["graph", "--format"], '--format takes json, dot, mermaid or html, not ""'],
  [["graph", "--json"], "unknown option --json for graph"],
  [["check", "--format", "json"], "unknown option --format for check"],
];

describe("faults: bad flags", () => {
  for (const [args, message] of CASES) {
    it(`semisync ${args.join(" ")}: ${message}`, async () => {
      const result = await runCli(args);
      assert.equal(result.code, 2);
      assert.equal(result.stdout, "");
      assert.equal(result.stderr, `semisync: ${message}\n${USAGE_HINT}`);
      await nothingLeft(result.mark);
    });
  }

  for (const [command, path, message] of [
    ["graph", "nowhere", `nowhere does not exist (looked in ${root})`],
    ["check", "README.md", "README.md is not a TypeScript file; name .ts, .tsx, .mts or .cts files, or folders"],
  ] as const) {
    it(`semisync ${command} ${path}: ${message}`, async () => {
      const result = await runCli([command, path]);
      assert.equal(result.code, 2);
      assert.equal(result.stdout, "");
      assert.equal(result.stderr, `semisync ${command}: ${message}\n`);
      await nothingLeft(result.mark);
    });
  }
});
