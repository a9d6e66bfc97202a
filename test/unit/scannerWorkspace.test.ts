import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { parseFacts } from "../../src/scanner/parserBundle";
import type { ScanResult } from "../../src/scanner/types";
import { Workspace } from "../../src/scanner/workspace";

/** A workspace of real files in a temporary folder: imports resolve on disk, as in an editor. */
class Project {
  readonly dir = mkdtempSync(join(tmpdir(), "semisync-scan-"));
  readonly parsed: string[] = [];
  readonly workspace = new Workspace((file) => relative(this.dir, file), {
    readFacts: (text, file) => (this.parsed.push(file), parseFacts(text, file)),
  });

  path(name: string): string {
    return join(this.dir, name);
  }

  write(name: string, text: string): string {
    writeFileSync(this.path(name), text);
    return this.path(name);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const task = (name: string, dependencies = "") =>
  `  @semisync(${dependencies ? `{ dependencies: ${dependencies} }` : ""}) static ${name}() {}\n`;
const classFile = (className: string, body: string, imports = "") =>
  `import { semisync } from "semisync";\n${imports}\nexport class ${className} {\n${body}}\n`;

describe("scanner: a workspace kept current one file at a time", () => {
  let project: Project;
  beforeEach(() => (project = new Project()));
  afterEach(() => project.dispose());

  it("returns the files whose tasks or problems changed, and nothing when a text has not changed", () => {
    const ledger = project.write("ledger.ts", classFile("Ledger", task("open") + task("close")));
    const report = project.write("report.ts", classFile("Report", task("build", '["Ledger.close"]')));
    assert.deepEqual(project.workspace.updateFiles([ledger, report]).files, [ledger, report]);
    // A relative path is the same file: answers always name files by absolute path.
    assert.deepEqual(project.workspace.update(relative(process.cwd(), ledger)).files, []);
    // A comment below the tasks changes no task and no problem.
    assert.deepEqual(
      project.workspace.update(ledger, `${classFile("Ledger", task("open") + task("close"))}// a note\n`).files,
      [],
    );

    // Renaming a task another file depends on changes both files; the dependent's problem suggests the new name.
    assert.deepEqual(project.workspace.update(ledger, classFile("Ledger", task("open") + task("closed"))).files, [
      ledger,
      report,
    ]);
    assert.deepEqual(
      project.workspace.problemsIn(report).map((problem) => problem.message),
      ['Report.build: dependency "Ledger.close" is not a known task; did you mean "Ledger.closed"?'],
    );
    assert.deepEqual(project.workspace.tasksIn(report)[0].dependencies, []);

    assert.deepEqual(project.workspace.update(ledger, classFile("Ledger", task("open") + task("close"))).files, [
      ledger,
      report,
    ]);
    assert.deepEqual(project.workspace.problemsIn(report), []);
    assert.deepEqual(project.workspace.tasksIn(report)[0].dependencies, ["Ledger.close"]);
  });

  it("finds a cycle an edit closes across two files, on both, and forgets it when the edit is undone", () => {
    const first = project.write(
      "first.ts",
      classFile("First", task("step", "() => [Second.step]"), 'import { Second } from "./second";'),
    );
    const second = project.write("second.ts", classFile("Second", task("step")));
    project.workspace.updateFiles([first, second]);
    assert.deepEqual(project.workspace.result().problems, []);

    const closed = classFile("Second", task("step", "() => [First.step]"), 'import { First } from "./first";');
    assert.deepEqual(project.workspace.update(second, closed).files, [first, second]);
    assert.deepEqual(
      project.workspace.result().problems.map((problem) => [problem.file, problem.message]),
      [
        [first, "dependency cycle: First.step -> Second.step -> First.step"],
        [second, "dependency cycle: First.step -> Second.step -> First.step"],
      ],
    );
    assert.deepEqual(
      project.workspace.cycles().map((cycle) => cycle.path),
      [["First.step", "Second.step", "First.step"]],
    );

    // Moving the other member down the file moves the related location the first file's problem shows.
    assert.deepEqual(project.workspace.update(second, `\n${closed}`).files, [first, second]);
    assert.deepEqual(project.workspace.problemsIn(first)[0].related, [{ file: second, line: 5, column: 3 }]);

    assert.deepEqual(project.workspace.update(second, classFile("Second", task("step"))).files, [first, second]);
    assert.deepEqual(project.workspace.result().problems, []);
  });

  it("parses a file that does not mention semisync only when an import chain needs it, and follows its edits then", () => {
    const plain = project.write("plain.ts", "export const answer = 42;\n");
    const barrel = project.write("barrel.ts", 'export { Ledger as Books } from "./ledger";\n');
    const ledger = project.write("ledger.ts", classFile("Ledger", task("close")));
    const report = project.write(
      "report.ts",
      classFile("Report", task("build", "() => [Books.close]"), 'import { Books } from "./barrel";'),
    );
    project.workspace.updateFiles([plain, barrel]);
    assert.equal(project.parsed.length, 0, `parsed ${project.parsed.join(", ")}`);
    project.workspace.updateFiles([ledger, report]);
    assert.deepEqual(project.parsed.sort(), [barrel, ledger, report]);
    assert.deepEqual(project.workspace.tasksIn(report)[0].dependencies, ["Ledger.close"]);

    // The barrel's unsaved text drops the alias: the dependent's reference no longer resolves.
    assert.deepEqual(project.workspace.update(barrel, 'export * from "./ledger";\n').files, [report]);
    assert.match(
      project.workspace.problemsIn(report)[0].message,
      /^Report\.build: dependency Books\.close is not a @semisync task: barrel\.ts does not export Books\.$/,
    );
    assert.ok(!project.parsed.includes(plain));
  });

  it("lists the imports it cannot read (packages, JavaScript, missing files, computed specifiers), not the package or Node's own", () => {
    project.write("books.js", "export const books = 1;\n");
    const ledger = project.write("ledger.ts", classFile("Ledger", task("close")));
    const main = project.write(
      "main.ts",
      classFile(
        "Main",
        task("run", '["Ledger.close"]'),
        'import "./ledger";\nimport "node:fs";\nimport "path";\nimport "left-pad";\nimport "./books.js";\nimport "./gone";\nawait import(process.env.PLUGIN!);\n',
      ),
    );
    project.workspace.updateFiles([ledger, main]);
    assert.deepEqual(project.workspace.unreadImports(), [
      { file: main, specifier: "left-pad" },
      { file: main, specifier: "./books.js" },
      { file: main, specifier: "./gone" },
      { file: main, specifier: "a computed import() or require()" },
    ]);
    project.workspace.update(main, classFile("Main", task("run", '["Ledger.close"]'), 'import "./ledger";\n'));
    assert.deepEqual(project.workspace.unreadImports(), []);
  });

  it("counts what a literal import() or require() loads among the files a run may load, never a computed one", () => {
    project.write("eager.ts", "export const eager = 1;\n");
    project.write("lazy.ts", "export const lazy = 1;\n");
    project.write("required.ts", "export const required = 1;\n");
    project.write("computed.ts", "export const computed = 1;\n");
    const main = project.write(
      "main.ts",
      classFile(
        "Main",
        `  @semisync() static async a() {\n    await import("./lazy");\n    require('./required');\n    const name = "./computed";\n    await import(name);\n  }\n`,
        'import { eager } from "./eager";\n',
      ),
    );
    const names = (files: string[]) => files.map((file) => relative(project.dir, file)).sort();
    assert.deepEqual(names(project.workspace.importedFiles(main)), ["eager.ts"]);
    assert.deepEqual(names(project.workspace.loadableFiles(main)), ["eager.ts", "lazy.ts", "required.ts"]);
  });

  it("removes a file, and resolves an import again when the file it names appears", () => {
    const report = project.write(
      "report.ts",
      classFile("Report", task("build", "() => [Ledger.close]"), 'import { Ledger } from "./ledger";'),
    );
    project.workspace.update(report);
    assert.match(project.workspace.problemsIn(report)[0].message, /"\.\/ledger" resolves to no TypeScript file/);

    const ledger = project.write("ledger.ts", classFile("Ledger", task("close")));
    assert.deepEqual(project.workspace.update(ledger).files, [ledger, report]);
    assert.deepEqual(project.workspace.problemsIn(report), []);

    unlinkSync(ledger);
    assert.deepEqual(project.workspace.remove(ledger).files, [ledger, report]);
    assert.deepEqual(project.workspace.tasksIn(ledger), []);
    assert.match(project.workspace.problemsIn(report)[0].message, /"\.\/ledger" resolves to no TypeScript file/);
    assert.deepEqual(project.workspace.remove(ledger).files, []);
  });

  it("keeps a did-you-mean current as tasks appear and disappear in other files", () => {
    const report = project.write("report.ts", classFile("Report", task("build", '["Ledger.clos"]')));
    project.workspace.update(report);
    assert.equal(
      project.workspace.problemsIn(report)[0].message,
      'Report.build: dependency "Ledger.clos" is not a known task; check the name, and that the file declaring it is scanned.',
    );
    const ledger = project.write("ledger.ts", classFile("Ledger", task("close")));
    assert.deepEqual(project.workspace.update(ledger).files, [ledger, report]);
    assert.match(project.workspace.problemsIn(report)[0].message, /did you mean "Ledger\.close"\?$/);
    assert.deepEqual(project.workspace.remove(ledger).files, [ledger, report]);
    assert.match(project.workspace.problemsIn(report)[0].message, /check the name/);
  });

  it("suggests the closest id, the alphabetically first of equally close ones, whatever order files arrive in", () => {
    const report = project.write("report.ts", classFile("Report", task("build", '["Ledger.cst", "Books.opne"]')));
    // One edit from both cost and cast; written cost first, so only the rule picks cast.
    const ledger = project.write("ledger.ts", classFile("Ledger", task("cost") + task("cast")));
    const books = project.write("books.ts", classFile("Books", task("open") + task("opens")));
    const messages = (workspace: Workspace) =>
      workspace.problemsIn(report).map((problem) => problem.message.replace(/^.*?did you mean /, ""));
    project.workspace.updateFiles([report, ledger, books]);
    const reversed = new Workspace();
    for (const file of [books, ledger, report]) reversed.update(file);
    assert.deepEqual(messages(project.workspace), ['"Ledger.cast"?', '"Books.open"?']);
    assert.deepEqual(messages(reversed), messages(project.workspace));
  });

  it("finds the same graph and cycles whether 320 tasks arrive in one batch (one search of the whole graph) or a file at a time", () => {
    // Cycles of every length: 10 files round, self-dependencies, pairs, threes, each its own.
    const dependencies = (i: number) => [
      `["K${10 * Math.floor(i / 10) + ((i + 1) % 10)}.t0"]`,
      i % 20 === 0 ? '["t1"]' : "[]",
      i % 4 < 2 ? `["K${i ^ 1}.t2"]` : "[]",
      i % 6 < 3 ? `["K${i - (i % 3) + ((i + 1) % 3)}.t3"]` : '["t0"]',
    ];
    const files = Array.from({ length: 80 }, (_, i) =>
      project.write(
        `k${i}.ts`,
        classFile(
          `K${i}`,
          dependencies(i)
            .map((list, j) => task(`t${j}`, list))
            .join(""),
        ),
      ),
    );
    const batch = new Workspace((file) => relative(project.dir, file));
    batch.updateFiles(files);
    for (const file of files) project.workspace.update(file);
    assert.deepEqual(project.workspace.result(), batch.result());
    assert.deepEqual(new Set(batch.cycles().map((cycle) => cycle.members.length)), new Set([10, 1, 2, 3]));
    assert.deepEqual(project.workspace.cycles(), batch.cycles());
  });

  it("agrees with a scan from scratch after every one of a long series of edits, and names exactly the files that changed", () => {
    const random = seeded(42);
    const files = ["f0.ts", "f1.ts", "f2.ts", "f3.ts", "f4.ts"];
    const model = new Map(files.map((name, i) => [name, newFile(`C${i}`)]));
    for (const file of model.values())
      for (const each of file.tasks) each.dependencies = randomDependencies(random, model);
    let barrel = ["f1.ts", "f3.ts"];
    const text = (name: string) =>
      name === "barrel.ts"
        ? barrel.map((file) => `export * from "./${file.replace(".ts", "")}";\n`).join("")
        : render(model.get(name)!, files);
    const present = new Set([...files, "barrel.ts"]);
    for (const name of present) project.write(name, text(name));
    project.workspace.updateFiles([...present].map((name) => project.path(name)));

    for (let step = 0; step < 300; step++) {
      const before = byFile(project.workspace.result());
      const name = pick(random, files);
      const file = model.get(name)!;
      const op = Math.floor(random() * 10);
      let change;
      if (op === 0 && present.has(name)) {
        present.delete(name);
        unlinkSync(project.path(name));
        change = project.workspace.remove(project.path(name));
      } else {
        if (op === 1) barrel = files.filter(() => random() < 0.4);
        else if (op === 2) file.className = `C${Math.floor(random() * 5)}`;
        else if (op === 3) file.plain = !file.plain;
        else if (op === 4) file.padding = Math.floor(random() * 3);
        else if (op === 5 && file.tasks.length < 4)
          file.tasks.push({ name: `t${Math.floor(random() * 5)}`, dependencies: [] });
        else if (op === 6 && file.tasks.length > 0) file.tasks.splice(Math.floor(random() * file.tasks.length), 1);
        else if (op === 7 && file.tasks.length > 0) pick(random, file.tasks).name = `t${Math.floor(random() * 5)}`;
        else if (file.tasks.length > 0) pick(random, file.tasks).dependencies = randomDependencies(random, model);
        const target = op === 1 ? "barrel.ts" : name;
        present.add(target);
        change = project.workspace.update(project.write(target, text(target)), text(target));
      }
      const fresh = new Workspace((each) => relative(project.dir, each));
      fresh.updateFiles([...present].map((each) => ({ file: project.path(each), text: text(each) })));
      const context = `after step ${step}:\n${[...present].map((each) => `--- ${each}\n${text(each)}`).join("")}`;
      assert.deepEqual(project.workspace.result(), fresh.result(), context);
      const after = byFile(fresh.result());
      const differing = [...new Set([...before.keys(), ...after.keys()])]
        .filter((each) => before.get(each) !== after.get(each))
        .sort();
      assert.deepEqual(change.files, differing, context);
    }
  });
});

interface ModelFile {
  className: string;
  plain: boolean;
  padding: number;
  tasks: Array<{ name: string; dependencies: string[] }>;
}

/**
 * Names, own-class names and references, direct or through the barrel: each a way resolution can
 * go. Most name a task that exists, so that edges, cycles and ambiguous names are common.
 */
function randomDependencies(random: () => number, model: Map<string, ModelFile>): string[] {
  const existing = [...model.values()]
    .filter((file) => !file.plain)
    .flatMap((file) => file.tasks.map((each) => `${file.className}.${each.name}`));
  return Array.from({ length: Math.floor(random() * 3) }, () => {
    const target =
      existing.length > 0 && random() < 0.7
        ? pick(random, existing)
        : `C${Math.floor(random() * 5)}.t${Math.floor(random() * 5)}`;
    const kind = random();
    return kind < 0.3
      ? `"${target}"`
      : kind < 0.45
        ? `"t${Math.floor(random() * 5)}"`
        : kind < 0.75
          ? target
          : `barrel:${target}`;
  });
}

function newFile(className: string): ModelFile {
  return {
    className,
    plain: false,
    padding: 0,
    tasks: [
      { name: "t0", dependencies: [] },
      { name: "t1", dependencies: [] },
    ],
  };
}

function render(file: ModelFile, files: string[]): string {
  if (file.plain) return `export class ${file.className} {\n  static t0() {}\n}\n`;
  const imports = new Set<string>();
  const body = file.tasks
    .map((each) => {
      const list = each.dependencies.map((dependency) => {
        if (dependency.startsWith('"')) return dependency;
        const viaBarrel = dependency.startsWith("barrel:");
        const reference = dependency.replace("barrel:", "");
        const className = reference.split(".")[0];
        if (className !== file.className)
          imports.add(
            `import { ${className} } from "./${viaBarrel ? "barrel" : files[Number(className.slice(1))].replace(".ts", "")}";`,
          );
        return reference;
      });
      return `  @semisync({ dependencies: () => [${list.join(", ")}] }) static ${each.name}() {}\n`;
    })
    .join("");
  return `import { semisync } from "semisync";\n${[...imports].join("\n")}\n${"\n".repeat(file.padding)}export class ${file.className} {\n${body}}\n`;
}

function byFile(result: ScanResult): Map<string, string> {
  const files = new Map<string, unknown[]>();
  for (const item of [...result.tasks, ...result.problems])
    files.set(item.file, [...(files.get(item.file) ?? []), item]);
  return new Map([...files].map(([file, items]) => [file, JSON.stringify(items)]));
}

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 2 ** 32;
    return state / 2 ** 32;
  };
}

function pick<T>(random: () => number, items: T[]): T {
  return items[Math.floor(random() * items.length)];
}
