/**
 * The coordinator's side of a run's keys (runKeys.ts). Before a call is sent, what the program
 * and the callbacks changed in the namespace directory goes into the run's namespace hash (only
 * the fields whose file changed), and a large argument into the values hash; the job is added
 * only once those writes are in. A remote task's outcome is read back from them where it is
 * large, and the run's end deletes both.
 */
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { serialize } from "node:v8";
import type IORedis from "ioredis";
import { isStored, LARGE_BYTES, type Packed, type TaskOutcome } from "./jobData";
import { namespaceStamps, stampOf } from "./namespaceFiles";
import { argsField, LIVE_FIELD, runKeys, runKeysClient, runKeysTtlS, type RunKeys } from "./runKeys";

/** An outcome with its large parts read back: the result's bytes, and each field written (null: deleted). */
export interface FetchedOutcome {
  result?: Buffer;
  writes: Record<string, Buffer | null>;
}

export class RunStore {
  private readonly keys: RunKeys;
  private client?: IORedis;
  /** The stamp of each field's file as the namespace hash holds it: another stamp is a change made here. */
  private readonly pushed = new Map<string, string>();
  /** Set once the namespace hash holds LIVE_FIELD, which the run's end deletes. */
  private live = false;
  /** Renews the keys' expiry while the run is on: they outlive the coordinator by less than RUN_KEYS_TTL_S. */
  private renewal?: NodeJS.Timeout;
  private readonly ttlS = runKeysTtlS();
  /** Jobs whose arguments are in the values hash. */
  private readonly storedArgs = new Set<string>();
  /** The last write sent: a job is added once it is in, and with it every write before it. */
  private written: Promise<unknown> = Promise.resolve();
  /** The last run's end: a connection of the next run writes only after it deleted the keys. */
  private cleared: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly url: string,
    runId: string,
  ) {
    this.keys = runKeys(runId);
  }

  /**
   * Sends the namespace fields changed in `dir` since the last push: read now (what a callback
   * wrote before this call was sent is in), written before any job added after `sent()`.
   */
  sync(dir: string): void {
    const stamps = namespaceStamps(dir);
    const set: Array<string | Buffer> = [];
    for (const [path, stamp] of stamps) {
      if (this.pushed.get(path) === stamp) continue;
      let bytes: Buffer;
      try {
        bytes = readFileSync(join(dir, path));
      } catch {
        continue; // Deleted since listed: the next sync sends the deletion.
      }
      set.push(path, bytes);
      this.pushed.set(path, stamp);
    }
    const deleted = [...this.pushed.keys()].filter((path) => !stamps.has(path));
    for (const path of deleted) this.pushed.delete(path);
    if (this.live && set.length === 0 && deleted.length === 0) return;
    this.live = true;
    this.renewal ??= setInterval(() => this.renew(), (this.ttlS * 1000) / 3).unref();
    const { namespace } = this.keys;
    this.send((client) => {
      const batch = client.multi().hset(namespace, LIVE_FIELD, "1", ...set);
      if (deleted.length > 0) batch.hdel(namespace, ...deleted);
      return batch.expire(namespace, this.ttlS).exec();
    });
  }

  private renew(): void {
    const { namespace, values } = this.keys;
    this.connection()
      .multi()
      .expire(namespace, this.ttlS)
      .expire(values, this.ttlS)
      .exec()
      .catch(() => {
        // Redis going away is heard on the queue's connections, which fail the run.
      });
  }

  /** The call's arguments as its job carries them: in it, or, past LARGE_BYTES, in the values hash. */
  packArgs(jobId: string, args: unknown[]): Packed {
    const bytes = serialize(args);
    if (bytes.length <= LARGE_BYTES) return bytes.toString("base64");
    const field = argsField(jobId);
    this.storedArgs.add(jobId);
    const { values } = this.keys;
    this.send((client) => client.multi().hset(values, field, bytes).expire(values, this.ttlS).exec());
    return { stored: field };
  }

  /** Settles once every write sent so far is in Redis; rejects with why one is not. */
  sent(): Promise<unknown> {
    return this.written;
  }

  /** The outcome's result and namespace writes as bytes, the large ones read from the run's hashes. */
  async fetch(outcome: TaskOutcome): Promise<FetchedOutcome> {
    const writes: Record<string, Buffer | null> = {};
    const inHash: string[] = [];
    for (const [path, write] of Object.entries(outcome.writes))
      if (isStored(write)) inHash.push(path);
      else writes[path] = write === null ? null : Buffer.from(write, "base64");
    if (inHash.length > 0) {
      // A later task may have written the field since: what the hash holds now is the newer value, and the one to keep.
      const bytes = await this.connection().hmgetBuffer(this.keys.namespace, ...inHash);
      inHash.forEach((path, index) => (writes[path] = bytes[index]));
    }
    const { result } = outcome;
    if (!isStored(result))
      return { writes, ...(result === undefined ? {} : { result: Buffer.from(result, "base64") }) };
    const client = this.connection();
    const [[, bytes]] = (await client
      .multi()
      .hgetBuffer(this.keys.values, result.stored)
      .hdel(this.keys.values, result.stored)
      .exec())!;
    if (!bytes) throw new Error(`its result is gone from Redis (${this.keys.values} ${result.stored})`);
    return { writes, result: bytes as Buffer };
  }

  /** These fields of `dir` were just written from the namespace hash: they are not changes of the coordinator's. */
  applied(dir: string, paths: readonly string[]): void {
    for (const path of paths) {
      const stamp = stampOf(join(dir, path));
      if (stamp === undefined) this.pushed.delete(path);
      else this.pushed.set(path, stamp);
    }
  }

  /** The job's outcome was read: its arguments leave the values hash. */
  forget(jobId: string): void {
    if (!this.storedArgs.delete(jobId)) return;
    const { values } = this.keys;
    this.send((client) => client.hdel(values, argsField(jobId)));
  }

  /**
   * The run ended: its namespace and values hashes go. A worker still running one of its tasks
   * then finds the run over and writes nothing; the next run (the program's next `begin()`)
   * pushes the namespace afresh. Resolves once deleted, or once Redis failed to answer.
   */
  clear(): Promise<void> | undefined {
    const client = this.client;
    if (!client) return undefined;
    this.client = undefined;
    clearInterval(this.renewal);
    this.renewal = undefined;
    this.pushed.clear();
    this.storedArgs.clear();
    this.live = false;
    const { namespace, values } = this.keys;
    const cleared = client.del(namespace, values).then(
      () => void client.quit().catch(() => client.disconnect()),
      () => client.disconnect(),
    );
    this.cleared = cleared;
    this.written = cleared;
    return cleared;
  }

  /** The run's own connection to Redis, opened on first need and closed by `clear()`. */
  connection(): IORedis {
    return (this.client ??= runKeysClient(this.url));
  }

  /** Written on this run's connection, in the order sent, after the last run's keys were deleted. */
  private send(write: (client: IORedis) => Promise<unknown>): void {
    const client = this.connection();
    const sent = this.cleared.then(() => write(client)).then(failedCommand);
    // A failure is the job's to report (it awaits `sent()`), not an unhandled rejection.
    sent.catch(() => {});
    this.written = sent;
  }
}

/** A transaction's first error, thrown: `exec()` resolves with each command's error beside its reply. */
function failedCommand(replies: unknown): unknown {
  if (Array.isArray(replies))
    for (const reply of replies) if (Array.isArray(reply) && reply[0] instanceof Error) throw reply[0];
  return replies;
}
