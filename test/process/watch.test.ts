import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "./helpers/cli";
import { LiveCli } from "./helpers/liveCli";
import { nothingLeft } from "./faults/matrix";

/** A program in a folder of its own: main.ts runs one task, whose behaviour lib.ts decides. */
function program(lib: { word: string; hang?: boolean }): string {
  const folder = mkdtempSync(join(tmpdir(), "semisync-watch-"));
  writeFileSync(
    join(folder, "main.ts"),
    `import { semisync } from "semisync";
import { hang, word } from "./lib";

export class Watched {
  @semisync()
  static async say() {
    if (hang) await new Promise((resolve) => setTimeout(resolve, 600_000));
    console.log(\`word: \${word}\`);
  }
}

Watched.say();
await semisync.begin();
`,
  );
  writeLib(folder, lib);
  return folder;
}

function writeLib(folder: string, { word, hang = false }: { word: string; hang?: boolean }): void {
  writeFileSync(join(folder, "lib.ts"), `export const word = ${JSON.stringify(word)};\nexport const hang = ${hang};\n`);
}

/** A program whose one task prints the word it imports as "@words": a/words.ts or b/words.ts, as tsconfig's paths say. */
function pathsProgram(): string {
  const folder = mkdtempSync(join(tmpdir(), "semisync-watch-"));
  mkdirSync(join(folder, "a"));
  mkdirSync(join(folder, "b"));
  writeFileSync(join(folder, "a", "words.ts"), `export const word = "from-a";\n`);
  writeFileSync(join(folder, "b", "words.ts"), `export const word = "from-b";\n`);
  writeFileSync(
    join(folder, "main.ts"),
    `import { semisync } from "semisync";
import { word } from "@words";

export class Paths {
  @semisync()
  static say() {
    console.log(\`word: \${word}\`);
  }
}

Paths.say();
await semisync.begin();
`,
  );
  return folder;
}

const WATCHING = /^semisync: watching 2 files for changes \(Ctrl-C to stop\)$/m;

