/** A timer from {@link Timers.setTimeout}, to hand back to {@link Timers.clearTimeout}. */
export type Timer = unknown;

/**
 * The clock the models' debounces run on, passed in so that tests drive them instead of waiting
 * for them.
 */
export interface Timers {
  setTimeout(callback: () => void, ms: number): Timer;
  clearTimeout(timer: Timer | undefined): void;
  /** Lets the editor's other work run before the caller goes on. */
  yieldToEditor(): Promise<void>;
}

export const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (timer) => clearTimeout(timer as NodeJS.Timeout | undefined),
  yieldToEditor: () => new Promise((resolve) => setImmediate(resolve)),
};
