/**
 * The engine's Pool, on BullMQ: each ready call becomes a plain job on the `semisync` queue, and
 * whichever `semisync worker` takes it runs it. The scheduler stays here, in the coordinator: it
 * sees "slots" that behave like worker processes (a slot holds one call at a time), so readiness,
 * callbacks, timeouts, events and exit codes are the local run's.
 *
 * A job's end is heard on BullMQ's event stream, which is trimmed and can miss events: jobs not
 * heard of for a while are looked up in Redis, so a missed event only delays a task, never hangs it.
 */
import { EventEmitter } from "node:events";
import { randomBytes } from "node:crypto";
import { deserialize } from "node:v8";
import { Queue, QueueEvents } from "bullmq";
import IORedis from "ioredis";
import { findTask } from "../../runtime/state";
import { sharedStoreDir } from "../../runtime/shared";
import type { EngineOptions, ErrorInfo, WorkerReply, WorkerRequest } from "../../shared/protocol";
import { PoolWorker, type Pool, type PoolEvents } from "../pool";
import {
  QUEUE_NAME,
  closeClient,
  displayUrl,
  newestEventId,
  redisOptions,
  unreachable,
  type RedisAddress,
} from "./connection";
import { manifestOf, projectPath } from "./codeManifest";
import { jobId, type TaskJob, type TaskOutcome } from "./jobData";
import { applyWrites } from "./namespaceFiles";
import { RunStore, type FetchedOutcome } from "./runStore";
import { ReadJobs, type QueueKeys } from "./readJobs";
import { DEFAULT_RETRIES, STALLED_REASON, lostMessage, lostReason, takeLost } from "./lostJobs";
import { CANCEL_CHANNEL, CANCELLED, cancelMessage } from "./cancelChannel";

/** A job not heard of for this long is looked up in Redis. */
const RECONCILE_AFTER_MS = 2000;
const RECONCILE_EVERY_MS = 1000;
/** Looked up per round, the longest unheard first: a wide fan-out waiting in the queue is not read whole every second. */
const RECONCILE_BATCH = 20;
/**
 * A job is removed once its outcome was read (see `forget`); one nobody reads (its coordinator
 * died) is removed by BullMQ this long after it ended, as later jobs end.
 */
const KEEP_ENDED_S = 3600;
/** A job waiting this long makes the pool ask whether any worker listens at all. */
const NO_WORKER_AFTER_MS = 3000;
/** How long Redis is given to say why, when a connection to it closed with no error saying so. */
const ASK_WHY_WITHIN_MS = 1000;
/** Jobs withdrawn at a cancel are waited for this long at most: a Redis that no longer answers does not hold the exit. */
const WITHDRAW_WITHIN_MS = 3000;

function ignore(): void {
  // A Redis already gone was heard on the "error" events: there is nothing left to close on it.
}

export interface RedisPoolOptions {
  url: string;
  size: number;
  /** The project's root, where every `semisync worker` runs too: job paths are relative to it. */
  root: string;
  /** The program's files: their hashes travel with every job, for the workers to check their checkout. */
  programFiles: () => readonly string[];
  /** A note for the user, outside any task (the CLI writes it to stderr). */
  say(text: string): void;
  /** How many times a call whose worker was lost is sent again (`--retries`); 1 by default. */
  retries?: number;
}

/**
 * A slot has no modules of its own loaded: so the scheduler reports a call started only when a
 * worker says it took it, and never sends a call ahead to wait behind another in a slot (a job
 * would be taken at once by any worker, while the scheduler still counted it waiting).
 */
class NothingLoaded extends Set<string> {
  override add(): this {
    return this;
  }
}

class RemoteSlot extends PoolWorker {
  /**
   * The `semisync worker` running its call, once one took it, as a number: one per worker name in
   * this run, in the order they took calls (a pid of another machine would say nothing here, and
   * two machines' may be equal).
   */
  pid = 0;
  override readonly loadedFiles = new NothingLoaded();

