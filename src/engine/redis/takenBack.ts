/**
 * BullMQ's errors about a job a `semisync worker` no longer holds: its lock could not be renewed,
 * or the job's end found its lock or its key gone. In semisync that means the run took the job
 * back (the worker had not renewed its hold within --lost-after: paused, or cut off from Redis)
 * and sends the call elsewhere; said as Redis errors, they read like a broken Redis.
 */
const NOT_HELD = /^(?:could not renew lock|Missing key|Missing lock|Lock mismatch) for job (.+?)(?:\. |$)/;

/** How long a job said taken back is remembered, so that each of BullMQ's errors about it is not said again. */
const REMEMBERED_MS = 60_000;

export class TakenBackLog {
  private readonly said = new Map<string, number>();

  constructor(private readonly log: (line: string) => void) {}

  /** Says it once per job when the error is about a job no longer held here; false for any other error. */
  heard(error: Error): boolean {
    const id = NOT_HELD.exec(error.message)?.[1];
    if (id === undefined) return false;
    const now = Date.now();
    for (const [job, at] of this.said) if (now - at > REMEMBERED_MS) this.said.delete(job);
    if (!this.said.has(id))
      this.log(
        `the run took job ${id} back: this worker had not renewed its hold on it in Redis within --lost-after, so the call runs elsewhere and what it did here is dropped`,
      );
    this.said.set(id, now);
    return true;
  }
}
