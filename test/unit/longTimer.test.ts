import { strict as assert } from "node:assert";
import { systemClock } from "../../src/engine/clock";
import { afterLong, LONGEST_TIMER_MS, type TimerApi } from "../../src/engine/longTimer";

/** Timers that fire only when told: each armed delay is recorded. */
function scriptedTimers() {
  const armed: Array<{ ms: number; fire: () => void; cleared: boolean }> = [];
  const timers: TimerApi = {
    setTimeout: (fire, ms) => {
      const timer = { ms, fire, cleared: false };
      armed.push(timer);
      return timer;
    },
    clearTimeout: (timer) => ((timer as { cleared: boolean }).cleared = true),
  };
  return { armed, timers, fireLast: () => armed[armed.length - 1].fire() };
}

describe("engine: timeouts longer than one Node timer holds", () => {
  it("waits out 1e10 ms as a chain of timers that each fit, firing once at the end", () => {
    const { armed, timers, fireLast } = scriptedTimers();
    let fired = 0;
    afterLong(1e10, () => fired++, timers);
    while (fired === 0) fireLast();
    const delays = armed.map((timer) => timer.ms);
    assert.ok(
      delays.every((ms) => ms > 0 && ms <= LONGEST_TIMER_MS),
      `${delays}`,
    );
    assert.equal(
      delays.reduce((sum, ms) => sum + ms),
      1e10,
    );
    assert.equal(delays.length, 5);
    assert.equal(fired, 1);
  });

  it("a short delay is one timer; cancelling clears the one armed now", () => {
    const { armed, timers, fireLast } = scriptedTimers();
    const cancel = afterLong(LONGEST_TIMER_MS + 5, () => assert.fail("cancelled"), timers);
    fireLast();
    cancel();
    assert.deepEqual(
      armed.map((timer) => [timer.ms, timer.cleared]),
      [
        [LONGEST_TIMER_MS, false],
        [5, true],
      ],
    );
  });

  it("the engine's clock does not fire a 2^31 ms timeout at once, as Node's timer would", async () => {
    let fired = false;
    const cancel = systemClock.after(2 ** 31, () => (fired = true));
    // Node runs an overflowing timer after 1 ms; this one is armed later and runs after it.
    await new Promise((resolve) => setTimeout(resolve, 20));
    cancel();
    assert.equal(fired, false);
  });
});