  constructor(
    private readonly pool: RedisPool,
    readonly index: number,
  ) {
    super();
    this.ready = true;
  }

  send(request: WorkerRequest): void {
    if (this.exited) throw new Error(`slot ${this.index} is gone`);
    this.pool.submit(this, request);
  }

  protected terminate(): void {
    this.pool.retire(this);
  }
}

interface Link {
  queue: Queue;
  events: Promise<QueueEvents>;
  /** The events' reader once it is made. */
  reader?: QueueEvents;
  timer: NodeJS.Timeout;
  /** The pool's own connection, for what BullMQ has no call for: lost jobs, cancel broadcasts. */
  client: IORedis;
}

interface Outstanding {
  slot: RemoteSlot;
  key: string;
  /** Settles once the job is in the queue, or was not sent (cancelled first, or Redis refused it). */
  adding?: Promise<void>;
  /** In the queue: from now on a job Redis does not know was lost there. */
  added: boolean;
  started: boolean;
  sentAt: number;
  heardAt: number;
  /** The timeout the job carries, for the worker to stop the task at. */
  timeoutMs?: number;
}

/** The worker that took the call, when one said so. */
function takenBy(entry: Outstanding): string {
  return entry.started ? (entry.slot.name ?? "") : "";
}

export class RedisPool extends EventEmitter<PoolEvents> implements Pool {
  readonly workers = new Set<RemoteSlot>();
  readonly size: number;
  /** Each round (`begin()`) is a run of its own in Redis: its jobs, namespace and retries are not an earlier round's. */
  private runId = newRunId();
  private readonly attempts = new Map<string, number>();
  private readonly outstanding = new Map<string, Outstanding>();
  private link?: Link;
  private manifest?: Record<string, string>;
  private slots = 0;
  /** Why Redis cannot be used any more: every call in flight and every later one fails with it. */
  private broken?: string;
  private reconciling = false;
  /** Jobs of calls no longer wanted being taken out of the queue: the connection stays until they are. */
  private readonly withdrawing = new Set<Promise<void>>();
  private workersCheckedAt = 0;
  /** The number each worker name is given in task-start events (see RemoteSlot.pid). */
  private readonly workerNumbers = new Map<string, number>();
  private saidNoWorker = false;
  /** The run's namespace and large values in Redis. */
  private store: RunStore;
  /** Jobs of this run in the queue whose outcome was not read yet: the run's end removes what is left of them. */
  private readonly unread = new Set<string>();
  private readonly readJobs: ReadJobs;
  /** Outcomes being read, in the order they ended: a later task's write to a field lands after an earlier one's. */
  private arriving: Promise<void> = Promise.resolve();
  /** The run's own `--timeout` (or `begin({ timeoutMs })`): each job carries it, for the worker to stop the task there too. */
  private runOptions: EngineOptions = {};
  /** Jobs the workers are to stop, by why, told them together at the end of this turn. */
  private unwanted = new Map<string, string[]>();

  constructor(private readonly options: RedisPoolOptions) {
    super();
    this.size = options.size;
    this.store = new RunStore(options.url, this.runId);
    this.readJobs = new ReadJobs(
      () => this.store.connection(),
      (removal) => this.holdUntil(removal),
    );
  }

  /**
   * A round begins: a run id of its own, so that a call of an earlier round a worker still runs
   * finds its run over (it writes nothing into this one), and each call's attempts count afresh.
   * Redis lost in an earlier round is tried again.
   */
  starting(options: EngineOptions): void {
    this.runOptions = options;
    this.runId = newRunId();
    this.store = new RunStore(this.options.url, this.runId);
    this.attempts.clear();
    this.broken = undefined;
  }

  grow(wanted: number): void {
    let live = 0;
    for (const slot of this.workers) if (!slot.retiring) live++;
    for (; live < Math.min(wanted, this.size); live++) {
      const slot = new RemoteSlot(this, ++this.slots);
      this.workers.add(slot);
      setImmediate(() => this.emit("reply", slot, { type: "ready" }));
    }
  }

