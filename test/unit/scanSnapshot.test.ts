import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { parseFacts } from "../../src/scanner/parserBundle";
import { scanSnapshots } from "../../src/scanner/snapshot";
import type { ScanResult } from "../../src/scanner/types";
import { Workspace } from "../../src/scanner/workspace";

const ledger = `import { semisync } from "semisync";\nexport class Ledger {\n  @semisync() static open() {}\n  @semisync() static close() {}\n}\n`;
const report = `import { semisync } from "semisync";\nimport { Ledger } from "../lib";\nexport class Report {\n  @semisync({ dependencies: () => [Ledger.close] }) static build() {}\n}\n`;
const audit = `import { semisync } from "semisync";\nimport { Ledger } from "@lib/ledger";\nexport class Audit {\n  @semisync({ dependencies: () => [Ledger.open] }) static check() {}\n}\n`;
const loop = `import { semisync } from "semisync";\nexport class Loop {\n  @semisync({ dependencies: ["again"] }) static again() {}\n}\n`;
const typo = `import { semisync } from "semisync";\nexport class Typo {\n  @semisync({ dependencies: ["Report.bild"] }) static late() {}\n}\n`;

/**
 * A project whose scanned files (app/) depend on files read only through import chains (lib/,
 * reached relatively and through tsconfig paths), with a cycle and an unknown dependency.
 */
class Project {
  readonly dir = mkdtempSync(join(tmpdir(), "semisync-snapshot-"));
  /** Outside the project, as the real cache is: creating it must not move the project's own stamps. */
  readonly cache = mkdtempSync(join(tmpdir(), "semisync-snapshot-cache-"));

