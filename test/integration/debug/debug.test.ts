import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as vscode from "vscode";
import type { RunOutcome } from "../../../src/extension/runController";
import { liveProcesses } from "../../helpers/processes";
import { COORDINATOR_ADDRESS_ENV } from "../../../src/engine/coordinatorSocket";
import { eventually, fixture, runViewText, semisync } from "../helpers";

interface Stop {
  session: vscode.DebugSession;
  threadId: number;
}

interface Frame {
  id: number;
  line: number;
  source?: { path?: string };
}

/** Every `stopped` event any debug session sends, in order (where the debugger paused), and the sessions that ended. */
function watchStops(): { stops: Stop[]; ended: Set<string>; dispose(): void } {
  const stops: Stop[] = [];
  const ended = new Set<string>();
  const tracking = vscode.debug.registerDebugAdapterTrackerFactory("*", {
    createDebugAdapterTracker: (session) => ({
      onDidSendMessage: (message: { type?: string; event?: string; body?: { threadId: number } }) => {
        if (message.type !== "event") return;
        if (message.event === "stopped") stops.push({ session, threadId: message.body!.threadId });
        if (message.event === "terminated") ended.add(session.id);
      },
    }),
  });
  return { stops, ended, dispose: () => tracking.dispose() };
}

/**
 * Continue, as F5 does. Continuing the run's last task can end the run before js-debug has
 * the answer: the run's end kills its workers, and js-debug then says "Unable to resume" (to
 * no one: in the editor that error is silent). That is a continue that worked only if the
 * paused process is gone; one still there did not resume.
 */
async function resume(stop: Stop, ended: Set<string>): Promise<void> {
  try {
    await stop.session.customRequest("continue", { threadId: stop.threadId });
  } catch (error) {
    await eventually(
      () => ended.has(stop.session.id),
      `the paused process to end, as Continue failed with "${(error as Error).message}"`,
    );
  }
}

/** A breakpoint on a 1-based line, as a person sets it with F9. */
function breakpointAt(file: string, line: number): vscode.SourceBreakpoint {
  return new vscode.SourceBreakpoint(
    new vscode.Location(vscode.Uri.file(fixture(file)), new vscode.Position(line - 1, 0)),
  );
}

/** Waits for the next pause, and reads where it is: the top frame and the value of an expression there. */
async function nextPause(stops: Stop[], expression: string) {
  const stop = await eventually(() => stops.shift(), "the debugger to stop at a breakpoint", 50_000);
  const { stackFrames } = (await stop.session.customRequest("stackTrace", { threadId: stop.threadId })) as {
    stackFrames: Frame[];
  };
  const [top] = stackFrames;
  const { result } = (await stop.session.customRequest("evaluate", {
    expression,
    frameId: top.id,
    context: "watch",
  })) as { result: string };
  // In code-server the path is the remote's URI (vscode-remote://host/path).
  const path = top.source?.path;
  return { ...stop, file: path?.includes("://") ? vscode.Uri.parse(path).path : path, line: top.line, value: result };
}

/**
 * Live processes of debug runs: those whose environment has the address a launched coordinator
 * connects back to (its workers inherit it). A spare coordinator started meanwhile has none.
 */
function debugRunProcesses(): number[] {
  return liveProcesses((pid) => readFileSync(`/proc/${pid}/environ`, "utf8").includes(`${COORDINATOR_ADDRESS_ENV}=`));
}

const parentOf = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")[1]);

const rootOf = (session: vscode.DebugSession) => {
  while (session.parentSession) session = session.parentSession;
  return session;
};

