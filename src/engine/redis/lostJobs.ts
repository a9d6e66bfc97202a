/**
 * A job whose worker machine died mid-task: BullMQ's lock on it (`bull:semisync:<id>:lock`, which
 * its `semisync worker` renews every half of its `--lost-after`) has expired while the job is still
 * active. The coordinator looks for that itself, so no other worker has to be alive to notice, and
 * takes the job out of Redis in one step, so that a job ending meanwhile is never taken for lost.
 */
import type IORedis from "ioredis";

/** Why BullMQ's own stalled-job check fails a job, on a worker whose `maxStalledCount` is spent (0 for `semisync worker`). */
export const STALLED_REASON = "job stalled more than allowable limit";

/** A worker's hold on a job lasts this long without renewal, unless `semisync worker --lost-after` says otherwise. */
export const DEFAULT_LOST_AFTER_S = 10;

/** How many times a run sends a call again after its worker was lost, unless `semisync run --retries` says otherwise. */
export const DEFAULT_RETRIES = 1;

/** Where BullMQ keeps the queue's jobs: `queue.keys` and `queue.toKey` of a BullMQ Queue. */
export interface QueueKeys {
  keys: Record<string, string>;
  toKey(type: string): string;
}

// KEYS: active list, stalled set, the job's hash, its lock. Returns the name of the worker that took it (BullMQ's
// processedBy, written as it takes a job), "" when none, or nil when the job is not lost.
const TAKE_LOST = `
if redis.call("EXISTS", KEYS[4]) == 1 then return false end
if redis.call("LREM", KEYS[1], 0, ARGV[1]) == 0 then return false end
redis.call("SREM", KEYS[2], ARGV[1])
local worker = redis.call("HGET", KEYS[3], "pb")
redis.call("DEL", KEYS[3], KEYS[3] .. ":logs")
return worker or ""
`;

/**
 * Takes the job out of Redis if it is active and its lock is gone. Resolves with the name of the
 * worker that had it ("" when it died before saying), or undefined when the job is not lost.
 */
export async function takeLost(client: IORedis, queue: QueueKeys, id: string): Promise<string | undefined> {
  const job = queue.toKey(id);
  const worker = (await client.eval(TAKE_LOST, 4, queue.keys.active, queue.keys.stalled, job, `${job}:lock`, id)) as
    string | null;
  return worker ?? undefined;
}

/** The task's error once its worker was lost and no retry is left. */
export function lostMessage(key: string, worker: string, attempts: number, retries: number): string {
  const who = worker ? `worker ${worker}` : "the worker that took it";
  const tried = attempts === 1 ? "it ran once" : `it ran ${attempts} times, on a worker lost each time`;
  return `${key}: ${who} lost while the task ran: it stopped renewing its hold on the job in Redis (its machine died, or lost Redis for longer than its --lost-after); ${tried}, and the run allows ${retries} ${retries === 1 ? "retry" : "retries"}. Check that machine, or run with --retries N to send the task again`;
}

/** How the call's process ended, as the run reports it when the call runs again ("its worker process …"). */
export function lostReason(worker: string): string {
  return `was lost with ${worker ? `worker ${worker}` : "the worker that took it"} (it stopped renewing its hold on the job in Redis)`;
}
