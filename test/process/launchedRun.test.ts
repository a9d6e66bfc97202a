import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:net";
import { COORDINATOR_ADDRESS_ENV, MessageSocket } from "../../src/engine/coordinatorSocket";
import { LaunchedRun } from "../../src/engine/launchedRun";
import { bundlePath } from "../../src/shared/bundles";
import type { EngineOptions, RunEvent } from "../../src/shared/protocol";
import { byType, eventually, fixtures, lastRunEnd, processesWithMark } from "./helpers/cli";

/**
 * A run whose coordinator is started the way a debugger starts it: a plain process given the
 * run's environment, with no IPC channel, which connects back over the socket.
 */
function launched(file: string, tasks: string[], options: EngineOptions = {}) {
  const mark = randomUUID();
  const events: RunEvent[] = [];
  let launcherStops = 0;
  const run = new LaunchedRun({ file: join(fixtures, "engine", file), tasks, options }, () => launcherStops++);
  run.on("event", (event) => events.push(event));
  const coordinator = run.environment.then((env) =>
    spawn(process.execPath, [bundlePath("coordinator")], {
      cwd: join(fixtures, "engine"),
      env: { ...process.env, ...env, SEMISYNC_TEST_MARK: mark },
      stdio: "ignore",
    }),
  );
  const nothingLeft = () => eventually(() => processesWithMark(mark).length === 0, "every process of the run gone");
  return { run, events, coordinator, mark, nothingLeft, launcherStops: () => launcherStops };
}

const statuses = (events: RunEvent[]) =>
  Object.fromEntries(lastRunEnd(events).tasks.map((task) => [task.id, task.status]));

describe("engine: a run whose coordinator another program launches (a debugger), over a socket", () => {
  it("runs the graph with the same events and exit code as a forked coordinator", async () => {
    const { run, events, nothingLeft } = launched("graphMode.ts", ["Finance.profit"]);
    assert.equal(await run.exited, 0);
    assert.deepEqual(statuses(events), {
      "Finance.revenue": "succeeded",
      "Finance.expenses": "succeeded",
      "Finance.profit": "succeeded",
    });
    assert.ok(byType(events, "output").some((event) => event.text.includes("profit ran")));
    await nothingLeft();
  });

  it("lets in only the coordinator that knows the run's secret", async () => {
    const mark = randomUUID();
    const events: RunEvent[] = [];
    const run = new LaunchedRun(
      { file: join(fixtures, "engine", "graphMode.ts"), tasks: ["Finance.revenue"] },
      () => 0,
    );
    run.on("event", (event) => events.push(event));
    const env = await run.environment;
    const stranger = new MessageSocket(connect(env[COORDINATOR_ADDRESS_ENV]));
    stranger.send({ type: "hello", secret: "a guess", pid: process.pid });
    await new Promise<void>((resolve) => stranger.once("close", () => resolve()));
    spawn(process.execPath, [bundlePath("coordinator")], {
      cwd: join(fixtures, "engine"),
      env: { ...process.env, ...env, SEMISYNC_TEST_MARK: mark },
      stdio: "ignore",
    });
    assert.equal(await run.exited, 0);
    assert.deepEqual(statuses(events), { "Finance.revenue": "succeeded" });
    await eventually(() => processesWithMark(mark).length === 0, "every process of the run gone");
  });

  it("arms no timeout when asked to ignore them (a task paused at a breakpoint is not killed); otherwise it does", async () => {
    const debugged = launched("outlivesTimeout.ts", ["Paused.late"], { ignoreTimeouts: true });
    assert.equal(await debugged.run.exited, 0);
    assert.deepEqual(statuses(debugged.events), { "Paused.late": "succeeded" });
    const timed = launched("outlivesTimeout.ts", ["Paused.late"]);
    assert.equal(await timed.run.exited, 1);
    assert.deepEqual(statuses(timed.events), { "Paused.late": "timed-out" });
  });

  it("cancel stops the run, reports its tasks cancelled, and leaves no process behind", async () => {
    const { run, events, mark, nothingLeft } = launched("cancel.ts", ["Forever.wait"]);
    await eventually(() => byType(events, "task-start").length > 0, "Forever.wait to start");
    assert.ok(processesWithMark(mark).length >= 2, "a coordinator and a worker");
    run.cancel();
    assert.equal(await run.exited, 1);
    assert.deepEqual(statuses(events), { "Forever.wait": "cancelled" });
    await nothingLeft();
  });

  it("kill ends a coordinator that cannot answer (stopped, as when paused in a debugger): its workers follow, its tasks are cancelled", async () => {
    const { run, events, coordinator, mark, nothingLeft, launcherStops } = launched("cancel.ts", ["Forever.wait"]);
    await eventually(() => byType(events, "task-start").length > 0, "Forever.wait to start");
    process.kill((await coordinator).pid!, "SIGSTOP");
    assert.ok(processesWithMark(mark).length >= 2, "a coordinator and a worker");
    run.kill();
    assert.equal(await run.exited, 1);
    assert.equal(launcherStops(), 1, "the launcher is told to stop too");
    assert.deepEqual(
      byType(events, "task-cancelled").map((event) => event.key),
      ["Forever.wait"],
    );
    await nothingLeft();
  });

  it("a coordinator that never connects leaves the run to be abandoned, saying why", async () => {
    const run = new LaunchedRun({ file: join(fixtures, "engine", "graphMode.ts"), tasks: [] }, () => undefined);
    const events: RunEvent[] = [];
    run.on("event", (event) => events.push(event));
    await run.environment;
    run.abandon("the debugger did not start");
    assert.equal(await run.exited, 2);
    assert.deepEqual(
      byType(events, "graph-error").map((event) => event.message),
      ["the debugger did not start"],
    );
  });

  it("a coordinator launched again for a run that has ended (the debugger's Restart) says so and exits, leaving no process", async () => {
    const mark = randomUUID();
    const gone = join(tmpdir(), `semisync-${randomUUID()}.sock`);
    const coordinator = spawn(process.execPath, [bundlePath("coordinator")], {
      env: { ...process.env, [COORDINATOR_ADDRESS_ENV]: gone, SEMISYNC_TEST_MARK: mark },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    coordinator.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
    await new Promise((resolve) => coordinator.on("close", resolve));
    assert.match(stderr, /could not reach the editor that started its run .*Use Debug Task again/);
    await eventually(() => processesWithMark(mark).length === 0, "every process of it gone");
  });
});