  preload(): void {
    // Each worker loads a module with its first task there.
  }

  /** Connected while a run needs Redis; closed between rounds, so that an idle program can end. */
  setHoldsProcess(hold: boolean): void {
    if (hold) {
      if (!this.broken) this.connect();
      return;
    }
    this.clearRun();
    this.disconnect();
  }

  killAll(): void {
    for (const slot of this.workers) slot.kill();
    this.clearRun();
    this.disconnect();
  }

  submit(slot: RemoteSlot, request: WorkerRequest): void {
    const { key } = request;
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, attempt);
    const id = jobId(this.runId, key, attempt);
    const now = Date.now();
    const entry: Outstanding = { slot, key, added: false, started: false, sentAt: now, heardAt: now };
    this.outstanding.set(id, entry);
    let data: TaskJob;
    try {
      data = this.jobData(request, id);
      entry.timeoutMs = data.timeoutMs;
    } catch (error) {
      setImmediate(() => this.fail(id, { name: "Error", message: (error as Error).message }));
      return;
    }
    const { queue, events } = this.connect();
    // Added once the run listens to the queue's events (a worker's "taken" must not pass unheard), and once the
    // namespace and large arguments it needs are in Redis.
    const stored = this.store.sent();
    entry.adding = events
      .then(() => stored)
      .then(async () => {
        // Cancelled before it could be sent: a worker must never see it.
        if (this.outstanding.get(id) !== entry) return;
        this.unread.add(id);
        await queue.add(key, data, {
          jobId: id,
          attempts: 1,
          removeOnComplete: { age: KEEP_ENDED_S },
          removeOnFail: { age: KEEP_ENDED_S },
        });
        entry.added = true;
      })
      .catch((error: Error) => this.fail(id, this.redisError(error)));
  }

  /** A slot the scheduler killed (its call timed out, the run was cancelled): its call's outcome no longer counts. */
  retire(slot: RemoteSlot): void {
    const unwanted: string[] = [];
    for (const [id, entry] of this.outstanding)
      if (entry.slot === slot) {
        this.outstanding.delete(id);
        if (!entry.started) this.withdraw(id, entry);
        // A worker may run it already, heard of or not (it may be taking it as it leaves the queue).
        if (entry.adding) unwanted.push(id);
      }
    // The scheduler kills a slot with a reason only when its call timed out.
    this.cancelJobs(unwanted, slot.killReason === undefined ? CANCELLED : "its run timed it out");
    setImmediate(() => {
      if (slot.exited) return;
      slot.exited = true;
      this.workers.delete(slot);
      this.emit("exit", slot, null, "SIGKILL");
    });
  }

  /**
   * Resolves once the jobs withdrawn by a cancel are out of the queue (or after a few seconds, if
   * Redis does not answer); undefined when none is. The CLI waits for it before it exits.
   */
  withdrawn(): Promise<void> | undefined {
    if (this.withdrawing.size === 0) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, WITHDRAW_WITHIN_MS)));
    return Promise.race([Promise.all(this.withdrawing).then(() => undefined), late]).finally(() => clearTimeout(timer));
  }

  /** A call no longer wanted that no worker took yet leaves the queue: else a worker would run it for a run that is over. */
  private withdraw(id: string, entry: Outstanding): void {
    const queue = this.link?.queue;
    if (!queue || !entry.adding) return;
    const removed = entry.adding
      .then(() => (entry.added ? queue.remove(id) : undefined))
      .then(
        () => undefined,
        () => {
          // Redis going away is heard on the queue's "error" events; a job a worker took meanwhile is not removable.
        },
      );
    this.withdrawing.add(removed);
    void removed.then(() => this.withdrawing.delete(removed));
  }

  /** Tells every worker to stop these jobs: BullMQ cannot reach a job a worker runs. */
  private cancelJobs(ids: readonly string[], why: string): void {
    const client = this.link?.client;
    if (ids.length === 0 || !client || this.broken) return;
    const flushing = this.unwanted.size > 0;
    this.unwanted.set(why, [...(this.unwanted.get(why) ?? []), ...ids]);
    if (flushing) return;
    const told = new Promise<void>((resolve) => queueMicrotask(resolve))
      .then(() => {
        const unwanted = this.unwanted;
        this.unwanted = new Map();
        return Promise.all(
          [...unwanted].map(([reason, jobs]) => client.publish(CANCEL_CHANNEL, cancelMessage(jobs, reason))),
        );
      })
      .then(
        () => undefined,
        () => {
          // Redis going away is heard on the connection's "error" events; a worker cut off from it stops nothing anyway.
        },
      );
    // The connection stays until the workers are told, and the CLI exits only then.
    this.withdrawing.add(told);
    void told.then(() => this.withdrawing.delete(told));
  }

  private jobData({ key, id, file, args }: WorkerRequest, jobId: string): TaskJob {
    if (this.broken) throw new Error(this.broken);
    const path = projectPath(this.options.root, file);
    if (path === undefined)
      throw new Error(
        `${key}: ${file} is outside the project folder ${this.options.root}; run \`semisync run --redis\` from the folder that holds the program, as the workers do`,
      );
    this.manifest ??= manifestOf(this.options.root, [file, ...this.options.programFiles()]);
    const code = path in this.manifest ? this.manifest : { ...this.manifest, ...manifestOf(this.options.root, [file]) };
    // The scheduler's own rule (runScheduler's timeoutOf): the task's timeout, or else the run's, none under a debugger.
    const timeoutMs = this.runOptions.ignoreTimeouts
      ? undefined
      : (findTask(id, file)?.timeoutMs ?? this.runOptions.timeoutMs);
    // What the program and the callbacks wrote so far is in the run's namespace hash before the job is.
    this.store.sync(sharedStoreDir());
    return {
      runId: this.runId,
      key,
      id,
      file: path,
      args: this.store.packArgs(jobId, args),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      code,
    };
  }

  private connect(): Link {
    if (this.link) return this.link;
    // A connection that drops is not retried: the run fails at once with the reason, instead of ioredis retrying
    // for good, holding the commands sent meanwhile and BullMQ's close with them, and the run never ending.
    const connection = { ...redisOptions(this.options.url), retryStrategy: () => null };
    const queue = new Queue(QUEUE_NAME, { connection });
    const onError = (error: Error) => this.breakWith(error);
    const onClose = () => {
      if (this.link === link) this.breakWith(this.whyClosed());
    };
    queue.on("error", onError);
    queue.on("ioredis:close", onClose);
    const client = new IORedis(connection);
    client.on("error", onError);
    client.on("end", onClose);
    const events = this.listen(queue, connection, onError);
    // Also when no call waits on it yet (connected ahead of the first): a Redis lost then fails the run, not the process.
    events.then((reader) => {
      link.reader = reader;
      reader.on("ioredis:close", onClose);
      if (this.link !== link) void reader.close().catch(ignore);
    }, onError);
    const timer = setInterval(() => void this.reconcile(), RECONCILE_EVERY_MS);
    const link: Link = { queue, events, timer, client };
    this.link = link;
    return link;
  }

  /**
   * Reads the queue's events from its newest one on: a reader left to start at "now" would miss
   * what happens between its creation and its first read.
   */
  private async listen(queue: Queue, connection: RedisAddress, onError: (error: Error) => void): Promise<QueueEvents> {
    const events = new QueueEvents(QUEUE_NAME, { connection, lastEventId: await newestEventId(connection, queue) });
    events.on("error", onError);
    events.on("active", ({ jobId: id }) => void this.activated(queue, id));
    events.on("completed", ({ jobId: id, returnvalue }) => this.ended(id, returnvalue as unknown as TaskOutcome));
    events.on("failed", ({ jobId: id, failedReason }) => this.jobFailed(id, failedReason));
    return events;
  }

  private disconnect(): void {
    const link = this.link;
    if (!link) return;
    this.link = undefined;
    clearInterval(link.timer);
    // At once, in the turn a connection closed in: BullMQ waits 5 s before it reads again after a failed read,
    // unless it is closing by then, and that wait would hold the process.
    link.reader?.close().catch(ignore);
    void Promise.all(this.withdrawing).then(() => {
      link.queue.close().catch(ignore);
      closeClient(link.client);
    });
  }

  private redisError(error: Error): ErrorInfo {
    return { name: "RedisError", message: `Redis at ${displayUrl(this.options.url)}: ${error.message}` };
  }

  /** Redis went away: the calls in flight fail with the reason, instead of waiting for it. */
  private breakWith(cause: Error | Promise<string>): void {
    if (this.broken) return;
    // Nothing is sent from here on, and the connections close in this turn: they leave nothing to keep the process.
    this.broken = this.redisError(new Error("the connection closed")).message;
    this.disconnect();
    void Promise.resolve(cause instanceof Error ? cause.message : cause).then((why) => {
      const info = this.redisError(new Error(why));
      this.broken = info.message;
      for (const id of [...this.outstanding.keys()]) this.fail(id, info);
    });
  }

  /** A connection closed with no error to say why: Redis is asked once more, and its answer is the reason. */
  private async whyClosed(): Promise<string> {
    const why = await unreachable(this.options.url, ASK_WHY_WITHIN_MS);
    return why === undefined
      ? "the connection closed, and Redis answers again: it restarted (the run's jobs may have gone with it) or the network dropped the connection; run again"
      : `the connection closed, and Redis does not answer: ${why}`;
  }

  private gone(id: string, key: string): ErrorInfo {
    const url = displayUrl(this.options.url);
    return {
      name: "RedisError",
      message: `${key}: job ${id} is gone from Redis (flushed, evicted or restarted) at ${url} before the task ended; run again, and keep that Redis from losing jobs (\`maxmemory-policy noeviction\`, persistence if it restarts)`,
    };
  }

  /** Said once: a job waiting with no worker to take it waits for good, and nothing else would say why. */
  private async noWorkerYet(queue: Queue, now: number): Promise<void> {
    if (this.saidNoWorker || now - this.workersCheckedAt < NO_WORKER_AFTER_MS) return;
    let waiting = false;
    for (const entry of this.outstanding.values())
      if (entry.added && !entry.started && now - entry.sentAt >= NO_WORKER_AFTER_MS) waiting = true;
    if (!waiting) return;
    this.workersCheckedAt = now;
    if ((await queue.getWorkersCount()) > 0) return;
    this.saidNoWorker = true;
    const url = displayUrl(this.options.url);
    this.options.say(
      `semisync: no semisync worker is taking tasks from ${url}; start one with \`semisync worker --redis ${url}\` (the run waits for it)\n`,
    );
  }

  /**
   * A worker took the job (BullMQ's own "active" event, which every take writes): the job's
   * `processedBy` names it. The worker itself says nothing on taking it, which would cost it a
   * round trip through Redis before each task.
   */
  private async activated(queue: Queue, id: string): Promise<void> {
    const entry = this.outstanding.get(id);
    if (!entry || entry.started) return;
    let worker: string | null;
    try {
      worker = await (await queue.getBackend().client).hget(queue.toKey(id), "pb");
    } catch {
      // Redis going away is heard on the queue's "error" events; the job's end still starts the task.
      return;
    }
    if (worker !== null) this.taken(id, worker);
  }

  private taken(id: string, worker: string): void {
    const entry = this.outstanding.get(id);
    if (!entry || entry.started) return;
    entry.started = true;
    entry.heardAt = Date.now();
    entry.slot.name = worker;
    entry.slot.pid = this.workerNumbers.get(worker) ?? this.workerNumbers.size + 1;
    this.workerNumbers.set(worker, entry.slot.pid);
    this.reply(entry.slot, { type: "started", key: entry.key });
  }

  private ended(id: string, outcome: TaskOutcome | null | undefined): void {
    // An outcome not (yet) readable is left for the event, or for the next look-up; another run's job is not ours to read.
    if (typeof outcome !== "object" || outcome === null || typeof outcome.status !== "string") return;
    if (!this.unread.has(id)) return;
    const entry = this.outstanding.get(id);
    if (entry && !entry.started) this.taken(id, outcome.worker);
    this.outstanding.delete(id);
    this.forget(id);
    // A call the run gave up on (timed out here) still wrote into the run's namespace hash: its writes are applied all the same.
    const store = this.store;
    this.arriving = this.arriving
      .then(() => store.fetch(outcome))
      .then(
        (fetched) => this.report(outcome, fetched, entry, store),
        (error: Error) =>
          entry && this.reply(entry.slot, { type: "failed", key: entry.key, error: this.redisError(error) }),
      )
      .catch((error: Error) => {
        // Its writes could not be applied here (the namespace folder unwritable): the task fails, the next outcomes go on.
        if (!entry) return;
        const message = `${entry.key}: its outcome from ${outcome.worker} could not be applied here: ${error.message}`;
        this.reply(entry.slot, { type: "failed", key: entry.key, error: { name: "Error", message } });
      });
  }

  /** The job's outcome was read: it leaves the queue, and its arguments Redis, before the run's end waits on it. */
  private forget(id: string): void {
    this.unread.delete(id);
    this.store.forget(id);
    const queue = this.link?.queue;
    if (queue) this.readJobs.add(id, queueKeys(queue));
  }

  /** The connection stays until this settles, and the CLI exits only then (see `withdrawn`). */
  private holdUntil(removal: Promise<void>): void {
    this.withdrawing.add(removal);
    void removal.then(() => this.withdrawing.delete(removal));
  }

  private report(outcome: TaskOutcome, fetched: FetchedOutcome, entry: Outstanding | undefined, store: RunStore): void {
    const written = Object.keys(fetched.writes);
    if (written.length > 0) {
      applyWrites(sharedStoreDir(), fetched.writes);
      store.applied(sharedStoreDir(), written);
    }
    if (!entry) return;
    const { slot, key } = entry;
    for (const { stream, text } of outcome.output) this.reply(slot, { type: "output", key, stream, text });
    // The worker stopped it at the timeout the job carried. The scheduler's own timer, of the same length, was armed
    // only when the run heard the take, which may be this very moment (the take and the end read together).
    if (outcome.status === "timed-out")
      return this.reply(slot, { type: "timed-out", key, timeoutMs: entry.timeoutMs ?? 0 });
    if (outcome.status === "succeeded") {
      let result: unknown;
      try {
        result = fetched.result === undefined ? undefined : deserialize(fetched.result);
      } catch (error) {
        return this.reply(slot, {
          type: "failed",
          key,
          error: { name: "Error", message: `${key}: its result from ${outcome.worker} could not be read: ${error}` },
        });
      }
      this.reply(slot, { type: "succeeded", key, result });
    } else {
      const error = outcome.error ?? { name: "Error", message: `${key} ended ${outcome.status} on ${outcome.worker}` };
      this.reply(slot, { type: "failed", key, error });
    }
  }

  /**
   * The run's end (each `begin()`'s, cancelled or not): its namespace and large values leave
   * Redis, and so does every job of it whose outcome was not read (one a worker still runs is
   * removed by that worker when it ends, finding the run over). The connection stays until done.
   */
  private clearRun(): void {
    const queue = this.link?.queue;
    if (queue) this.readJobs.flush(queueKeys(queue));
    const jobs = [...this.unread];
    this.unread.clear();
    const keys = this.store.clear();
    if (!keys && jobs.length === 0) return;
    const cleared = Promise.all([keys, ...jobs.map((id) => queue?.remove(id))]).then(
      () => undefined,
      () => {
        // Redis going away is heard on the queue's "error" events; the keys' expiry and BullMQ's age limit remain.
      },
    );
    this.holdUntil(cleared);
  }

  /** A job that failed in BullMQ, not in its task: one BullMQ's stalled-job check gave up on was lost with its worker. */
  private jobFailed(id: string, reason: string): void {
    const entry = this.outstanding.get(id);
    if (entry && reason === STALLED_REASON) this.lose(id, entry, takenBy(entry));
    else this.fail(id, { name: "Error", message: `the job failed in its worker: ${reason}` });
  }

  /**
   * The worker machine running the call was lost (`worker` names it, "" when unknown): the call is
   * sent again, as attempt + 1, while the run's retries last, and then fails naming the worker.
   */
  private lose(id: string, entry: Outstanding, worker: string): void {
    if (this.outstanding.get(id) !== entry) return;
    this.outstanding.delete(id);
    // A machine cut off from Redis rather than dead would still be running it.
    this.cancelJobs(
      [id],
      "its run took it for lost (this worker had not renewed its hold within --lost-after) and runs it elsewhere",
    );
    const { slot, key } = entry;
    const attempts = this.attempts.get(key) ?? 1;
    const retries = this.options.retries ?? DEFAULT_RETRIES;
    if (attempts > retries)
      return this.reply(slot, {
        type: "failed",
        key,
        error: { name: "WorkerLost", message: lostMessage(key, worker, attempts, retries) },
      });
    // The slot ends as a process the engine killed would: the engine runs the call again, on a slot of its own.
    slot.killReason = lostReason(worker);
    slot.kill();
  }

  private fail(id: string, error: ErrorInfo): void {
    const entry = this.outstanding.get(id);
    if (!entry) return;
    this.outstanding.delete(id);
    this.reply(entry.slot, { type: "failed", key: entry.key, error });
  }

  private reply(slot: RemoteSlot, reply: WorkerReply): void {
    if (!slot.exited) this.emit("reply", slot, reply);
  }

  /** Looks up the jobs not heard of lately: an ended job whose event was missed ends here. */
  private async reconcile(): Promise<void> {
    const link = this.link;
    if (!link || this.reconciling) return;
    const { queue, client } = link;
    this.reconciling = true;
    try {
      const now = Date.now();
      await this.noWorkerYet(queue, now);
      const due = [...this.outstanding].filter(([, entry]) => now - entry.heardAt >= RECONCILE_AFTER_MS);
      due.sort(([, a], [, b]) => a.heardAt - b.heardAt);
      for (const [id, entry] of due.slice(0, RECONCILE_BATCH)) {
        entry.heardAt = Date.now();
        // The state first, then the job as it is in that state: a job read first may end between the two reads.
        const state = await queue.getJobState(id);
        if (state === "unknown" && entry.added) this.fail(id, this.gone(id, entry.key));
        if (state === "active") {
          const lostWith = await takeLost(client, queue, id);
          if (lostWith !== undefined) this.lose(id, entry, lostWith || takenBy(entry));
        }
        if (state !== "completed" && state !== "failed" && state !== "active") continue;
        const job = await queue.getJob(id);
        if (!job || !this.outstanding.has(id)) continue;
        if (state === "completed") this.ended(id, job.returnvalue as TaskOutcome);
        else if (state === "failed") this.jobFailed(id, job.failedReason);
        else if (job.processedBy) this.taken(id, job.processedBy);
      }
    } catch {
      // Redis going away is heard on the queue's "error" events; a look-up that failed is tried again next round.
    } finally {
      this.reconciling = false;
    }
  }
}

function newRunId(): string {
  return `run${Date.now().toString(36)}${randomBytes(4).toString("hex")}`;
}

function queueKeys(queue: Queue): QueueKeys {
  return { completed: queue.keys.completed, jobPrefix: queue.toKey("") };
}