describe("debugging a task", () => {
  let watching: ReturnType<typeof watchStops>;
  before(semisync);
  beforeEach(() => (watching = watchStops()));
  afterEach(async () => {
    watching.dispose();
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    // A failed test may leave its run paused: the next one starts from nothing running.
    await vscode.debug.stopDebugging();
    const api = await semisync();
    await eventually(() => !api.runs.isRunning, "the last debug run over");
    // Its processes exit after the run has ended for the editor: each test counts only its own.
    await eventually(() => debugRunProcesses().length === 0, "every process of the last debug run gone");
    await vscode.commands.executeCommand("semisync.clear");
  });

  it("stops at a breakpoint in the task's body, on its TypeScript line, shows its locals, and the run succeeds after Continue", async () => {
    vscode.debug.addBreakpoints([breakpointAt("tank.ts", 13)]);
    const outcome = vscode.commands.executeCommand<RunOutcome>("semisync.debugTask", fixture("tank.ts"), "Tank.fill");
    const pause = await nextPause(watching.stops, "litres");
    assert.deepEqual([pause.file, pause.line, pause.value], [fixture("tank.ts"), 13, "3"]);
    await resume(pause, watching.ended);
    assert.deepEqual(await outcome, { exitCode: 0 });
    const api = await semisync();
    assert.deepEqual(
      runViewText(api).map((row) => `${row.label} ${row.description.split(" · ")[0]}`),
      ["Tank.fill succeeded"],
    );
  });

  it("debugs the task of a row of the Graph view and of the Run view, as their Debug buttons do", async () => {
    const api = await semisync();
    const graph = api.views.graph;
    const file = graph.getChildren().find((node) => node.kind === "file" && node.file === fixture("tank.ts"))!;
    const [tankClass] = graph.getChildren(file);
    const fill = graph.getChildren(tankClass).find((node) => node.kind === "task" && node.task.id === "Tank.fill")!;
    assert.deepEqual(await vscode.commands.executeCommand<RunOutcome>("semisync.debugTask", fill), { exitCode: 0 });
    const [row] = api.views.run.getChildren();
    assert.deepEqual(row, { kind: "task", key: "Tank.fill" });
    assert.deepEqual(await vscode.commands.executeCommand<RunOutcome>("semisync.debugTask", row), { exitCode: 0 });
    assert.equal(api.runs.current?.title, "debugging Tank.fill");
  });

  it("stops in code the task calls in another file (reached through tsconfig paths) and in its callback; a pause outlasts the task's timeout", async () => {
    vscode.debug.addBreakpoints([breakpointAt("lib/measure.ts", 4), breakpointAt("tank.ts", 6)]);
    const outcome = vscode.commands.executeCommand<RunOutcome>("semisync.debugTask", fixture("tank.ts"), "Tank.total");
    const inHelper = await nextPause(watching.stops, "doubled");
    assert.deepEqual([inHelper.file, inHelper.line, inHelper.value], [fixture("lib/measure.ts"), 4, "8"]);
    // Tank.total's timeout is 500 ms: paused twice as long, it must still not be killed.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await resume(inHelper, watching.ended);
    const inCallback = await nextPause(watching.stops, "shown");
    assert.deepEqual(
      [inCallback.file, inCallback.line, inCallback.value],
      [fixture("tank.ts"), 6, "'tank holds 8 litres'"],
    );
    await resume(inCallback, watching.ended);
    assert.deepEqual(await outcome, { exitCode: 0 });
    const api = await semisync();
    assert.deepEqual(
      runViewText(api).map((row) => `${row.label} ${row.description.split(" · ")[0]} ${row.lines.join("|")}`),
      ["Tank.fill succeeded ", "Tank.total succeeded tank holds 8 litres"],
    );
  });

  it("debugs a task whose dependency is declared in a file it imports: stops in both, each on its TypeScript line", async () => {
    vscode.debug.addBreakpoints([breakpointAt("tank.ts", 13), breakpointAt("pipe.ts", 9)]);
    const outcome = vscode.commands.executeCommand<RunOutcome>("semisync.debugTask", fixture("pipe.ts"), "Pipe.drain");
    const upstream = await nextPause(watching.stops, "litres");
    assert.deepEqual([upstream.file, upstream.line, upstream.value], [fixture("tank.ts"), 13, "3"]);
    await resume(upstream, watching.ended);
    const chosen = await nextPause(watching.stops, "drained");
    assert.deepEqual([chosen.file, chosen.line, chosen.value], [fixture("pipe.ts"), 9, "2"]);
    await resume(chosen, watching.ended);
    assert.deepEqual(await outcome, { exitCode: 0 });
    const api = await semisync();
    assert.deepEqual(
      runViewText(api).map((row) => `${row.label} ${row.description.split(" · ")[0]}`),
      ["Tank.fill succeeded", "Pipe.drain succeeded"],
    );
  });

  it("stops on the right line of a task declared with experimentalDecorators", async () => {
    vscode.debug.addBreakpoints([breakpointAt("legacy/pump.ts", 8)]);
    const outcome = vscode.commands.executeCommand<RunOutcome>(
      "semisync.debugTask",
      fixture("legacy/pump.ts"),
      "Pump.start",
    );
    const pause = await nextPause(watching.stops, "pressure");
    assert.deepEqual([pause.file, pause.line, pause.value], [fixture("legacy/pump.ts"), 8, "7"]);
    await resume(pause, watching.ended);
    assert.deepEqual(await outcome, { exitCode: 0 });
  });

  it("a task that ends its worker fails alone: the worker's debug session ends, the run goes on", async () => {
    const outcome = vscode.commands.executeCommand<RunOutcome>(
      "semisync.debugTask",
      fixture("crash.ts"),
      "Crash.after",
    );
    assert.deepEqual(await outcome, { exitCode: 1 });
    const api = await semisync();
    assert.deepEqual(
      runViewText(api).map((row) => `${row.label} ${row.description.split(" · ")[0]}`),
      ["Crash.exits failed", "Crash.independent succeeded", "Crash.after skipped"],
    );
  });

  it("stopping the debug session cancels the run and leaves no process behind", async () => {
    vscode.debug.addBreakpoints([breakpointAt("tank.ts", 13)]);
    const outcome = vscode.commands.executeCommand<RunOutcome>("semisync.debugTask", fixture("tank.ts"), "Tank.total");
    const pause = await nextPause(watching.stops, "litres");
    const run = debugRunProcesses();
    const coordinators = run.filter((pid) => readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("coordinator.js"));
    assert.equal(coordinators.length, 1, "one coordinator");
    assert.ok(run.length >= 2, `and a worker (${run})`);
    // js-debug launches the coordinator from this extension host: when the window closes, the
    // coordinator sees its parent gone and exits, and its workers with it (see watchParent.ts).
    assert.equal(parentOf(coordinators[0]), process.pid);
    await vscode.debug.stopDebugging(rootOf(pause.session));
    assert.deepEqual(await outcome, { exitCode: 1 });
    const api = await semisync();
    assert.deepEqual(
      runViewText(api).map((row) => `${row.label} ${row.description.split(" · ")[0]}`),
      ["Tank.fill cancelled", "Tank.total cancelled"],
    );
    await eventually(
      () => debugRunProcesses().every((pid) => !run.includes(pid)),
      "every process of the stopped run gone",
    );
  });
});
