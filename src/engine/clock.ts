import { afterLong } from "./longTimer";

/** Time as the scheduler reads it: the real one in use, one the tests move by hand. */
export interface Clock {
  /** Milliseconds since a fixed point. */
  now(): number;
  /** Calls `fire` once `ms` have passed; returns what cancels that. */
  after(ms: number, fire: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  after: (ms, fire) => afterLong(ms, fire),
};
