import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { byType, lastRunEnd, root, runCli } from "../helpers/cli";
import { fault, nothingLeft } from "./matrix";

/**
 * What `semisync run` is given: files that are not there or not TypeScript, odd paths, graphs
 * that cannot run. Cycles and self-dependencies, an unknown name found at run time, and
 * dependencies that need arguments are in engine.test.ts.
 */
describe("faults: inputs", () => {
  const names = (file: string) => fault("names", file);
  const shown = (file: string) => relative(root, file);

  it("an unknown dependency by name is refused before the program's top level runs: SS002, exit code 2", async () => {
    const result = await runCli(["run", names("unknown.ts"), "--json"]);
    assert.equal(result.code, 2);
    assert.deepEqual(
      result.events.map((event) => event.type),
      ["graph-error"],
      "nothing ran: not the top level, not a task",
    );
    assert.deepEqual(byType(result.events, "graph-error")[0].problems, [
      {
        code: "SS002",
        message: `Books.profit (${shown(names("unknown.ts"))}:8:30): dependency "revenu" is not a known task; did you mean "Books.revenue"?`,
        file: names("unknown.ts"),
        tasks: ["Books.profit"],
      },
    ]);
    await nothingLeft(result.mark);
  });

  it("an ambiguous dependency by name is refused before the program's top level runs: SS003, exit code 2", async () => {
    const result = await runCli(["run", names("ambiguous.ts")]);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, "", "the top level never ran");
    assert.equal(
      result.stderr,
      `semisync cannot run the graph of ${shown(names("ambiguous.ts"))}: SS003 Caller.go (${shown(names("ambiguous.ts"))}:9:30): dependency "Twin.run" is ambiguous: Twin.run is declared in ${shown(names("north.ts"))} and ${shown(names("south.ts"))}; depend on it by reference, () => [Twin.run], to say which.\n`,
    );
    await nothingLeft(result.mark);
  });

  it("with --task, an unknown name in a task that does not run is not refused: the named task runs", async () => {
    const result = await runCli(["run", names("unknown.ts"), "--task", "Books.revenue", "--json"]);
    assert.equal(result.code, 0);
    assert.deepEqual(
      lastRunEnd(result.events).tasks.map((task) => `${task.key} ${task.status}`),
      ["Books.revenue succeeded"],
    );
    await nothingLeft(result.mark);
  });

  it("with --task, a cycle among tasks that do not run is not refused: the named task runs", async () => {
    const result = await runCli(["run", fault("cycleAside.ts"), "--task", "Aside.ok", "--json"]);
    assert.equal(result.code, 0);
    assert.deepEqual(
      lastRunEnd(result.events).tasks.map((task) => `${task.key} ${task.status}`),
      ["Aside.ok succeeded"],
    );
    await nothingLeft(result.mark);
  });

  it("a name the scan cannot find is not refused when the program imports a module the scan cannot read: it runs", async () => {
    const result = await runCli(["run", names("computedImport.ts"), "--json"]);
    assert.equal(result.code, 0);
    assert.deepEqual(
      lastRunEnd(result.events)
        .tasks.map((task) => `${task.key} ${task.status}`)
        .sort(),
      ["Elsewhere.task succeeded", "Here.uses succeeded"],
    );
    await nothingLeft(result.mark);
  });

  it("a file that does not exist: named, exit code 2, nothing started", async () => {
    const result = await runCli(["run", "test/fixtures/faults/missing.ts"]);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, "");
    assert.equal(result.stderr, `semisync run: test/fixtures/faults/missing.ts does not exist (looked in ${root})\n`);
    await nothingLeft(result.mark);
  });

  it("a tsconfig.json that is not JSON: named with what to do, exit code 2, nothing started", async () => {
    const folder = mkdtempSync(join(tmpdir(), "semisync-tsconfig-"));
    try {
      writeFileSync(join(folder, "tsconfig.json"), `{ "compilerOptions": { "paths": `);
      writeFileSync(join(folder, "main.ts"), `console.log("never");\n`);
      const result = await runCli(["run", "main.ts"], { cwd: folder });
      assert.equal(result.code, 2);
      assert.equal(result.stdout, "");
      assert.match(result.stderr, /^semisync run: tsconfig\.json is not valid JSON: [^\n]*; fix it and run again\n$/);
      await nothingLeft(result.mark);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("a folder instead of a file: named, exit code 2, nothing started", async () => {
    const result = await runCli(["run", "test/fixtures/faults"]);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, "");
    assert.equal(
      result.stderr,
      "semisync run: test/fixtures/faults is a folder; name the file that queues the calls and awaits begin()\n",
    );
    await nothingLeft(result.mark);
  });

  it("a JavaScript file runs as the program it is", async () => {
    const result = await runCli(["run", fault("plain.js")]);
    assert.equal(result.code, 0);
    assert.equal(result.stdout, "plain JavaScript ran\n");
    assert.equal(result.stderr, "");
    await nothingLeft(result.mark);
  });

  it("a program with no tasks runs its top level and an empty round, exit code 0", async () => {
    const result = await runCli(["run", fault("noTasks.ts")]);
    assert.equal(result.code, 0);
    assert.match(
      result.stdout,
      /^nothing queued\nsemisync: 0 tasks, up to \d+ computing at once\n0 succeeded in \d+ ms\n$/,
    );
    await nothingLeft(result.mark);
  });

  it("a path with spaces and non-ASCII characters, importing a file with a non-ASCII name, runs", async () => {
    const result = await runCli(["run", fault("dir with spaces", "ünïcødé", "prêt à porter.ts"), "--json"]);
    assert.equal(result.code, 0);
    assert.deepEqual(
      lastRunEnd(result.events).tasks.map((task) => `${task.key} ${task.status}`),
      ["Ünïcødé.grüße succeeded"],
    );
    assert.deepEqual(
      byType(result.events, "output").map((event) => event.text),
      ["¡hola, 世界! from prêt à porter.ts\n"],
    );
    await nothingLeft(result.mark);
  });

  it("a file reached through a symlink and through its real path counts once in check and graph", async () => {
    const dir = mkdtempSync(join(tmpdir(), "semisync-links-"));
    try {
      writeFileSync(
        join(dir, "books.ts"),
        'import { semisync } from "semisync";\nexport class Books {\n  @semisync() static one() { return 1; }\n  @semisync({ dependencies: ["one"] }) static two() { return 2; }\n}\n',
      );
      symlinkSync(".", join(dir, "again"));
      symlinkSync("books.ts", join(dir, "alias.ts"));
      const check = await runCli(["check", "books.ts", "again/books.ts", "alias.ts"], { cwd: dir });
      assert.equal(check.code, 0);
      assert.equal(check.stdout, "2 tasks, 0 errors, 0 warnings\n");
      const graph = await runCli(["graph", "alias.ts", "again/books.ts", "books.ts"], { cwd: dir });
      assert.equal(graph.code, 0);
      assert.deepEqual(
        JSON.parse(graph.stdout).tasks.map((task: { id: string; file: string }) => `${task.id} ${task.file}`),
        ["Books.one books.ts", "Books.two books.ts"],
        "each task once, at the path that involves no symlink",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
