import { strict as assert } from "node:assert";
import { rmSync } from "node:fs";
import { TaskIndex } from "../../src/extension/taskIndex";
import { FakeLog, FakeWorkspace, ManualTimers, settle } from "./helpers/editorFakes";

const tasks = (className: string, ...names: string[]) =>
  `import { semisync } from "semisync";\nexport class ${className} {\n${names.map((name) => `  @semisync() static ${name}() {}\n`).join("")}}\n`;
const selfCycle = (className: string) =>
  `import { semisync } from "semisync";\nexport class ${className} {\n  @semisync({ dependencies: ["again"] }) static again() {}\n}\n`;

describe("extension: the task index", () => {
  let editor: FakeWorkspace;
  let timers: ManualTimers;
  let index: TaskIndex;
  /** Each change event's files, sorted. */
  let changes: string[][];

  const ids = (file: string) => index.tasksIn(file).map((task) => task.id);
  const allIds = () => index.tasks.map((task) => task.id).sort();
  const started = async () => {
    index.start();
    await index.whenScanned();
    changes.length = 0;
  };

  beforeEach(() => {
    editor = new FakeWorkspace();
    timers = new ManualTimers();
    index = new TaskIndex(editor, new FakeLog(), timers);
    changes = [];
    index.onDidChange((files) => changes.push([...files].sort()));
  });
  afterEach(() => {
    index.dispose();
    editor.dispose();
  });

  describe("a folder's first scan", () => {
    it("reads an editor's unsaved text before the file on disk", async () => {
      editor.addFolder("app");
      const file = editor.write("app/one.ts", tasks("One", "onDisk"));
      editor.edit(file, tasks("One", "unsaved"));
      await started();
      assert.deepEqual(ids(file), ["One.unsaved"]);
    });

    it("reads a large folder batch by batch: text typed during the scan counts for files not read yet", async () => {
      editor.addFolder("big");
      for (let i = 0; i < 249; i++)
        editor.write(`big/f${String(i).padStart(3, "0")}.ts`, `export const n${i} = ${i};\n`);
      const last = editor.write("big/f249.ts", tasks("Last", "onDisk"));
      timers.onYield = () => {
        if (timers.yields === 1) editor.edit(last, tasks("Last", "typed"));
      };
      await started();
      assert.equal(timers.yields, 2, "250 files are read in two batches, with a yield after each");
      assert.deepEqual(ids(last), ["Last.typed"]);
    });

    it("reads the files a walk finds while the folder is listed, then follows the listing: what it lacks is dropped, what the walk missed is read", async () => {
      editor.addFolder("app");
      const one = editor.write("app/one.ts", tasks("One", "first"));
      const missed = editor.write("app/missed.ts", tasks("Missed", "found"));
      const built = editor.write("app/dist/built.ts", tasks("Built", "notListed"));
      editor.walkDiffers.extra.push(built);
      editor.walkDiffers.missing.push(missed);
      let list!: () => void;
      editor.listingDelay = new Promise((resolve) => (list = resolve));
      index.start();
      for (let turn = 0; turn < 100 && !editor.parsed.includes(built); turn++)
        await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual([...editor.parsed].sort(), [built, one], "read before the listing was in");
      assert.deepEqual(index.tasks, [], "nothing shown before the listing says which files belong");
      list();
      await index.whenScanned();
      assert.deepEqual(allIds(), ["Missed.found", "One.first"]);
      assert.deepEqual(changes, [[missed, one]], "published once, the listed files only");
      assert.deepEqual(ids(built), []);
    });

    it("keeps a file created while the folder is listed, which the listing, begun before, lacks", async () => {
      const app = editor.addFolder("app");
      const one = editor.write("app/one.ts", tasks("One", "first"));
      let list!: () => void;
      editor.listingDelay = new Promise((resolve) => (list = resolve));
      index.start();
      for (let turn = 0; turn < 100 && !editor.parsed.includes(one); turn++)
        await new Promise((resolve) => setImmediate(resolve));
      const fresh = editor.write("app/fresh.ts", tasks("Fresh", "made"));
      editor.events(app).fileCreated(fresh);
      for (let turn = 0; turn < 100 && !editor.parsed.includes(fresh); turn++)
        await new Promise((resolve) => setImmediate(resolve));
      list();
      await index.whenScanned();
      assert.deepEqual(allIds(), ["Fresh.made", "One.first"]);
    });

    it("stops reading a large folder when the index is disposed during its scan, and reports nothing", async () => {
      editor.addFolder("big");
      for (let i = 0; i < 450; i++) editor.write(`big/f${String(i).padStart(3, "0")}.ts`, tasks(`C${i}`, "run"));
      timers.onYield = () => index.dispose();
      index.start();
      await index.whenScanned();
      assert.equal(timers.yields, 1, "no batch is read after the dispose");
      assert.deepEqual(changes, []);
      assert.deepEqual(index.tasks, []);
    });

    it("holds tasks and problems back until the folder is read through, then reports every file at once", async () => {
      editor.addFolder("app");
      const loop = editor.write("app/loop.ts", selfCycle("Loop"));
      const one = editor.write("app/one.ts", tasks("One", "first"));
      const seen: unknown[] = [];
      timers.onYield = () => {
        // A file saved while the folder is read, and the refresh it asks for.
        editor.write("app/one.ts", tasks("One", "saved"));
        editor.events(editor.open[0]).fileChanged(one);
        timers.runAll();
        seen.push([index.tasks.length, index.problems.length, index.problemsIn(loop), [...changes]]);
      };
      index.start();
      await index.whenScanned();
      assert.deepEqual(seen, [[0, 0, [], []]], "nothing shown while the scan was under way");
      assert.deepEqual(changes, [[loop, one]]);
      assert.deepEqual(
        index.problemsIn(loop).map((problem) => problem.message),
        ["dependency cycle: Loop.again -> Loop.again"],
      );
      assert.deepEqual(ids(one), ["One.saved"]);
    });

    it("never scans a file outside semisync.include or inside semisync.exclude", async () => {
      editor.addFolder("app");
      editor.globs.include = "**/*.ts";
      editor.globs.exclude = "**/skip/**";
      const kept = editor.write("app/in.ts", tasks("In", "task"));
      editor.write("app/skip/out.ts", tasks("Out", "task"));
      editor.write("app/notes.js", tasks("Notes", "task"));
      await started();
      assert.deepEqual(editor.parsed, [kept]);
      assert.deepEqual(allIds(), ["In.task"]);
    });
  });

  describe("keeping current", () => {
    it("reads an edit once typing pauses; ensureCurrent applies a pending edit at once", async () => {
      editor.addFolder("app");
      const file = editor.write("app/one.ts", tasks("One", "first"));
      await started();
      const document = editor.edit(file, tasks("One", "first", "second"));
      index.edited(document);
      assert.deepEqual(ids(file), ["One.first"], "the edit waits for the debounce");
      assert.deepEqual(timers.waiting, [250]);
      index.ensureCurrent(document);
      assert.deepEqual(ids(file), ["One.first", "One.second"]);
      assert.deepEqual(changes, [[file]]);
      assert.deepEqual(timers.waiting, [], "nothing left waiting: the edit is applied and published");
    });

    it("reads only the last of quick edits, once", async () => {
      editor.addFolder("app");
      const file = editor.write("app/one.ts", tasks("One", "first"));
      await started();
      const parsedBefore = editor.parsed.length;
      index.edited(editor.edit(file, tasks("One", "second")));
      index.edited(editor.edit(file, tasks("One", "third")));
      assert.deepEqual(timers.waiting, [250], "the second edit restarted the wait");
      timers.runAll();
      assert.deepEqual(ids(file), ["One.third"]);
      assert.equal(editor.parsed.length - parsedBefore, 1);
      assert.deepEqual(changes, [[file]]);
    });

    it("an edit that changes no task and no problem redraws nothing", async () => {
      editor.addFolder("app");
      const file = editor.write("app/one.ts", tasks("One", "first"));
      await started();
      index.edited(editor.edit(file, `${tasks("One", "first")}// the end\n`));
      timers.runAll();
      assert.deepEqual(changes, []);
    });

    it("a change on disk waits while an editor holds unsaved text; closing the editor goes back to the disk", async () => {
      editor.addFolder("app");
      const folder = editor.open[0];
      const file = editor.write("app/one.ts", tasks("One", "onDisk"));
      const document = editor.edit(file, tasks("One", "unsaved"));
      await started();
      editor.write("app/one.ts", tasks("One", "savedElsewhere"));
      editor.events(folder).fileChanged(file);
      timers.runAll();
      assert.deepEqual(ids(file), ["One.unsaved"]);
      editor.unsaved.delete(file);
      index.closed(document);
      timers.runAll();
      assert.deepEqual(ids(file), ["One.savedElsewhere"]);
      assert.deepEqual(changes, [[file]]);
    });

    it("no event brings in a file outside semisync.include or inside semisync.exclude", async () => {
      const folder = editor.addFolder("app");
      editor.globs.include = "**/*.ts";
      editor.globs.exclude = "**/skip/**";
      editor.write("app/in.ts", tasks("In", "task"));
      const excluded = editor.write("app/skip/out.ts", tasks("Out", "task"));
      await started();
      const events = editor.events(folder);
      const created = editor.write("app/skip/new.ts", tasks("New", "task"));
      events.fileCreated(created);
      events.entryCreated(editor.path("app/skip"));
      events.fileChanged(excluded);
      const document = editor.edit(excluded, tasks("Out", "edited"));
      index.edited(document);
      index.ensureCurrent(document);
      index.closed(document);
      await settle();
      timers.runAll();
      // The same events do bring in an included file.
      const more = editor.write("app/more.ts", tasks("More", "task"));
      events.fileCreated(more);
      await settle();
      timers.runAll();
      assert.deepEqual(allIds(), ["In.task", "More.task"]);
      assert.deepEqual(editor.parsed.map((file) => file.slice(editor.root.length + 1)).sort(), [
        "app/in.ts",
        "app/more.ts",
      ]);
    });

    it("a folder created or renamed in brings every included file in it", async () => {
      const folder = editor.addFolder("app");
      editor.write("app/top.ts", tasks("Top", "keep"));
      await started();
      const x = editor.write("app/moved/x.ts", tasks("X", "a"));
      editor.write("app/moved/modules/node_modules/lib.ts", tasks("Lib", "hidden"));
      editor.events(folder).entryCreated(editor.path("app/moved"));
      await settle();
      timers.runAll();
      assert.deepEqual(allIds(), ["Top.keep", "X.a"]);
      assert.deepEqual(changes, [[x]]);
    });

    it("deleting a folder removes its files' tasks and reports exactly those files changed", async () => {
      const folder = editor.addFolder("app");
      editor.write("app/top.ts", tasks("Top", "keep"));
      const x = editor.write("app/sub/x.ts", tasks("X", "a"));
      const y = editor.write("app/sub/deeper/y.ts", tasks("Y", "b"));
      editor.write("app/sub/plain.ts", "export const plain = 1;\n");
      editor.write("app/subway.ts", tasks("Subway", "sibling"));
      await started();
      rmSync(editor.path("app/sub"), { recursive: true });
      editor.events(folder).entryDeleted(editor.path("app/sub"));
      timers.runAll();
      assert.deepEqual(changes, [[y, x].sort()]);
      assert.deepEqual(allIds(), ["Subway.sibling", "Top.keep"]);
      assert.deepEqual(ids(x), []);
    });

    it("drops an edit whose file was deleted while the edit waited", async () => {
      const folder = editor.addFolder("app");
      const file = editor.write("app/one.ts", tasks("One", "first"));
      await started();
      index.edited(editor.edit(file, tasks("One", "second")));
      rmSync(file);
      editor.events(folder).entryDeleted(file);
      timers.runAll();
      assert.deepEqual(index.tasks, []);
      assert.deepEqual(changes, [[file]]);
    });

    it("semisync.exclude changed: every folder is scanned again with the new globs", async () => {
      editor.addFolder("app");
      const report = editor.write("app/report.ts", tasks("Report", "print"));
      editor.write("app/finance.ts", tasks("Finance", "profit"));
      await started();
      editor.globs.exclude = "**/report.ts";
      index.settingsChanged();
      assert.deepEqual(changes, [[editor.path("app/finance.ts"), report]], "what was shown is taken away");
      await index.whenScanned();
      assert.deepEqual(allIds(), ["Finance.profit"]);
    });
  });

  describe("tsconfig.json", () => {
    it("an edit to its paths scans the folder again, resolving through the new paths", async () => {
      editor.addFolder("app");
      const paths = (target: string) =>
        editor.write(
          "app/tsconfig.json",
          JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@lib/*": [`${target}/*`] } } }),
        );
      paths("lib-a");
      editor.write("app/lib-a/base.ts", tasks("Base", "source"));
      editor.write("app/lib-b/base.ts", tasks("Base", "other"));
      const main = editor.write(
        "app/main.ts",
        `import { semisync } from "semisync";\nimport { Base } from "@lib/base";\nexport class Main {\n  @semisync({ dependencies: [Base.source] }) static total() {}\n}\n`,
      );
      await started();
      const problemsOfMain = () => index.problems.filter((problem) => problem.file === main);
      assert.deepEqual(problemsOfMain(), [], "Base.source resolves in lib-a");
      paths("lib-b");
      editor.events(editor.open[0]).projectConfigChanged();
      await index.whenScanned();
      assert.equal(problemsOfMain().length, 1, "lib-b's Base has no source task");
      assert.match(problemsOfMain()[0].message, /source/);
    });
  });

  describe("workspace folders", () => {
    it("a nested workspace folder's files are not the outer folder's", async () => {
      const outer = editor.addFolder("outer");
      const inner = editor.addFolder("outer/inner");
      const a = editor.write("outer/a.ts", tasks("Shared", "run"));
      const b = editor.write("outer/inner/b.ts", tasks("Shared", "run"));
      await started();
      assert.deepEqual(
        index.tasksOfFolderOf(a).map((task) => task.file),
        [a],
      );
      assert.deepEqual(
        index.tasksOfFolderOf(b).map((task) => task.file),
        [b],
      );
      assert.deepEqual(index.problems, [], "the same id in two folders is not ambiguous");
      // The outer folder's watcher sees the inner folder's files too; they are the inner folder's to scan.
      const c = editor.write("outer/inner/c.ts", tasks("Inner", "late"));
      editor.events(outer).fileCreated(c);
      await settle();
      timers.runAll();
      assert.deepEqual(ids(c), []);
      editor.events(inner).fileCreated(c);
      await settle();
      timers.runAll();
      assert.deepEqual(
        index.tasksOfFolderOf(b).map((task) => task.id),
        ["Shared.run", "Inner.late"],
      );
      assert.deepEqual(
        index.tasksOfFolderOf(a).map((task) => task.id),
        ["Shared.run"],
      );
    });

    it("a folder removed takes its tasks with it, reports their files and stops watching it", async () => {
      const billing = editor.addFolder("billing");
      editor.addFolder("shipping");
      const jobs = editor.write("billing/jobs.ts", tasks("Jobs", "run"));
      editor.write("shipping/jobs.ts", tasks("Jobs", "ship"));
      await started();
      editor.open.splice(editor.open.indexOf(billing), 1);
      index.foldersChanged([], [billing]);
      assert.deepEqual(changes, [[jobs]]);
      assert.deepEqual(allIds(), ["Jobs.ship"]);
      assert.equal(editor.isWatched(billing), false);
    });

    it("a folder that leaves the workspace while its files are listed is not scanned", async () => {
      const billing = editor.addFolder("billing");
      editor.write("billing/jobs.ts", tasks("Jobs", "run"));
      index.start();
      editor.open.splice(editor.open.indexOf(billing), 1);
      await index.whenScanned();
      assert.deepEqual(editor.parsed, []);
      assert.equal(editor.isWatched(billing), false);
      assert.deepEqual(changes, []);
    });

    it("a folder added is scanned and reported", async () => {
      editor.addFolder("billing");
      await started();
      const shipping = editor.addFolder("shipping");
      const jobs = editor.write("shipping/jobs.ts", tasks("Jobs", "ship"));
      index.foldersChanged([shipping], []);
      await index.whenScanned();
      assert.deepEqual(ids(jobs), ["Jobs.ship"]);
      assert.deepEqual(changes, [[jobs]]);
    });
  });

  describe("a folder opened again", () => {
    /** Closes the window (the index) and opens another on the same folders; `during` runs at each yield of its scan. */
    const reopen = async (during: () => void = () => {}) => {
      index.dispose();
      timers = new ManualTimers();
      timers.onYield = during;
      index = new TaskIndex(editor, new FakeLog(), timers);
      changes = [];
      index.onDidChange((files) => changes.push([...files].sort()));
      index.start();
      await index.whenScanned();
    };
    const shown = () => ({ tasks: allIds(), problems: index.problems.map((problem) => problem.message).sort() });

    it("shows its saved scan before reading a file, then reads it through and changes nothing", async () => {
      editor.addFolder("app");
      const loop = editor.write("app/loop.ts", selfCycle("Loop"));
      const one = editor.write("app/one.ts", tasks("One", "first"));
      await started();
      const first = shown();
      const seen: unknown[] = [];
      await reopen(() => seen.push(shown()));
      assert.deepEqual(seen[0], first, "shown before the first batch was read");
      assert.deepEqual(changes, [[loop, one]], "published once, from the saved scan");
      assert.deepEqual(shown(), first);
    });

    it("shows the saved scan before the folder is even listed, while its directories show no file added or gone", async () => {
      editor.addFolder("app");
      editor.write("app/loop.ts", selfCycle("Loop"));
      editor.write("app/one.ts", tasks("One", "first"));
      await started();
      const first = shown();
      const seen: unknown[] = [];
      editor.onFindFiles = () => seen.push(shown());
      await reopen();
      assert.deepEqual(seen, [first]);
    });

    it("waits for the listing when a file was added while it was closed, and shows that file's tasks", async () => {
      editor.addFolder("app");
      editor.write("app/one.ts", tasks("One", "first"));
      await started();
      const added = editor.write("app/lib/two.ts", tasks("Two", "second"));
      const seen: unknown[] = [];
      editor.onFindFiles = () => seen.push(shown());
      await reopen();
      assert.deepEqual(seen, [{ tasks: [], problems: [] }]);
      assert.deepEqual(ids(added), ["Two.second"]);
    });

    it("does not show a folder's saved scan before listing it when a folder inside it has been opened since", async () => {
      editor.addFolder("app");
      editor.write("app/one.ts", tasks("One", "first"));
      const innerFile = editor.write("app/inner/two.ts", tasks("Inner", "second"));
      await started();
      editor.addFolder("app/inner");
      const seen: unknown[] = [];
      editor.onFindFiles = () => seen.push(shown());
      await reopen();
      assert.deepEqual(seen[0], { tasks: [], problems: [] }, "app's saved scan holds inner's file too");
      assert.deepEqual(allIds(), ["Inner.second", "One.first"]);
      assert.deepEqual(
        index.tasksOfFolderOf(innerFile).map((task) => task.id),
        ["Inner.second"],
      );
    });

    it("shows every folder's saved scan before reading any folder", async () => {
      editor.addFolder("big");
      for (let i = 0; i < 250; i++) editor.write(`big/f${String(i).padStart(3, "0")}.ts`, tasks(`Big${i}`, "run"));
      editor.addFolder("small");
      editor.write("small/one.ts", tasks("Small", "first"));
      await started();
      const seen: unknown[] = [];
      await reopen(() => seen.push(allIds().includes("Small.first")));
      assert.equal(seen[0], true, "the second folder's tasks were shown while the first was still read");
      assert.equal(allIds().length, 251);
    });

    it("shows nothing saved when a file changed while it was closed, and what the files say once read", async () => {
      editor.addFolder("app");
      editor.write("app/loop.ts", selfCycle("Loop"));
      const one = editor.write("app/one.ts", tasks("One", "first"));
      await started();
      editor.write("app/one.ts", tasks("One", "renamed"));
      const seen: unknown[] = [];
      await reopen(() => seen.push(shown()));
      assert.deepEqual(seen[0], { tasks: [], problems: [] }, "nothing shown while the folder was read");
      assert.deepEqual(ids(one), ["One.renamed"]);
    });

    it("shows nothing saved when an editor holds unsaved text, which is not on disk", async () => {
      editor.addFolder("app");
      const one = editor.write("app/one.ts", tasks("One", "first"));
      await started();
      editor.edit(one, tasks("One", "typed"));
      const seen: unknown[] = [];
      await reopen(() => seen.push(shown()));
      assert.deepEqual(seen[0], { tasks: [], problems: [] });
      assert.deepEqual(ids(one), ["One.typed"]);
    });

    it("opens with what the last window showed after a file was saved in it", async () => {
      editor.addFolder("app");
      const one = editor.write("app/one.ts", tasks("One", "first"));
      await started();
      editor.write("app/one.ts", tasks("One", "saved"));
      editor.events(editor.open[0]).fileChanged(one);
      timers.runAll();
      const seen: unknown[] = [];
      await reopen(() => seen.push(shown()));
      assert.deepEqual(seen[0], { tasks: ["One.saved"], problems: [] }, "saved when the window closed");
    });

    it("publishes, once read through, an edit typed while the saved scan was shown", async () => {
      editor.addFolder("app");
      const one = editor.write("app/one.ts", tasks("One", "first"));
      await started();
      await reopen(() => {
        if (timers.yields === 1) {
          const document = editor.edit(one, tasks("One", "typed"));
          index.edited(document);
          timers.runAll();
          assert.deepEqual(ids(one), ["One.first"], "the saved scan is shown until the folder is read");
        }
      });
      assert.deepEqual(ids(one), ["One.typed"]);
      assert.deepEqual(changes, [[one], [one]]);
    });
  });
});
