/**
 * A run's own keys in Redis, beside the queue's: its shared namespace (a hash, a field per
 * `name/field` path holding the field's v8 bytes) and its large values (a hash, a field per
 * argument or result past LARGE_BYTES). Both are the coordinator's: it creates them, and deletes
 * them when the run ends; each carries an expiry too, for a coordinator that dies first. The
 * run's id in braces keeps both in one Redis Cluster slot, so one script may write both.
 */
import IORedis from "ioredis";
import { redisOptions } from "./connection";

/** A field no namespace path can be (every path has a `/`): while the namespace hash holds it, the run is on. */
export const LIVE_FIELD = "run";

/**
 * A run's keys expire this long after its coordinator last renewed them (it does, every third of
 * it, while connected): a coordinator that died (SIGKILLed, its editor window closed) leaves a run
 * that is over within a minute, whose waiting jobs any worker then drops instead of running them.
 */
export const RUN_KEYS_TTL_S = 60;

/** Sets RUN_KEYS_TTL_S otherwise, for the tests of a coordinator that died, which would wait it out. */
export const RUN_KEYS_TTL_ENV = "SEMISYNC_REDIS_RUN_TTL_S";

export function runKeysTtlS(): number {
  return Number(process.env[RUN_KEYS_TTL_ENV]) || RUN_KEYS_TTL_S;
}

export interface RunKeys {
  namespace: string;
  values: string;
}

export function runKeys(runId: string): RunKeys {
  return { namespace: `semisync:run:{${runId}}:ns`, values: `semisync:run:{${runId}}:values` };
}

/** The values hash's field for a job's arguments, and for its result. */
export const argsField = (jobId: string) => `${jobId}/args`;
export const resultField = (jobId: string) => `${jobId}/result`;

/**
 * A connection for the run's keys. Its commands fail after a reconnect that fails, never wait for
 * Redis for good: a run's end must not hang on a Redis that is gone (the queue's own connections
 * report that loss).
 */
export function runKeysClient(url: string): IORedis {
  const client = new IORedis({ ...redisOptions(url), maxRetriesPerRequest: 1 });
  client.on("error", () => {
    // Each command that fails rejects with it; the queue's connections report the loss to the user.
  });
  return client;
}

/**
 * A worker's writes at a task's end, only while the run is on and the worker still holds the job:
 * a run that ended (or was cancelled) while the task ran has deleted its keys, and must not find
 * them made again; a job the run took back from a worker cut off from Redis (and sent elsewhere)
 * must not write over the retry's writes when that worker comes back. The checks and the writes
 * are one script, so a coordinator deleting the keys meanwhile sees either all of the writes (and
 * deletes them) or none. The values hash expires with the namespace hash.
 *
 * KEYS: the namespace hash, the values hash, the job's lock (BullMQ's). ARGV: the live field, the
 * worker's token for the job, the number of namespace fields to set, the number to delete, the
 * result's field ("" for none), the result's bytes, then a path and its bytes for each field set,
 * then each path deleted. Returns 1 when written, 0 when the run is over or the job not held.
 */
export const KEEP_IF_LIVE = `
if redis.call("GET", KEYS[3]) ~= ARGV[2] then return 0 end
if redis.call("HEXISTS", KEYS[1], ARGV[1]) == 0 then return 0 end
local at = 7
for _ = 1, tonumber(ARGV[3]) do
  redis.call("HSET", KEYS[1], ARGV[at], ARGV[at + 1])
  at = at + 2
end
for _ = 1, tonumber(ARGV[4]) do
  redis.call("HDEL", KEYS[1], ARGV[at])
  at = at + 1
end
if ARGV[5] ~= "" then
  redis.call("HSET", KEYS[2], ARGV[5], ARGV[6])
  local ttl = redis.call("PTTL", KEYS[1])
  if ttl > 0 then redis.call("PEXPIRE", KEYS[2], ttl) end
end
return 1
`;