describe("cli: --watch", () => {
  it("runs again when an imported file changes, with the new code; Ctrl-C: exit code 130, no process left", async () => {
    const folder = program({ word: "first" });
    const run = new LiveCli(["run", "main.ts", "--watch"], { cwd: folder });
    await run.until("stdout", /^ {4}word: first$/m);
    await run.until("stderr", WATCHING);
    writeLib(folder, { word: "second" });
    await run.until("stderr", /^semisync: lib\.ts changed; running again$/m);
    await run.until("stdout", /^ {4}word: second$/m);
    await run.until("stderr", WATCHING, 2);
    assert.equal(run.stdout.match(/^1 succeeded/gm)?.length, 2, run.stdout);
    run.child.kill("SIGINT");
    assert.deepEqual(await run.exited, { code: 130, signal: null });
    await nothingLeft(run.mark);
  });

  it("watches a file an edit has just imported", async () => {
    const folder = program({ word: "first" });
    const run = new LiveCli(["run", "main.ts", "--watch"], { cwd: folder });
    await run.until("stderr", WATCHING);
    writeFileSync(join(folder, "extra.ts"), `export const extra = "one";\n`);
    writeFileSync(join(folder, "lib.ts"), `export { extra as word } from "./extra";\nexport const hang = false;\n`);
    await run.until("stdout", /^ {4}word: one$/m);
    await run.until("stderr", /^semisync: watching 3 files for changes/m);
    writeFileSync(join(folder, "extra.ts"), `export const extra = "two";\n`);
    await run.until("stderr", /^semisync: extra\.ts changed; running again$/m);
    await run.until("stdout", /^ {4}word: two$/m);
    run.child.kill("SIGINT");
    assert.deepEqual(await run.exited, { code: 130, signal: null });
    await nothingLeft(run.mark);
  });

  it("a change during a run cancels it and starts the next", async () => {
    const folder = program({ word: "stuck", hang: true });
    const run = new LiveCli(["run", "main.ts", "--watch"], { cwd: folder });
    await run.until("stdout", /^semisync: 1 task, /m);
    writeLib(folder, { word: "free" });
    await run.until("stderr", /^semisync: lib\.ts changed; cancelling this run to start again$/m);
    await run.until("stdout", /^■ cancelled Watched\.say/m);
    await run.until("stdout", /^ {4}word: free$/m);
    await run.until("stderr", WATCHING);
    assert.doesNotMatch(run.stdout, /word: stuck/);
    run.child.kill("SIGINT");
    assert.deepEqual(await run.exited, { code: 130, signal: null });
    await nothingLeft(run.mark);
  });

  it("Ctrl-C during a run cancels it as without --watch: exit code 130, no process left", async () => {
    const folder = program({ word: "stuck", hang: true });
    const run = new LiveCli(["run", "main.ts", "--watch"], { cwd: folder });
    await run.until("stdout", /^semisync: 1 task, /m);
    run.child.kill("SIGINT");
    assert.deepEqual(await run.exited, { code: 130, signal: null });
    assert.match(run.stdout, /^■ cancelled Watched\.say/m);
    await nothingLeft(run.mark);
  });

  it("the watch killed (SIGKILL, nothing to clean up with): its run and the run's workers exit too", async () => {
    const folder = program({ word: "stuck", hang: true });
    const run = new LiveCli(["run", "main.ts", "--watch"], { cwd: folder });
    await run.until("stdout", /^semisync: 1 task, /m);
    run.child.kill("SIGKILL");
    assert.deepEqual(await run.exited, { code: null, signal: "SIGKILL" });
    await nothingLeft(run.mark);
  });

  it("a program that does not load is watched too: fixing it runs it", async () => {
    const folder = program({ word: "first" });
    writeFileSync(join(folder, "lib.ts"), `export const word = ;\n`);
    const run = new LiveCli(["run", "main.ts", "--watch"], { cwd: folder });
    await run.until("stderr", /SS\d+/);
    await run.until("stderr", WATCHING);
    writeLib(folder, { word: "fixed" });
    await run.until("stdout", /^ {4}word: fixed$/m);
    run.child.kill("SIGTERM");
    assert.deepEqual(await run.exited, { code: 143, signal: null });
    await nothingLeft(run.mark);
  });

  it("an edit to tsconfig.json's paths runs again, resolving through the new paths", async () => {
    const folder = pathsProgram();
    const tsconfig = (target: string) =>
      writeFileSync(
        join(folder, "tsconfig.json"),
        JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@words": [target] } } }),
      );
    tsconfig("a/words.ts");
    const run = new LiveCli(["run", "main.ts", "--watch"], { cwd: folder });
    await run.until("stdout", /^ {4}word: from-a$/m);
    await run.until("stderr", /^semisync: watching 3 files for changes/m);
    tsconfig("b/words.ts");
    await run.until("stderr", /^semisync: tsconfig\.json changed; running again$/m);
    await run.until("stdout", /^ {4}word: from-b$/m);
    run.child.kill("SIGINT");
    assert.deepEqual(await run.exited, { code: 130, signal: null });
    await nothingLeft(run.mark);
  });

  it("a tsconfig.json's extended file, broken and then fixed, runs again once fixed", async () => {
    const folder = pathsProgram();
    const base = (text: string) => writeFileSync(join(folder, "base.json"), text);
    const pathsTo = (target: string) =>
      JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@words": [target] } } });
    writeFileSync(join(folder, "tsconfig.json"), JSON.stringify({ extends: "./base.json" }));
    base(pathsTo("a/words.ts"));
    const run = new LiveCli(["run", "main.ts", "--watch"], { cwd: folder });
    await run.until("stdout", /^ {4}word: from-a$/m);
    await run.until("stderr", /^semisync: watching 4 files for changes/m);
    base("{ not json");
    await run.until("stderr", /^semisync: base\.json changed; running again$/m);
    await run.until("stderr", /^semisync run: .*base\.json is not valid JSON: .*; fix it and run again$/m);
    await run.until("stderr", /^semisync: watching \d+ files for changes/m, 2);
    base(pathsTo("b/words.ts"));
    await run.until("stdout", /^ {4}word: from-b$/m);
    run.child.kill("SIGINT");
    assert.deepEqual(await run.exited, { code: 130, signal: null });
    await nothingLeft(run.mark);
  });

  it("a file that does not exist is refused at once, as without --watch: exit code 2", async () => {
    const result = await runCli(["run", "missing.ts", "--watch"], {
      cwd: mkdtempSync(join(tmpdir(), "semisync-watch-")),
    });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^semisync run: missing\.ts does not exist \(looked in /m);
    await nothingLeft(result.mark);
  });
});
