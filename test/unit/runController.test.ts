import { strict as assert } from "node:assert";
import { EventEmitter } from "node:events";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunRequest } from "../../src/engine/client";
import {
  ALREADY_RUNNING,
  DEBUG_HERE,
  DEBUG_TIMEOUTS,
  RunController,
  TRUST_REFUSAL,
  type RunHost,
  type RunOutcome,
  type RunProcess,
} from "../../src/extension/runController";
import type { CallInfo, RunEvent } from "../../src/shared/protocol";
import { FakeLog, settle } from "./helpers/editorFakes";

/** A coordinator that says what the test tells it to, and exits when told. */
class FakeRun extends EventEmitter<{ event: [RunEvent] }> implements RunProcess {
  readonly exited: Promise<number>;
  exit!: (code: number) => void;
  cancels = 0;
  kills = 0;

  constructor(readonly request: RunRequest) {
    super();
    this.exited = new Promise((resolve) => (this.exit = resolve));
  }

  send(...events: RunEvent[]): void {
    for (const event of events) this.emit("event", event);
  }

  cancel(): void {
    this.cancels++;
  }

  kill(): void {
    this.kills++;
  }
}

/** The editor around the controller: what it was asked to show, and the runs it was asked to start. */
class FakeHost implements RunHost {
  trusted = true;
  readonly said: string[] = [];
  readonly running: boolean[] = [];
  readonly progress: string[] = [];
  readonly runs: FakeRun[] = [];
  readonly prepared: Array<Parameters<NonNullable<RunHost["prepareRun"]>>[0]> = [];
  runViewShown = 0;
  private readonly cancelListeners = new Set<() => void>();

  isTrusted = () => this.trusted;
  refuseUntrusted = (message: string) => void this.said.push(`warning: ${message}`);
  inform = (message: string) => void this.said.push(`information: ${message}`);
  showGraphError = (message: string) => void this.said.push(`error: ${message}`);
  redisUrl?: string;
  runSettings = () => ({ run: { maxWorkers: 2 }, redisUrl: this.redisUrl });
  setRunning = (running: boolean) => void this.running.push(running);
  showRunView = () => void this.runViewShown++;

  prepareRun: RunHost["prepareRun"] = (setting) => void this.prepared.push(setting);

  startRun(request: RunRequest): FakeRun {
    const run = new FakeRun(request);
    this.runs.push(run);
    return run;
  }

  readonly debugRuns: FakeRun[] = [];

  startDebugRun(request: RunRequest): FakeRun {
    const run = this.startRun(request);
    this.debugRuns.push(run);
    return run;
  }

  withProgress: RunHost["withProgress"] = (title, work) =>
    work(
      { report: ({ message }) => void this.progress.push(`${title}: ${message}`) },
      {
        onCancellationRequested: (listener) => {
          this.cancelListeners.add(listener);
          return { dispose: () => this.cancelListeners.delete(listener) };
        },
      },
    );

  /** The Cancel button of the progress notification. */
  clickCancel(): void {
    for (const listener of this.cancelListeners) listener();
  }
}

const call = (key: string, file: string): CallInfo => ({ key, id: key, call: 0, file, implicit: false });
const target = (file: string, ...tasks: string[]) => ({ file, alsoLoad: [], tasks });

