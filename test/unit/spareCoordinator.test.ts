import { strict as assert } from "node:assert";
import type { TimerApi } from "../../src/engine/longTimer";
import { SpareCoordinator, type SpareProcess } from "../../src/engine/spareCoordinator";

class FakeProcess implements SpareProcess {
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  connected = true;
  killed = false;
  constructor(readonly setting: { cwd: string }) {}
}

/** Timers that fire only when told. */
function scriptedTimers() {
  const armed = new Set<{ ms: number; fire: () => void }>();
  const timers: TimerApi = {
    setTimeout: (fire, ms) => {
      const timer = { ms, fire };
      armed.add(timer);
      return timer;
    },
    clearTimeout: (timer) => void armed.delete(timer as { ms: number; fire: () => void }),
  };
  const fireAll = () => {
    for (const timer of [...armed]) {
      armed.delete(timer);
      timer.fire();
    }
  };
  return { armed, timers, fireAll };
}

function spares(idleMs = 1000) {
  const started: FakeProcess[] = [];
  const { armed, timers, fireAll } = scriptedTimers();
  const coordinator = new SpareCoordinator<{ cwd: string }, FakeProcess>(
    (setting) => {
      const child = new FakeProcess(setting);
      started.push(child);
      return child;
    },
    (child) => (child.killed = true),
    idleMs,
    timers,
  );
  return { coordinator, started, armed, fireAll };
}

describe("engine: the spare coordinator", () => {
  it("starts one spare for a setting and keeps it, however often it is asked for", () => {
    const { coordinator, started } = spares();
    coordinator.prepare({ cwd: "/a" });
    coordinator.prepare({ cwd: "/a" });
    assert.equal(started.length, 1);
    assert.equal(coordinator.waiting, started[0]);
  });

  it("hands its spare to exactly one run: the next run finds none until another is prepared", () => {
    const { coordinator, started } = spares();
    coordinator.prepare({ cwd: "/a" });
    assert.equal(coordinator.take({ cwd: "/a" }), started[0]);
    assert.equal(coordinator.take({ cwd: "/a" }), undefined);
    coordinator.prepare({ cwd: "/a" });
    assert.equal(started.length, 2, "a fresh process, never the one a run used");
    assert.equal(coordinator.take({ cwd: "/a" }), started[1]);
  });

  it("keeps its spare from a run with another setting, and replaces it when another setting is prepared: at most one lives", () => {
    const { coordinator, started } = spares();
    coordinator.prepare({ cwd: "/a" });
    assert.equal(coordinator.take({ cwd: "/b" }), undefined);
    assert.equal(started[0].killed, false);
    coordinator.prepare({ cwd: "/b" });
    assert.equal(started[0].killed, true);
    assert.equal(coordinator.take({ cwd: "/b" }), started[1]);
  });

  it("kills its spare once nobody took it for the idle time, and starts no other by itself", () => {
    const { coordinator, started, armed, fireAll } = spares(180_000);
    coordinator.prepare({ cwd: "/a" });
    assert.deepEqual(
      [...armed].map((timer) => timer.ms),
      [180_000],
    );
    fireAll();
    assert.equal(started[0].killed, true);
    assert.equal(coordinator.waiting, undefined);
    assert.equal(coordinator.take({ cwd: "/a" }), undefined);
    assert.equal(started.length, 1);
  });

  it("waits the whole idle time again when asked for again, and forgets the timer of a spare it handed out", () => {
    const { coordinator, started, armed } = spares();
    coordinator.prepare({ cwd: "/a" });
    coordinator.prepare({ cwd: "/a" });
    assert.equal(armed.size, 1, "one timer, restarted");
    coordinator.take({ cwd: "/a" });
    assert.equal(armed.size, 0, "a run's coordinator is never killed for idling");
    assert.equal(started[0].killed, false);
  });

  it("never hands out a spare that has died; preparing replaces it", () => {
    const { coordinator, started } = spares();
    coordinator.prepare({ cwd: "/a" });
    started[0].exitCode = 1;
    assert.equal(coordinator.take({ cwd: "/a" }), undefined);
    coordinator.prepare({ cwd: "/a" });
    assert.equal(started.length, 2);
    started[1].connected = false;
    assert.equal(coordinator.take({ cwd: "/a" }), undefined);
  });

  it("kills its spare on dispose and starts none afterwards", () => {
    const { coordinator, started, armed } = spares();
    coordinator.prepare({ cwd: "/a" });
    coordinator.dispose();
    assert.equal(started[0].killed, true);
    assert.equal(armed.size, 0);
    coordinator.prepare({ cwd: "/a" });
    assert.equal(started.length, 1);
  });
});
