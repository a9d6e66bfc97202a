/**
 * Jobs whose outcome the run has read leave the queue in batches, one script a batch on the run's
 * own connection, beside the queue's traffic: BullMQ's `remove()` is a script a job, sent on the
 * connection that adds the next jobs, and adds a `removed` event to the stream every coordinator
 * reads and parses.
 */
import type IORedis from "ioredis";

/**
 * KEYS: the queue's completed set. ARGV: the prefix of a job's key, then the ids. A job read from
 * its `completed` event or look-up is in that set, holds no lock, and has no children, logs or
 * deduplication key: its hash is all there is. One found elsewhere (run again meanwhile) is left
 * for the run's end, which removes it through BullMQ.
 */
const REMOVE_COMPLETED = `
for i = 2, #ARGV do
  if redis.call("ZREM", KEYS[1], ARGV[i]) == 1 then redis.call("DEL", ARGV[1] .. ARGV[i]) end
end
return 0
`;

export interface QueueKeys {
  completed: string;
  /** A job's key is this prefix and its id. */
  jobPrefix: string;
}

export class ReadJobs {
  private batch: string[] = [];

  constructor(
    private readonly connection: () => IORedis,
    /** Called with each batch's removal, for the run's end to wait for it. */
    private readonly removing: (removal: Promise<void>) => void,
  ) {}

  /** Removed with the others read in this turn of the event loop. */
  add(id: string, keys: QueueKeys): void {
    if (this.batch.length === 0) setImmediate(() => this.flush(keys));
    this.batch.push(id);
  }

  /** Sends the batch now: the run is ending, and its connection closes after it. */
  flush(keys: QueueKeys): void {
    if (this.batch.length === 0) return;
    const ids = this.batch;
    this.batch = [];
    this.removing(
      this.connection()
        .eval(REMOVE_COMPLETED, 1, keys.completed, keys.jobPrefix, ...ids)
        .then(
          () => undefined,
          () => {
            // Redis going away is heard on the queue's "error" events; BullMQ's age limit removes them then.
          },
        ),
    );
  }
}
