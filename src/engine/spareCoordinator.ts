/**
 * A coordinator process (and its workers) started ahead of need, so that a run started from the
 * editor finds its processes up: the run only has to load the user's file. A spare has loaded
 * no user code; it serves exactly one run and is then the run's (no module state leaks from one
 * run into the next), and the next spare is asked for after that run. At most one is kept; it
 * is killed when nobody takes it for `idleMs`, when the setting it was forked with no longer
 * matches, and on dispose.
 */
import type { TimerApi } from "./longTimer";

/** The little of a child process a spare needs: whether it still lives, and how to end it. */
export interface SpareProcess {
  readonly exitCode: number | null;
  readonly signalCode: NodeJS.Signals | null;
  readonly connected: boolean;
}

// Unreferenced: a spare waiting never keeps this process alive.
const systemTimers: TimerApi = {
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Three minutes: longer than a pause to read a run's result, shorter than a break. */
export const SPARE_IDLE_MS = 3 * 60_000;

export class SpareCoordinator<Setting, Child extends SpareProcess> {
  private spare?: { child: Child; key: string; expiry: unknown };
  private disposed = false;

  constructor(
    private readonly start: (setting: Setting) => Child,
    private readonly kill: (child: Child) => void,
    private readonly idleMs = SPARE_IDLE_MS,
    private readonly timers: TimerApi = systemTimers,
  ) {}

  /** Have a spare ready for runs with this setting: keeps a live one that matches, else replaces it. */
  prepare(setting: Setting): void {
    if (this.disposed) return;
    const key = JSON.stringify(setting);
    if (this.spare && this.spare.key === key && alive(this.spare.child)) return this.restartExpiry();
    this.discard();
    const child = this.start(setting);
    this.spare = { child, key, expiry: undefined };
    this.restartExpiry();
  }

  /** The spare, for one run with this setting, if one is ready; it is the run's from now on. */
  take(setting: Setting): Child | undefined {
    const spare = this.spare;
    if (!spare || spare.key !== JSON.stringify(setting) || !alive(spare.child)) return undefined;
    this.timers.clearTimeout(spare.expiry);
    this.spare = undefined;
    return spare.child;
  }

  /** The spare waiting now, if any (for tests and the log). */
  get waiting(): Child | undefined {
    return this.spare?.child;
  }

  dispose(): void {
    this.disposed = true;
    this.discard();
  }

  private restartExpiry(): void {
    const spare = this.spare!;
    this.timers.clearTimeout(spare.expiry);
    spare.expiry = this.timers.setTimeout(() => {
      if (this.spare === spare) this.discard();
    }, this.idleMs);
  }

  private discard(): void {
    if (!this.spare) return;
    this.timers.clearTimeout(this.spare.expiry);
    this.kill(this.spare.child);
    this.spare = undefined;
  }
}

function alive(child: SpareProcess): boolean {
  return child.exitCode === null && child.signalCode === null && child.connected;
}
