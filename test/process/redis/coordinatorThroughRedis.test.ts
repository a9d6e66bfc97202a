import { strict as assert } from "node:assert";
import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { join } from "node:path";
import { forkCoordinator, startRun, type RunRequest } from "../../../src/engine/client";
import type { RunEvent } from "../../../src/shared/protocol";
import { byType, callbackOutput, eventually, processesWithMark } from "../helpers/cli";
import { nothingLeft } from "../faults/matrix";
import { appendTo, Machine, project, RedisServer } from "./machines";

/** The editor's way: a coordinator process told by its start message to send the tasks through Redis. */
function editorRun(url: string, tasks: string[], spare?: ReturnType<typeof forkCoordinator>, name = "diamond.ts") {
  const mark = randomUUID();
  const file = join(project, name);
  const request: RunRequest = {
    file,
    tasks,
    cwd: project,
    env: { ...process.env, SEMISYNC_TEST_MARK: mark },
    redis: { url, root: project },
  };
  const events: RunEvent[] = [];
  const run = startRun(request, spare);
  run.on("event", (event) => events.push(event));
  return { run, events, mark, request };
}

/** A port nothing listens on: one the system just handed out and took back. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe("the editor's coordinator process, through a real Redis (semisync.redisUrl)", function () {
  this.timeout(90_000);
  let redis: RedisServer;

  before(async () => {
    redis = await RedisServer.start();
  });
  after(async () => {
    await redis?.stop();
  });

  it("sends a graph's tasks to a semisync worker when its start message names Redis, each task-start naming the worker", async () => {
    const machine = await Machine.start("build-2", redis.url);
    try {
      const { run, events, mark } = editorRun(redis.url, ["Diamond.d"]);
      assert.equal(await run.exited, 0, JSON.stringify(events.filter((event) => event.type !== "output")));
      const starts = byType(events, "task-start");
      assert.deepEqual(starts.map((event) => [event.key, event.workerName]).sort(), [
        ["Diamond.a", "build-2"],
        ["Diamond.b", "build-2"],
        ["Diamond.c", "build-2"],
        ["Diamond.d", "build-2"],
      ]);
      assert.equal(callbackOutput(events, "Diamond.d"), "d saw from a, then b | from a, then c\n");
      await nothingLeft(mark);
    } finally {
      assert.deepEqual(await machine.stop(), { code: 0, signal: null });
    }
  });

  it("has the worker check the files the run loads, which the coordinator reads from disk: one loaded only by a literal import() differs there, and is refused", async () => {
    const machine = await Machine.start("stale", redis.url, (checkout) =>
      appendTo(join(checkout, "lazyGreeting.ts"), "// edited on this machine only\n"),
    );
    try {
      // The start message names no file but the one run: the editor's unsaved text is not what a run loads.
      const { run, events, mark } = editorRun(redis.url, ["Lazy.greet"], undefined, "lazy.ts");
      assert.equal(await run.exited, 1);
      const [failed] = byType(events, "task-failed");
      assert.equal(failed?.key, "Lazy.greet", JSON.stringify(events));
      assert.match(failed.error.message, /worker stale has a different lazyGreeting\.ts than the coordinator/);
      await nothingLeft(mark);
    } finally {
      assert.deepEqual(await machine.stop(), { code: 0, signal: null });
    }
  });

  it("runs through Redis in a spare coordinator forked before the run, warm with workers of this machine, which go", async () => {
    const machine = await Machine.start("build-3", redis.url);
    try {
      const mark = randomUUID();
      const spare = forkCoordinator({ cwd: project, env: { ...process.env, SEMISYNC_TEST_MARK: mark } });
      await eventually(() => processesWithMark(mark).length >= 2, "the spare and its local workers to start");
      const local = processesWithMark(mark).filter((pid) => pid !== spare.pid);
      // A task that outlasts the look at this machine's processes below.
      const file = join(project, "longNap.ts");
      const run = startRun(
        { file, tasks: ["LongNap.nap"], cwd: project, redis: { url: redis.url, root: project } },
        spare,
      );
      const events: RunEvent[] = [];
      run.on("event", (event) => events.push(event));
      await eventually(() => byType(events, "task-start").length > 0, "the task to start on the worker");
      assert.equal(byType(events, "task-start")[0].workerName, "build-3");
      await eventually(
        () => local.every((pid) => !processesWithMark(mark).includes(pid)),
        "the spare's own worker processes to go",
      );
      assert.deepEqual(byType(events, "run-end"), [], "they went while the run still went, not with it");
      assert.equal(await run.exited, 0);
      await nothingLeft(mark);
    } finally {
      assert.deepEqual(await machine.stop(), { code: 0, signal: null });
    }
  });

  it("runs through Redis in a spare forked for runs through Redis, and a local run given such a spare still runs here", async () => {
    const machine = await Machine.start("build-4", redis.url);
    try {
      const file = join(project, "diamond.ts");
      const mark = randomUUID();
      const env = { ...process.env, SEMISYNC_TEST_MARK: mark };
      const spare = () => forkCoordinator({ cwd: project, env, throughRedis: true });
      const remote = startRun(
        { file, tasks: ["Diamond.a"], cwd: project, redis: { url: redis.url, root: project } },
        spare(),
      );
      const events: RunEvent[] = [];
      remote.on("event", (event) => events.push(event));
      assert.equal(await remote.exited, 0);
      assert.equal(byType(events, "task-start")[0].workerName, "build-4");
      const here = startRun({ file, tasks: ["Diamond.a"], cwd: project }, spare());
      const local: RunEvent[] = [];
      here.on("event", (event) => local.push(event));
      assert.equal(await here.exited, 0);
      const [start] = byType(local, "task-start");
      assert.equal(start.workerName, undefined);
      await nothingLeft(mark);
    } finally {
      assert.deepEqual(await machine.stop(), { code: 0, signal: null });
    }
  });

  it("ends the run at once when Redis does not answer: exit 2, a graph error naming the URL with its password hidden", async () => {
    const closed = `redis://alice:s3cret@127.0.0.1:${await closedPort()}`;
    const { run, events, mark } = editorRun(closed, ["Diamond.a"]);
    assert.equal(await run.exited, 2);
    const [error] = byType(events, "graph-error");
    assert.match(
      error.message,
      /^semisync: cannot reach Redis at redis:\/\/alice:\*\*\*@127\.0\.0\.1:\d+ \(semisync\.redisUrl\): .+\. Start redis-server there, or set semisync\.redisUrl to the right address/,
    );
    assert.ok(!error.message.includes("s3cret"), error.message);
    assert.equal(byType(events, "task-start").length, 0);
    await nothingLeft(mark);
  });

  it("takes the calls no worker took out of the queue when the run is cancelled, before its coordinator exits", async () => {
    const { run, mark } = editorRun(redis.url, ["Diamond.a"]);
    while (!(await redis.waitingJobs()).includes("Diamond.a")) await new Promise((resolve) => setTimeout(resolve, 50));
    run.cancel();
    assert.equal(await run.exited, 1);
    assert.deepEqual(await redis.waitingJobs(), []);
    await nothingLeft(mark);
  });
});
