import { strict as assert } from "node:assert";
import { join } from "node:path";
import { Emitter } from "../../src/extension/emitter";
import type { RunOutcome } from "../../src/extension/runController";
import {
  RunOnSave,
  SAVE_DEBOUNCE_MS,
  saveRun,
  type RunOnSaveMode,
  type SaveRunner,
} from "../../src/extension/runOnSave";
import type { RunTarget } from "../../src/extension/runTarget";
import { scanPaths } from "../../src/scanner/scan";
import { fixtures } from "../helpers/paths";
import { FakeLog, ManualTimers, settle } from "./helpers/editorFakes";

/** The saved tasks are in a run because they were chosen, as a click on their lens chooses them. */
const chosen = (...ids: string[]) => Object.fromEntries(ids.map((id) => [id, { kind: "chosen" }]));

const cwd = join(fixtures, "editor");
const tasks = scanPaths(["."], cwd).tasks.map((task) => ({ ...task, file: join(cwd, task.file) }));
const index = {
  tasksIn: (file: string) => tasks.filter((task) => task.file === file),
  tasksOfFolderOf: () => tasks,
};
const file = (name: string) => join(cwd, name);

/** The run controller as run on save sees it: runs it was asked for, cancels, and an end the test decides. */
class FakeRunner implements SaveRunner {
  isRunning = false;
  isDebugging = false;
  cancels = 0;
  readonly started: Array<{ target: RunTarget; title: string; cwd?: string; showRunView: boolean }> = [];
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;

  run(target: RunTarget, title: string, cwd: string | undefined, options: { showRunView: boolean }) {
    this.started.push({ target, title, cwd, showRunView: options.showRunView });
    this.isRunning = true;
    return new Promise<RunOutcome>(() => {});
  }

  cancel(): void {
    this.cancels++;
  }

  /** The run's processes have gone: what the controller says once a cancelled run has ended. */
  end(): void {
    this.isRunning = false;
    this.changed.fire();
  }
}

describe("extension: run on save", () => {
  let timers: ManualTimers;
  let runner: FakeRunner;
  let log: FakeLog;
  let mode: RunOnSaveMode;
  let trusted: boolean;
  let onSave: RunOnSave;

  beforeEach(() => {
    timers = new ManualTimers();
    runner = new FakeRunner();
    log = new FakeLog();
    mode = "task";
    trusted = true;
    const host = { mode: () => mode, isTrusted: () => trusted, folderOf: () => cwd };
    onSave = new RunOnSave(index, runner, host, log, timers);
  });
  afterEach(() => onSave.dispose());

  /** The debounce's time comes, and the run it starts is asked for. */
  async function debounceEnds(): Promise<void> {
    timers.runAll();
    await onSave.whenStarted();
  }

  it("with `task`, reruns the saved file's tasks (the engine adds what they need) once the saves pause, without taking the focus", async () => {
    onSave.saved(file("finance.ts"));
    assert.deepEqual(timers.waiting, [SAVE_DEBOUNCE_MS]);
    assert.equal(runner.started.length, 0, "nothing runs before the debounce ends");
    await debounceEnds();
    assert.deepEqual(runner.started, [
      {
        target: {
          file: file("finance.ts"),
          alsoLoad: [],
          tasks: ["Finance.profit"],
          reasons: chosen("Finance.revenue", "Finance.expenses", "Finance.profit"),
        },
        title: "Finance.revenue, Finance.expenses, Finance.profit (saved)",
        cwd,
        showRunView: false,
      },
    ]);
  });

  it("folds saves of several files within the debounce into one run", async () => {
    onSave.saved(file("audit.ts"));
    onSave.saved(file("report.ts"));
    onSave.saved(file("audit.ts"));
    assert.deepEqual(timers.waiting, [SAVE_DEBOUNCE_MS], "one debounce for the burst");
    await debounceEnds();
    assert.equal(runner.started.length, 1);
    const { target } = runner.started[0];
    assert.deepEqual(
      [target.file, ...target.alsoLoad],
      [file("report.ts"), file("audit.ts")],
      "from the file saved last",
    );
    assert.deepEqual(target.tasks.sort(), ["Audit.check", "Report.print"]);
  });

  it("with `graph`, runs every graph the saved tasks belong to, through its entry points", async () => {
    mode = "graph";
    onSave.saved(file("finance.ts"));
    await debounceEnds();
    const { target, title } = runner.started[0];
    assert.deepEqual([target.file, ...target.alsoLoad].sort(), [file("audit.ts"), file("report.ts")]);
    assert.deepEqual(target.tasks.sort(), ["Audit.check", "Report.print"]);
    assert.equal(title, "the graph of Finance.revenue, Finance.expenses, Finance.profit (saved)");
  });

  it("a save during a debug run leaves it going: saving a fix while paused at a breakpoint is part of debugging", async () => {
    runner.isRunning = true;
    runner.isDebugging = true;
    onSave.saved(file("slow.ts"));
    timers.runAll();
    await settle();
    assert.equal(runner.cancels, 0);
    assert.equal(runner.started.length, 0);
  });

  it("a save during a run cancels it, and the new run starts only once the cancelled one has ended, with every save meanwhile", async () => {
    onSave.saved(file("slow.ts"));
    await debounceEnds();
    assert.equal(runner.started.length, 1);

    onSave.saved(file("slow.ts"));
    timers.runAll();
    await settle();
    assert.equal(runner.cancels, 1);
    assert.equal(runner.started.length, 1, "the controller refuses a second run while one goes");
    onSave.saved(file("finance.ts"));
    timers.runAll();
    await settle();
    assert.equal(runner.cancels, 1, "the run is cancelled once");

    runner.end();
    await onSave.whenStarted();
    assert.equal(runner.started.length, 2);
    assert.deepEqual(runner.started[1].target, {
      file: file("finance.ts"),
      alsoLoad: [file("slow.ts")],
      tasks: ["Slow.wait", "Finance.profit"],
      reasons: chosen("Slow.wait", "Finance.revenue", "Finance.expenses", "Finance.profit"),
    });
  });

  it("`off` and an untrusted workspace start nothing and wait for nothing", async () => {
    mode = "off";
    onSave.saved(file("finance.ts"));
    mode = "task";
    trusted = false;
    onSave.saved(file("finance.ts"));
    assert.deepEqual(timers.waiting, []);
    await debounceEnds();
    assert.deepEqual(runner.started, []);
  });

  it("a file without tasks runs nothing, and a task whose graph has a cycle is left out, in the log", async () => {
    onSave.saved(file("tsconfig.json"));
    await debounceEnds();
    onSave.saved(file("loop.ts"));
    await debounceEnds();
    assert.deepEqual(runner.started, []);
    assert.deepEqual(log.lines, [
      "warn run on save: left out, because their graph has a cycle: Loop.first, Loop.second",
    ]);
  });

  it("saveRun keeps the graphs without a cycle of the saved files", () => {
    const run = saveRun(index, [file("loop.ts"), file("slow.ts")], "graph");
    assert.deepEqual(run, {
      target: { file: file("slow.ts"), alsoLoad: [], tasks: ["Slow.wait"], reasons: chosen("Slow.wait") },
      title: "the graph of Slow.wait (saved)",
      leftOut: ["Loop.first", "Loop.second"],
    });
  });
});