  constructor() {
    this.write("tsconfig.json", JSON.stringify({ compilerOptions: { paths: { "@lib/*": ["./lib/*"] } } }));
    this.write("lib/ledger.ts", ledger);
    this.write("lib/index.ts", `export * from "./ledger";\n`);
    this.write("app/report.ts", report);
    this.write("app/audit.ts", audit);
    this.write("app/loop.ts", loop);
    this.write("app/typo.ts", typo);
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  write(name: string, text: string): void {
    mkdirSync(dirname(this.path(name)), { recursive: true });
    writeFileSync(this.path(name), text);
  }

  /** The scanned files: every file of app/, as an editor's include glob finds them. */
  files(): string[] {
    return readdirSync(this.path("app"), { recursive: true, encoding: "utf8" })
      .filter((name) => name.endsWith(".ts") && !name.includes("node_modules"))
      .map((name) => this.path(`app/${name}`))
      .sort();
  }

  /** A cold scan, in a workspace that has never seen the project. */
  scan(): Workspace {
    const workspace = new Workspace((file) => relative(this.dir, file), { readFacts: parseFacts });
    workspace.updateFiles(this.files());
    return workspace;
  }

  /** Saved scans of app/, as an editor's folder with these globs. */
  snapshots(version = "scanner 1") {
    const folder = { path: this.path("app"), include: "**/*.ts", exclude: "**/{node_modules,dist}/**" };
    return scanSnapshots(`folder ${this.dir}`, { dir: this.cache, version, folder });
  }

  /** A cold scan in a fresh process. */
  scanElsewhere(): ScanResult {
    const script = `const { Workspace } = require(${JSON.stringify(require.resolve("../../src/scanner/workspace"))});
      const { relative } = require("node:path");
      const workspace = new Workspace((file) => relative(${JSON.stringify(this.dir)}, file));
      workspace.updateFiles(${JSON.stringify(this.files())});
      process.stdout.write(JSON.stringify(workspace.result()));`;
    const child = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    assert.equal(child.status, 0, child.stderr);
    return JSON.parse(child.stdout) as ScanResult;
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
    rmSync(this.cache, { recursive: true, force: true });
  }
}

const messages = (result: ScanResult) => result.problems.map((problem) => problem.message);

describe("scanner: a saved scan", () => {
  let project: Project;
  let saved: ScanResult;
  beforeEach(() => {
    project = new Project();
    const workspace = project.scan();
    saved = workspace.result();
    assert.equal(project.snapshots().save(workspace), true);
  });
  afterEach(() => project.dispose());

  it("is what a cold scan of the unchanged files finds, with its problems", () => {
    assert.deepEqual(messages(saved), [
      "dependency cycle: Loop.again -> Loop.again",
      'Typo.late: dependency "Report.bild" is not a known task; did you mean "Report.build"?',
    ]);
    assert.deepEqual(
      saved.tasks.find((task) => task.id === "Report.build")?.dependencies,
      ["Ledger.close"],
      "resolved through an import chain",
    );
    const restored = project.snapshots().load(project.files());
    assert.deepEqual(restored, project.scanElsewhere());
    assert.deepEqual(restored, saved);
    assert.deepEqual(
      project.snapshots().loadUnlisted(),
      { files: project.files(), result: saved },
      "no listing needed",
    );
  });

  /** Each change made while the editor was closed, and the files the editor then finds. */
  const changes: Record<string, () => void> = {
    "a scanned file edited, its size and modification time put back": () => {
      const file = project.path("app/loop.ts");
      const { atime, mtime } = statSync(file);
      writeFileSync(file, loop.replace('["again"]', '["other"]'));
      utimesSync(file, atime, mtime);
    },
    "a file read only through an import chain edited": () =>
      project.write("lib/ledger.ts", ledger.replace("static close", "static closed")),
    "a scanned file added": () => project.write("app/build.ts", report.replace(/Report/g, "Bild")),
    "a file added where an import now resolves first": () =>
      project.write("lib.ts", ledger.replace("static open() {}", "static open() {}\n  @semisync() static opened() {}")),
    "a scanned file removed": () => unlinkSync(project.path("app/typo.ts")),
    "a scanned file renamed": () => renameSync(project.path("app/loop.ts"), project.path("app/cycle.ts")),
    "tsconfig.json's paths changed": () =>
      project.write("tsconfig.json", JSON.stringify({ compilerOptions: { paths: { "@lib/*": ["./elsewhere/*"] } } })),
  };
  for (const [change, make] of Object.entries(changes)) {
    it(`is not used after ${change}: the folder is scanned, and the scan differs`, () => {
      make();
      assert.equal(project.snapshots().load(project.files()), undefined);
      assert.equal(project.snapshots().loadUnlisted(), undefined);
      // Only tsconfig needs a fresh process: this one keeps the options it read first.
      const scanned = change.startsWith("tsconfig") ? project.scanElsewhere() : project.scan().result();
      assert.notDeepEqual(scanned, saved, "the change shows in a scan, so the saved one was stale");
    });
  }

  it("is not trusted without a listing once a file appears in a subfolder, or a subfolder with one", () => {
    project.write("app/deep/keep.ts", "export const kept = 1;\n");
    assert.equal(project.snapshots().save(project.scan()), true);
    assert.notEqual(project.snapshots().loadUnlisted(), undefined);
    project.write("app/deep/added.ts", "export const added = 1;\n");
    assert.equal(project.snapshots().loadUnlisted(), undefined);
    rmSync(project.path("app/deep/added.ts"));
    assert.equal(project.snapshots().save(project.scan()), true);
    project.write("app/fresh/new.ts", "export const added = 1;\n");
    assert.equal(project.snapshots().loadUnlisted(), undefined);
  });

  it("is trusted without a listing after a file appears where the exclude glob leaves a whole folder out", () => {
    project.write("app/node_modules/pkg/index.ts", "export {};\n");
    assert.equal(project.snapshots().save(project.scan()), true);
    project.write("app/node_modules/pkg/more.ts", "export {};\n");
    assert.deepEqual(project.snapshots().loadUnlisted(), { files: project.files(), result: saved });
  });

  it("needs a listing when it was saved for other files than the folder's globs take in", () => {
    const workspace = new Workspace((file) => relative(project.dir, file), { readFacts: parseFacts });
    workspace.updateFiles(project.files().slice(1));
    assert.equal(project.snapshots().save(workspace), true);
    assert.equal(project.snapshots().loadUnlisted(), undefined);
    assert.deepEqual(project.snapshots().load(project.files().slice(1)), workspace.result());
  });

  it("is not used for other files than it was saved for", () => {
    assert.equal(project.snapshots().load(project.files().slice(1)), undefined);
    assert.equal(project.snapshots().load([...project.files(), project.path("lib/ledger.ts")]), undefined);
  });

  it("is not read by another scanner version, nor for another folder", () => {
    assert.equal(project.snapshots("scanner 2").load(project.files()), undefined);
    assert.equal(
      scanSnapshots("another folder", { dir: project.cache, version: "scanner 1" }).load(project.files()),
      undefined,
    );
    assert.deepEqual(project.snapshots("scanner 1").load(project.files()), saved);
  });

  it("is never used when its entry was cut short, overwritten or edited, even into a well-formed one", () => {
    const [entry] = readdirSync(project.cache).map((name) => join(project.cache, name));
    const written = readFileSync(entry, "utf8");
    const damages = [
      written.slice(0, written.length >> 1),
      "",
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString("latin1"),
      written.replace("Loop.again -> Loop.again", "Loop.again -> Loop.other"),
      written.replace(/\n.*$/s, `\n${JSON.stringify({ files: [], read: [], folders: [], projects: [], configs: [] })}`),
    ];
    for (const damaged of damages) {
      writeFileSync(entry, damaged);
      assert.equal(project.snapshots().load(project.files()), undefined);
    }
  });

  it("is not saved while a file's text is not what is on disk, as with an editor's unsaved text", () => {
    rmSync(project.cache, { recursive: true, force: true });
    const workspace = project.scan();
    workspace.update(project.path("app/loop.ts"), loop.replace('["again"]', '["other"]'));
    assert.equal(project.snapshots().save(workspace), false);
    assert.equal(project.snapshots().load(project.files()), undefined);
  });
});
