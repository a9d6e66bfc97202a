/**
 * A `semisync worker`'s side of the runs' keys (runKeys.ts): the namespace a task starts with
 * (the run's namespace hash as it is when the task starts: every write of the tasks that ended
 * before), its large arguments, and, when it ends, its writes and large result put into the run's
 * hashes before the job ends, so that a task started after it sees them.
 */
import { deserialize } from "node:v8";
import type IORedis from "ioredis";
import { isStored, LARGE_BYTES, type Packed } from "./jobData";
import type { NamespaceFiles } from "./namespaceFiles";
import { KEEP_IF_LIVE, LIVE_FIELD, resultField, runKeys, runKeysClient } from "./runKeys";

/** The worker's hold on a job in Redis: BullMQ's lock key for it, and the token the lock holds while it is this worker's. */
export interface JobHold {
  lock: string;
  token: string;
}

/** A task's writes and result as its outcome carries them. */
export interface Kept {
  writes: Record<string, Packed | null>;
  result?: Packed;
}

type KeepCommand = (
  namespace: string,
  values: string,
  lock: string,
  ...args: Array<string | number | Buffer>
) => Promise<number>;

export class WorkerStore {
  private readonly client: IORedis;

  constructor(url: string) {
    this.client = runKeysClient(url);
    this.client.defineCommand("semisyncKeepIfLive", { numberOfKeys: 3, lua: KEEP_IF_LIVE });
  }

  /** The run's namespace now, or undefined when the run is over (its coordinator deleted it, or Redis lost it). */
  async namespace(runId: string): Promise<NamespaceFiles | undefined> {
    const fields = await this.client.hgetallBuffer(runKeys(runId).namespace);
    if (!(LIVE_FIELD in fields)) return undefined;
    delete fields[LIVE_FIELD];
    return fields;
  }

  async unpack(runId: string, packed: Packed): Promise<unknown> {
    if (!isStored(packed)) return deserialize(Buffer.from(packed, "base64"));
    const bytes = await this.client.hgetBuffer(runKeys(runId).values, packed.stored);
    if (!bytes) throw new Error(`the run's value ${packed.stored} is gone from Redis`);
    return deserialize(bytes);
  }

  /**
   * Writes the task's namespace changes, and a large result, into the run's hashes, unless the
   * run is over or the job no longer this worker's (then nobody reads them); the small ones travel
   * in the outcome too, the large ones are named there.
   */
  async keep(
    runId: string,
    jobId: string,
    hold: JobHold,
    changes: Record<string, Buffer | null>,
    result?: Buffer,
  ): Promise<Kept> {
    const writes: Kept["writes"] = {};
    const sets: Array<string | Buffer> = [];
    const deleted: string[] = [];
    for (const [path, bytes] of Object.entries(changes)) {
      if (bytes === null) deleted.push(path);
      else sets.push(path, bytes);
      writes[path] = bytes === null ? null : bytes.length > LARGE_BYTES ? { stored: path } : bytes.toString("base64");
    }
    const large = result !== undefined && result.length > LARGE_BYTES ? result : undefined;
    if (sets.length > 0 || deleted.length > 0 || large) {
      const { namespace, values } = runKeys(runId);
      const keepIfLive = (this.client as unknown as { semisyncKeepIfLive: KeepCommand }).semisyncKeepIfLive;
      await keepIfLive.call(
        this.client,
        namespace,
        values,
        hold.lock,
        LIVE_FIELD,
        hold.token,
        sets.length / 2,
        deleted.length,
        large ? resultField(jobId) : "",
        large ?? "",
        ...sets,
        ...deleted,
      );
    }
    if (result === undefined) return { writes };
    return { writes, result: large ? { stored: resultField(jobId) } : result.toString("base64") };
  }

  /** Whether the run is still on: a job ended for a run that is over is nobody's to read. */
  async live(runId: string): Promise<boolean> {
    return (await this.client.hexists(runKeys(runId).namespace, LIVE_FIELD)) === 1;
  }

  close(): void {
    this.client.disconnect();
  }
}