describe("extension: the run controller", () => {
  let host: FakeHost;
  let log: FakeLog;
  let runs: RunController;
  let changes: number;

  beforeEach(() => {
    host = new FakeHost();
    log = new FakeLog();
    runs = new RunController(host, log);
    changes = 0;
    runs.onDidChange(() => changes++);
  });
  afterEach(() => runs.dispose());

  it("folds a run's events into a row per task, and ends with the exit code", async () => {
    const outcome = runs.run(target("/w/a.ts", "A.two"), "the graph of A.two", "/w");
    const [run] = host.runs;
    assert.deepEqual(run.request, {
      file: "/w/a.ts",
      alsoLoad: [],
      tasks: ["A.two"],
      cwd: "/w",
      options: { maxWorkers: 2 },
      nodePath: undefined,
    });
    assert.equal(runs.isRunning, true);
    run.send(
      {
        type: "run-start",
        version: 1,
        runId: 1,
        maxWorkers: 2,
        tasks: [call("A.one", "/w/a.ts"), call("A.two", "/w/a.ts")],
        dependencies: { "A.one": [], "A.two": ["A.one"] },
      },
      { type: "task-start", key: "A.one", atMs: 1, worker: 1 },
      { type: "output", key: "A.one", stream: "callback", text: "one says hi\n" },
      { type: "task-succeeded", key: "A.one", atMs: 301, durationMs: 300 },
      { type: "task-start", key: "A.two", atMs: 301, worker: 1 },
      {
        type: "task-failed",
        key: "A.two",
        atMs: 302,
        durationMs: 1,
        error: { name: "Error", message: "boom", stack: "Error: boom\n    at two" },
      },
    );
    const state = runs.current!;
    assert.deepEqual(
      [...state.model.rows.values()].map((row) => [row.key, row.status, row.output]),
      [
        ["A.one", "succeeded", "one says hi\n"],
        ["A.two", "failed", ""],
      ],
    );
    assert.deepEqual(state.dependencies.get("A.two"), ["A.one"]);
    run.exit(1);
    assert.deepEqual(await outcome, { exitCode: 1 });
    assert.equal(state.exitCode, 1);
    assert.equal(runs.isRunning, false);
    assert.deepEqual(host.running, [true, false]);
    assert.equal(host.runViewShown, 1);
    assert.equal(changes, 8, "a change when the run starts, at each of its 6 events, and when it ends");
    assert.ok(log.lines.includes("info [A.one] one says hi"));
    assert.ok(log.lines.includes("info A.one succeeded in 300 ms"));
    assert.ok(log.lines.includes("error A.two failed in 1 ms\nError: boom\n    at two"));
  });

  it("remembers each task's last run by its file, however the file is spelled, and its id", async () => {
    const dir = mkdtempSync(join(tmpdir(), "semisync-runs-"));
    try {
      const real = join(dir, "jobs.ts");
      const link = join(dir, "link.ts");
      writeFileSync(real, "");
      symlinkSync(real, link);
      const other = join(dir, "other.ts");
      const finish = async (status: "succeeded" | "failed", file: string) => {
        const outcome = runs.run(target(file, "Jobs.run"), "Jobs.run", dir);
        host.runs.at(-1)!.send(
          {
            type: "run-start",
            version: 1,
            runId: 1,
            maxWorkers: 1,
            tasks: [call("Jobs.run", file)],
            dependencies: { "Jobs.run": [] },
          },
          {
            type: "run-end",
            runId: 1,
            durationMs: 50,
            ok: status === "succeeded",
            tasks: [{ key: "Jobs.run", id: "Jobs.run", call: 0, status, startMs: 10, endMs: 52 }],
          },
        );
        host.runs.at(-1)!.exit(status === "succeeded" ? 0 : 1);
        await outcome;
      };
      assert.equal(runs.lastRun({ file: real, id: "Jobs.run" }), undefined);
      // The engine names the file as Node resolved it; the editor may name it by the link.
      await finish("succeeded", real);
      assert.deepEqual(runs.lastRun({ file: link, id: "Jobs.run" }), { status: "succeeded", durationMs: 42 });
      assert.equal(runs.lastRun({ file: other, id: "Jobs.run" }), undefined, "the same id in another file");
      assert.equal(runs.lastRun({ file: real, id: "Jobs.fetch" }), undefined);
      await finish("failed", link);
      assert.equal(runs.lastRun({ file: real, id: "Jobs.run" })?.status, "failed");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a second run while one goes, says so, and starts nothing", async () => {
    const first = runs.run(target("/w/a.ts", "A.one"), "A.one", "/w");
    assert.deepEqual(await runs.run(target("/w/b.ts", "B.one"), "B.one", "/w"), { refused: ALREADY_RUNNING });
    assert.deepEqual(host.said, [`information: ${ALREADY_RUNNING}`]);
    assert.equal(host.runs.length, 1);
    assert.equal(runs.current?.title, "A.one", "the run on screen is still the first");
    host.runs[0].exit(0);
    await first;
    const second = runs.run(target("/w/b.ts", "B.one"), "B.one", "/w");
    assert.equal(host.runs.length, 2, "once the first has ended, another may start");
    host.runs[1].exit(0);
    assert.deepEqual(await second, { exitCode: 0 });
    assert.equal(runs.current?.number, 2);
  });

  it("refuses to run in an untrusted workspace, says why, and starts nothing", async () => {
    host.trusted = false;
    const outcome: RunOutcome = await runs.run(target("/w/a.ts", "A.one"), "A.one", "/w");
    assert.deepEqual(outcome, { refused: TRUST_REFUSAL });
    assert.deepEqual(host.said, [`warning: ${TRUST_REFUSAL}`]);
    assert.deepEqual(host.runs, []);
    assert.deepEqual(host.running, []);
    assert.equal(runs.current, undefined);
  });

  it("reports progress as tasks finished of tasks in the run", async () => {
    const outcome = runs.run(target("/w/a.ts", "A.three"), "A.three", "/w");
    const [run] = host.runs;
    run.send(
      {
        type: "run-start",
        version: 1,
        runId: 1,
        maxWorkers: 2,
        tasks: ["A.one", "A.two", "A.three"].map((key) => call(key, "/w/a.ts")),
        dependencies: { "A.one": [], "A.two": [], "A.three": [] },
      },
      { type: "task-start", key: "A.one", atMs: 1, worker: 1 },
      { type: "task-start", key: "A.two", atMs: 1, worker: 2 },
      { type: "task-succeeded", key: "A.one", atMs: 2, durationMs: 1 },
      { type: "output", key: "A.two", stream: "stdout", text: "hi\n" },
      { type: "task-failed", key: "A.two", atMs: 3, durationMs: 1, error: { name: "Error", message: "boom" } },
      { type: "task-skipped", key: "A.three", reason: "upstream failed: A.two" },
    );
    run.exit(1);
    await outcome;
    assert.deepEqual(host.progress, [
      "semisync: A.three: 1/3 done",
      "semisync: A.three: 2/3 done",
      "semisync: A.three: 3/3 done",
    ]);
  });

  it("reports a large run's progress once a percent, not once a task, and always its end", async () => {
    const keys = Array.from({ length: 1000 }, (_, i) => `A.t${i}`);
    const outcome = runs.run(target("/w/a.ts", "A.t0"), "A.t0", "/w");
    const [run] = host.runs;
    run.send(
      {
        type: "run-start",
        version: 1,
        runId: 1,
        maxWorkers: 2,
        tasks: keys.map((key) => call(key, "/w/a.ts")),
        dependencies: Object.fromEntries(keys.map((key) => [key, []])),
      },
      ...keys.map((key) => ({ type: "task-succeeded" as const, key, atMs: 1, durationMs: 1 })),
    );
    run.exit(0);
    await outcome;
    assert.equal(host.progress.length, 100);
    assert.equal(host.progress.at(-1), "semisync: A.t0: 1000/1000 done");
  });

  it("the notification's Cancel cancels the run politely; closing the window kills it at once", async () => {
    const outcome = runs.run(target("/w/a.ts", "A.one"), "A.one", "/w");
    const [run] = host.runs;
    host.clickCancel();
    assert.equal(run.cancels, 1);
    runs.dispose();
    assert.deepEqual([run.cancels, run.kills], [1, 1], "dispose kills, and does not cancel again");
    run.exit(1);
    await outcome;
    host.clickCancel();
    assert.equal(run.cancels, 1, "the Cancel button is let go once the run is over");
  });

  it("a graph that could not run says why, once it has ended", async () => {
    const outcome = runs.run(target("/w/loop.ts", "Loop.first"), "the graph of Loop.first", "/w");
    host.runs[0].send({ type: "graph-error", problems: [], message: "dependency cycle: Loop.first -> Loop.first" });
    await settle();
    assert.deepEqual(host.said, [], "nothing said before the run has ended");
    host.runs[0].exit(2);
    assert.deepEqual(await outcome, { exitCode: 2 });
    assert.equal(runs.current?.graphError, "dependency cycle: Loop.first -> Loop.first");
    assert.deepEqual(host.said, [
      "error: semisync could not run the graph of Loop.first: dependency cycle: Loop.first -> Loop.first",
    ]);
  });

  it("a debug run starts through the debugger with timeouts off, says so in the log, and is folded like any run", async () => {
    const outcome = runs.run(target("/w/a.ts", "A.one"), "A.one", "/w", { debug: true });
    assert.equal(host.debugRuns.length, 1, "the host's debugger starts it");
    const [run] = host.debugRuns;
    assert.deepEqual(run.request.options, { maxWorkers: 2, ignoreTimeouts: true });
    assert.ok(log.lines.includes(`info ${DEBUG_TIMEOUTS}`));
    run.send(
      {
        type: "run-start",
        version: 1,
        runId: 1,
        maxWorkers: 2,
        tasks: [call("A.one", "/w/a.ts")],
        dependencies: { "A.one": [] },
      },
      { type: "task-start", key: "A.one", atMs: 1, worker: 7 },
    );
    assert.equal(runs.current?.model.rows.get("A.one")?.status, "running");
    run.exit(0);
    assert.deepEqual(await outcome, { exitCode: 0 });

    void runs.run(target("/w/a.ts", "A.one"), "A.one", "/w");
    assert.equal(host.debugRuns.length, 1, "a run that is not debugged does not start the debugger");
    assert.deepEqual(host.runs.at(-1)!.request.options, { maxWorkers: 2 });
    host.runs.at(-1)!.exit(0);
  });

  it("with semisync.redisUrl, sends the tasks through that Redis, rooted at the folder, with the files the coordinator loads", async () => {
    host.redisUrl = "redis://queue-host:6379";
    const outcome = runs.run({ file: "/w/a.ts", alsoLoad: ["/w/b.ts"], tasks: ["A.one"] }, "A.one", "/w");
    // The coordinator reads their program's files from disk, as it loads them: the editor's unsaved text is not what runs.
    assert.deepEqual(host.runs[0].request.redis, { url: "redis://queue-host:6379", root: "/w" });
    assert.deepEqual([host.runs[0].request.file, host.runs[0].request.alsoLoad], ["/w/a.ts", ["/w/b.ts"]]);
    host.runs[0].exit(0);
    await outcome;
    host.redisUrl = undefined;
    void runs.run(target("/w/a.ts", "A.one"), "A.one", "/w");
    assert.equal(host.runs[1].request.redis, undefined, "cleared, the setting runs on this machine again");
    host.runs[1].exit(0);
  });

  it("through Redis, shows what semisync says outside any task (no worker takes the tasks), but not the program's stderr", async () => {
    host.redisUrl = "redis://queue-host:6379";
    const outcome = runs.run(target("/w/a.ts", "A.one"), "A.one", "/w");
    const note = "semisync: no semisync worker is taking tasks from redis://queue-host:6379; start one with …\n";
    host.runs[0].send(
      { type: "output", stream: "stderr", text: note },
      { type: "output", stream: "stderr", text: "the program's own warning\n" },
      { type: "output", key: "A.one", stream: "stderr", text: "semisync: a task's own line\n" },
    );
    assert.deepEqual(host.said, [`information: ${note.trim()}`]);
    host.runs[0].exit(0);
    await outcome;
  });

  it("debugs on this machine with semisync.redisUrl set, and says why: the debugger cannot reach another machine", async () => {
    host.redisUrl = "redis://queue-host:6379";
    const outcome = runs.run(target("/w/a.ts", "A.one"), "A.one", "/w", { debug: true });
    assert.equal(host.debugRuns[0].request.redis, undefined);
    assert.deepEqual(host.said, [`information: semisync: ${DEBUG_HERE}.`]);
    assert.ok(log.lines.includes(`info ${DEBUG_HERE}`));
    host.debugRuns[0].exit(0);
    await outcome;
  });

  it("clears the run on screen, but not while it goes", async () => {
    const outcome = runs.run(target("/w/a.ts", "A.one"), "A.one", "/w");
    runs.clear();
    assert.equal(runs.current?.title, "A.one");
    host.runs[0].exit(0);
    await outcome;
    runs.clear();
    assert.equal(runs.current, undefined);
  });
  it("asks for the next run's processes once a run ends, in that run's folder, and not while a run goes", async () => {
    runs.warmUp("/w");
    assert.deepEqual(host.prepared, [{ cwd: "/w", nodePath: undefined }]);
    const outcome = runs.run(target("/w/a.ts", "A.one"), "A.one", "/w");
    runs.warmUp("/w");
    assert.equal(host.prepared.length, 1, "a run going: its processes are busy, the spare waits for its end");
    host.runs[0].exit(0);
    await outcome;
    assert.deepEqual(host.prepared, [
      { cwd: "/w", nodePath: undefined },
      { cwd: "/w", nodePath: undefined },
    ]);
  });

  it("with semisync.redisUrl, asks for a coordinator ready for a run through Redis", () => {
    host.redisUrl = "redis://queue-host:6379";
    runs.warmUp("/w");
    assert.deepEqual(host.prepared, [{ cwd: "/w", nodePath: undefined, throughRedis: true }]);
  });

  it("starts no process ahead of need in an untrusted workspace", () => {
    host.trusted = false;
    runs.warmUp("/w");
    assert.deepEqual(host.prepared, []);
  });
});
