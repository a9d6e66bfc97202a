/**
 * A `semisync worker`'s ear on the cancel channel: a connection of its own (a subscribed Redis
 * connection can do nothing else) that stops the calls a coordinator no longer wants. A job named
 * before the worker started it is remembered for a while, so that a job taken just after its run
 * was cancelled (it was being taken as the coordinator took the run's jobs out of the queue) is not run.
 */
import IORedis from "ioredis";
import { CANCEL_CHANNEL, cancelledJobs } from "./cancelChannel";
import type { RedisAddress } from "./connection";

/** How long a cancelled job id is remembered: far longer than a job takes between the queue and its slot. */
const REMEMBERED_MS = 60_000;

export class CancelListener {
  /** Its connection: the worker watches it to say when Redis goes away and comes back. */
  readonly connection: IORedis;
  /** Cancelled job ids, with when the cancel was heard. */
  private readonly cancelled = new Map<string, number>();
  /** What stops each job running here, saying why. */
  private readonly running = new Map<string, (why: string) => void>();

  constructor(address: RedisAddress) {
    this.connection = new IORedis({ ...address, lazyConnect: true });
    this.connection.on("message", (channel: string, message: string) => {
      if (channel === CANCEL_CHANNEL) {
        const { jobs, why } = cancelledJobs(message);
        this.heard(jobs, why);
      }
    });
  }

  /** Resolves once subscribed; ioredis subscribes again by itself after a reconnect. */
  async start(): Promise<void> {
    await this.connection.connect();
    await this.connection.subscribe(CANCEL_CHANNEL);
  }

  /** The job is about to run here, and `stop` ends it; false when its run cancelled it already, and it must not run. */
  begin(id: string, stop: (why: string) => void): boolean {
    if (this.cancelled.has(id)) return false;
    this.running.set(id, stop);
    return true;
  }

  end(id: string): void {
    this.running.delete(id);
  }

  /** Stops jobs running here that no run waits for here any more, for the reason given. */
  stop(jobs: readonly string[], why: string): void {
    for (const id of jobs) {
      const running = this.running.get(id);
      // Stopped once: a cancel heard twice must not reach the next job of its slot.
      this.running.delete(id);
      running?.(why);
    }
  }

  close(): void {
    this.connection.disconnect();
  }

  private heard(jobs: readonly string[], why: string): void {
    const now = Date.now();
    for (const [id, at] of this.cancelled) if (now - at > REMEMBERED_MS) this.cancelled.delete(id);
    for (const id of jobs) this.cancelled.set(id, now);
    this.stop(jobs, why);
  }
}
