/**
 * The fault matrix's cases about what a run loads, prints and passes around: invalid
 * TypeScript, corrupt caches, chatty and split output, timeouts past Node's timer limit, and
 * class instances. Each case asserts the exit code, what the user is told, every task's status,
 * and that no process of the run is left.
 */
import { strict as assert } from "node:assert";
import { readdirSync, rmSync, mkdtempSync, writeFileSync, readFileSync, truncateSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { byType, callbackOutput, fixtures, lastRunEnd, runCli, statusOf, type CliResult } from "../helpers/cli";
import type { RunEvent } from "../../../src/shared/protocol";
import { nothingLeft } from "./matrix";

const fixture = (name: string) => join(fixtures, "faults-values", `${name}.ts`);

/** Every task's final status, as `Key status`. */
const statuses = (events: RunEvent[]) => lastRunEnd(events)?.tasks.map((task) => `${task.key} ${task.status}`);

const taskOutput = (events: RunEvent[], key: string) =>
  byType(events, "output")
    .filter((event) => event.key === key && event.stream !== "callback")
    .map((event) => event.text)
    .join("");

describe("fault matrix: what a run loads, prints and sends", () => {
  /** A fresh cache folder per test, so a cached entry of another run never decides a case. */
  let cache: string;
  beforeEach(() => (cache = mkdtempSync(join(tmpdir(), "semisync-faults-cache-"))));
  afterEach(() => rmSync(cache, { recursive: true, force: true }));
  const run = (args: string[]) => runCli(args, { env: { SEMISYNC_CACHE_DIR: cache } });

  describe("fault matrix: invalid TypeScript is refused before anything runs", () => {
    it("a syntax error in an imported file: exit 2, SS007 with the file, line, column and TypeScript's message", async () => {
      const result = await run(["run", fixture("importsBroken")]);
      assert.equal(result.code, 2);
      assert.match(
        result.stderr,
        /SS007 test\/fixtures\/faults-values\/lib\/broken\.ts:2:33: syntax error: Property assignment expected\. semisync does not run a file with syntax errors; fix it and run again\./,
      );
      assert.doesNotMatch(result.stdout + result.stderr, /ran/, "neither the top level nor the task ran");
      await nothingLeft(result.mark);
    });

    it("a syntax error in the main file: the same refusal, in --json as a graph-error naming the file", async () => {
      const result = await run(["run", fixture("brokenMain"), "--json"]);
      assert.equal(result.code, 2);
      const [refusal] = byType(result.events, "graph-error");
      assert.deepEqual(
        refusal.problems.map((problem) => [problem.code, problem.file]),
        [["SS007", fixture("brokenMain")]],
      );
      assert.match(refusal.problems[0].message, /brokenMain\.ts:9:30: syntax error: Property assignment expected\./);
      assert.equal(byType(result.events, "run-start").length, 0, "no run started");
      assert.equal(byType(result.events, "output").length, 0, "nothing printed: the top level never ran");
      await nothingLeft(result.mark);
    });

    it("the same refusal when the editor's path runs one task (--task), straight through the coordinator", async () => {
      const result = await run(["run", fixture("importsBroken"), "--task", "Settings.read", "--json"]);
      assert.equal(result.code, 2);
      assert.deepEqual(
        byType(result.events, "graph-error").flatMap((event) => event.problems.map((problem) => problem.code)),
        ["SS007"],
      );
      assert.equal(byType(result.events, "task-start").length, 0);
      await nothingLeft(result.mark);
    });

    it("100 KB of random bytes named x.ts: refused as a syntax error at 1:1, never executed", async () => {
      const dir = mkdtempSync(join(tmpdir(), "semisync-random-"));
      try {
        const bytes = Buffer.alloc(100_000);
        for (let i = 0, seed = 13; i < bytes.length; i++) bytes[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
        writeFileSync(join(dir, "x.ts"), bytes);
        const result = await runCli(["run", "x.ts"], { cwd: dir, env: { SEMISYNC_CACHE_DIR: cache } });
        assert.equal(result.code, 2);
        assert.match(result.stderr, /SS007 x\.ts:1:1: syntax error: /);
        assert.doesNotMatch(result.stderr, /ReferenceError|is not defined/);
        await nothingLeft(result.mark);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe("fault matrix: a corrupt cache never changes what runs", () => {
    /** Runs cached.ts, damages every entry of the cache with `damage`, and runs it again. */
    async function afterDamage(damage: (file: string) => void) {
      const first = await run(["run", fixture("cached"), "--json"]);
      assert.equal(first.code, 0);
      const entries = readdirSync(cache).map((name) => join(cache, name));
      assert.ok(entries.length >= 2, `the run cached its files: ${entries}`);
      for (const entry of entries) damage(entry);
      return run(["run", fixture("cached"), "--json"]);
    }

    const expectSameRun = async (result: CliResult) => {
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(statuses(result.events), ["Cached.greet succeeded"]);
      assert.equal(callbackOutput(result.events, "Cached.greet"), "[ran from the cache's entry]\n");
      await nothingLeft(result.mark);
    };

    it("entries cut in half: the next run rebuilds them and runs the same", async () => {
      await expectSameRun(await afterDamage((entry) => truncateSync(entry, statSync(entry).size >> 1)));
    });

    it("entries overwritten with random bytes: the next run rebuilds them and blames nothing on the source", async () => {
      const result = await afterDamage((entry) => {
        const bytes = Buffer.alloc(statSync(entry).size);
        for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256;
        writeFileSync(entry, bytes);
      });
      await expectSameRun(result);
      assert.doesNotMatch(result.stderr, /SyntaxError/);
    });

    it("an entry whose code was changed but still runs: rebuilt from the source, not run", async () => {
      const result = await afterDamage((entry) => {
        const text = readFileSync(entry, "utf8");
        writeFileSync(entry, text.replace("ran from the cache's entry", "ran from a changed entry"));
      });
      await expectSameRun(result);
    });
  });

  describe("fault matrix: output of any size and any bytes", () => {
    it("a task writing 125,000 lines: succeeds, the terminal shows its first and last 500 and says where the rest is", async () => {
      const result = await run(["run", fixture("chatty")]);
      assert.equal(result.code, 0, result.stderr);
      assert.doesNotMatch(result.stderr, /RangeError/);
      assert.match(result.stdout, /✓ succeeded Chatty\.talk/);
      assert.match(result.stdout, /✓ succeeded Chatty\.quiet .*\n {4}one line\n/);
      assert.match(
        result.stdout,
        /\n {4}line 499\n {4}… 124,000 more lines of output \(1\.\d MB\) not shown here; `semisync run --json` prints all of it, as output events\n {4}line 124500\n/,
      );
      assert.doesNotMatch(result.stdout, / line 500\n/);
      assert.match(result.stdout, / {4}line 124999\n/);
      assert.match(result.stdout, /2 succeeded in /);
      await nothingLeft(result.mark);
    });

    it("with --json, every line the terminal leaves out is in the task's output events", async () => {
      // Fewer lines than the case above (one event each): enough to pass the terminal's limit.
      const result = await runCli(["run", fixture("chatty"), "--json"], {
        env: { SEMISYNC_CACHE_DIR: cache, CHATTY_LINES: "5000" },
      });
      assert.equal(result.code, 0);
      assert.deepEqual(statuses(result.events), ["Chatty.talk succeeded", "Chatty.quiet succeeded"]);
      const lines = taskOutput(result.events, "Chatty.talk").split("\n");
      assert.equal(lines.length, 5001);
      assert.equal(lines[4999], "line 4999");
      await nothingLeft(result.mark);
    });

    it("a € split across two writes and a text piped in 1,000-byte chunks arrive whole, from tasks, callbacks and the program", async () => {
      const result = await run(["run", fixture("utf8"), "--json"]);
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(statuses(result.events), ["Bytes.euro succeeded", "Bytes.piped succeeded"]);
      assert.equal(taskOutput(result.events, "Bytes.euro"), "price: 5€\n");
      assert.equal(callbackOutput(result.events, "Bytes.euro"), "callback: 7€\n");
      assert.equal(taskOutput(result.events, "Bytes.piped"), "Grüße, 世界, 🎉 €\n".repeat(300));
      const program = byType(result.events, "output")
        .filter((event) => event.key === undefined)
        .map((event) => event.text)
        .join("");
      assert.equal(program, "program: 9€\n");
      assert.ok(!result.stdout.includes("\uFFFD"), "no replacement character anywhere");
      await nothingLeft(result.mark);
    });

    it("the same run in a terminal's plain view shows the characters, not U+FFFD", async () => {
      const result = await run(["run", fixture("utf8")]);
      assert.equal(result.code, 0);
      assert.match(result.stdout, /program: 9€\n/);
      assert.match(
        result.stdout,
        /✓ succeeded Bytes\.euro .*\n {4}callback: 7€\n {4}price: 5€\n|✓ succeeded Bytes\.euro .*\n {4}price: 5€\n {4}callback: 7€\n/,
      );
      assert.ok(!result.stdout.includes("\uFFFD"));
      await nothingLeft(result.mark);
    });
  });

  describe("fault matrix: timeouts longer than Node's timers hold (2^31 - 1 ms)", () => {
    it("--timeout 2147483648 and @semisync({ timeout: 1e10 }) bound the tasks instead of firing at once", async () => {
      const result = await run(["run", fixture("longTimeouts"), "--timeout", "2147483648", "--json"]);
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(statuses(result.events), ["Patient.own succeeded", "Patient.runWide succeeded"]);
      assert.equal(byType(result.events, "task-timed-out").length, 0);
      assert.doesNotMatch(result.stderr, /TimeoutOverflowWarning/);
      await nothingLeft(result.mark);
      const checked = await run(["check", fixture("longTimeouts")]);
      assert.equal(checked.code, 0, "the scanner agrees: a timeout of any size is a timeout");
      assert.match(checked.stdout, /2 tasks, 0 errors, 0 warnings/);
    });
  });

  describe("fault matrix: a class instance is refused where it is sent, never delivered without its methods", () => {
    it("as a result, an argument or a shared() value: the task fails naming the class and what to send; plain data arrives whole", async () => {
      const result = await run(["run", fixture("classes"), "--json"]);
      assert.equal(result.code, 1);
      assert.deepEqual(statuses(result.events), [
        "Geo.point failed",
        "Geo.measure failed",
        "Geo.store failed",
        "Geo.plain succeeded",
      ]);
      const error = (key: string) =>
        byType(result.events, "task-failed").find((event) => event.key === key)!.error.message;
      const advice =
        "which would arrive as a plain object without its methods; send plain data instead (numbers, strings, booleans, arrays, plain objects, Map, Set, Date, typed arrays), such as its fields, and make the Point again where it is used";
      assert.equal(
        error("Geo.point"),
        `Geo.point: the value it returned cannot travel between processes: result is an instance of class Point, ${advice}`,
      );
      assert.equal(
        error("Geo.measure"),
        `Geo.measure: the arguments of this call cannot travel between processes: arguments[0] is an instance of class Point, ${advice}`,
      );
      assert.equal(
        error("Geo.store"),
        `shared("classes").origin cannot travel between processes: origin is an instance of class Point, ${advice}`,
      );
      assert.equal(callbackOutput(result.events, "Geo.point"), "", "the callback never saw a Point without norm()");
      assert.equal(callbackOutput(result.events, "Geo.plain"), "true true true true true\n");
      assert.equal(statusOf(result.events, "Geo.plain"), "succeeded");
      await nothingLeft(result.mark);
    });
  });
});
