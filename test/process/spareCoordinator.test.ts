import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { forkCoordinator, killCoordinator, startRun, type CoordinatorSetting } from "../../src/engine/client";
import { SpareCoordinator } from "../../src/engine/spareCoordinator";
import type { RunEvent } from "../../src/shared/protocol";
import { byType, eventually, fixtures, lastRunEnd, processesWithMark } from "./helpers/cli";

/** Spares whose processes carry a mark of their own, so that what they leave behind can be counted. */
function markedSpares(idleMs?: number) {
  const mark = randomUUID();
  const setting: CoordinatorSetting = {
    cwd: join(fixtures, "engine"),
    env: { ...process.env, SEMISYNC_TEST_MARK: mark },
  };
  const spares = new SpareCoordinator(forkCoordinator, killCoordinator, idleMs);
  const nothingLeft = () =>
    eventually(() => processesWithMark(mark).length === 0, "every process of the spare to exit");
  // The coordinator and the workers it starts before it is told anything (one per core, at least one).
  const warm = () => eventually(() => processesWithMark(mark).length >= 2, "the spare and its workers to start");
  return { mark, setting, spares, nothingLeft, warm };
}

describe("engine: a spare coordinator, started before the run it serves", () => {
  it("starts its workers before it is told the run, runs that one run on them, then leaves nothing behind", async () => {
    const { mark, setting, spares, nothingLeft, warm } = markedSpares();
    spares.prepare(setting);
    await warm();
    const before = new Set(processesWithMark(mark));
    const spare = spares.take(setting);
    assert.ok(spare, "the spare is handed out");
    assert.equal(spares.take(setting), undefined, "and only once");
    const events: RunEvent[] = [];
    const run = startRun({ file: join(fixtures, "engine", "calls.ts"), ...setting }, spare);
    run.on("event", (event) => events.push(event));
    assert.equal(await run.exited, 0);
    assert.ok(lastRunEnd(events).ok);
    const workers = new Set(byType(events, "task-start").map((event) => event.worker));
    assert.ok(
      [...workers].some((pid) => before.has(pid)),
      `a task ran on a worker started before the run (${[...workers]} among ${[...before]})`,
    );
    await nothingLeft();
    spares.dispose();
  });

  it("kills a waiting spare and its workers on dispose", async () => {
    const { setting, spares, nothingLeft, warm } = markedSpares();
    spares.prepare(setting);
    await warm();
    spares.dispose();
    await nothingLeft();
  });

  it("kills a spare nobody took once the idle time has passed", async () => {
    const { setting, spares, nothingLeft, warm } = markedSpares(500);
    spares.prepare(setting);
    await warm();
    await nothingLeft();
    assert.equal(spares.take(setting), undefined);
    spares.dispose();
  });

  it("a spare whose editor is killed exits with its workers", async () => {
    const { mark, nothingLeft } = markedSpares();
    // An editor stand-in that prepares a spare, says so, and is then killed outright.
    const editor = spawn(
      process.execPath,
      [
        "-e",
        [
          `const { SpareCoordinator } = require(${JSON.stringify(join(__dirname, "..", "..", "src", "engine", "spareCoordinator.js"))});`,
          `const client = require(${JSON.stringify(join(__dirname, "..", "..", "src", "engine", "client.js"))});`,
          `new SpareCoordinator(client.forkCoordinator, client.killCoordinator).prepare({});`,
          `setInterval(() => {}, 1000);`,
        ].join("\n"),
      ],
      { env: { ...process.env, SEMISYNC_TEST_MARK: mark }, stdio: "ignore" },
    );
    await eventually(() => processesWithMark(mark).length >= 3, "the editor, its spare and the spare's workers");
    editor.kill("SIGKILL");
    await nothingLeft();
  });
});
