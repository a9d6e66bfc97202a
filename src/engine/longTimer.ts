/**
 * A timer for any delay. Node's timers hold at most 2^31 - 1 ms (about 24.8 days): a longer
 * delay fires after 1 ms, so a `timeout: 1e10` would time every task out at once. Longer
 * delays are waited out as a chain of timers that each fit.
 */
export const LONGEST_TIMER_MS = 2 ** 31 - 1;

export interface TimerApi {
  setTimeout(fire: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

const nodeTimers: TimerApi = {
  setTimeout: (fire, ms) => setTimeout(fire, ms),
  clearTimeout: (timer) => clearTimeout(timer as NodeJS.Timeout),
};

/** Calls `fire` once `ms` have passed; returns what cancels that. */
export function afterLong(ms: number, fire: () => void, timers: TimerApi = nodeTimers): () => void {
  let timer: unknown;
  const arm = (left: number) => {
    timer = timers.setTimeout(
      () => (left > LONGEST_TIMER_MS ? arm(left - LONGEST_TIMER_MS) : fire()),
      Math.min(left, LONGEST_TIMER_MS),
    );
  };
  arm(ms);
  return () => timers.clearTimeout(timer);
}
