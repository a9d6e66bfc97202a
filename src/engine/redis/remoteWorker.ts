/**
 * `semisync worker`: takes task calls from the BullMQ queue and runs each in a warm worker
 * process of its own pool, exactly as a local run does (the same Engine and WorkerPool: TypeScript
 * loading, crash and timeout handling), then hands back the outcome, the output and the namespace
 * fields the task wrote. Each of the `concurrency` slots is a one-process engine with a private
 * namespace directory, seeded from the job before the call runs.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serialize } from "node:v8";
import { Worker, type Job } from "bullmq";
import type { TaskDefinition } from "../../runtime/state";
import { SHARED_DIR_ENV } from "../../runtime/shared";
import type { RunEvent } from "../../shared/protocol";
import { systemClock } from "../clock";
import { Engine } from "../engine";
import type { PlannedCall } from "../plan";
import { WorkerPool } from "../workerPool";
import { CheckoutHashes } from "./codeManifest";
import { QUEUE_NAME, redisOptions } from "./connection";
import { type TaskJob, type TaskOutcome } from "./jobData";
import { namespaceWrites, readNamespace, seedNamespace, type NamespaceFiles } from "./namespaceFiles";
import { WorkerStore, type JobHold } from "./workerStore";
import { CancelListener } from "./cancelListener";
import { ConnectionLog } from "./connectionLog";
import { TakenBackLog } from "./takenBack";
import { DEFAULT_LOST_AFTER_S } from "./lostJobs";

export interface RemoteWorkerOptions {
  url: string;
  name: string;
  concurrency: number;
  /** The project's checkout: job paths are relative to it. */
  root: string;
  /** A job whose lock this worker has not renewed for this long counts as lost with it (`--lost-after`). */
  lostAfterS?: number;
  log(line: string): void;
}

class Slot {
  engine!: Engine;
  private pool!: WorkerPool;
  busy = false;
  readonly dir: string;
  private output: TaskOutcome["output"] = [];
  /** The hash of each file this slot's process may have loaded: a newer version needs a fresh process. */
  private loaded = new Map<string, string>();

  constructor() {
    const base = process.platform === "linux" ? "/dev/shm" : tmpdir();
    this.dir = mkdtempSync(join(base, "semisync-remote-"));
    // Also when a second signal stops the worker at once, without closing.
    process.once("exit", () => rmSync(this.dir, { recursive: true, force: true }));
    this.fresh();
  }

  private fresh(): void {
    this.engine?.dispose();
    this.loaded.clear();
    const collect = (event: RunEvent) => {
      if (event.type === "output" && event.stream !== "callback")
        this.output.push({ stream: event.stream, text: event.text });
    };
    // Detached: a Ctrl-C at the worker's terminal is answered by closing gracefully, not by killing tasks mid-way.
    this.pool = new WorkerPool(1, { ...process.env, [SHARED_DIR_ENV]: this.dir }, true);
    this.engine = new Engine(this.pool, collect, systemClock, 1);
    this.engine.prestart();
  }

  async run(
    job: TaskJob,
    jobId: string,
    hold: JobHold,
    file: string,
    store: WorkerStore,
    before: NamespaceFiles,
  ): Promise<Omit<TaskOutcome, "worker">> {
    if (Object.entries(job.code).some(([path, hash]) => this.loaded.has(path) && this.loaded.get(path) !== hash))
      this.fresh();
    for (const [path, hash] of Object.entries(job.code)) this.loaded.set(path, hash);
    seedNamespace(this.dir, before);
    this.output = [];
    const [className, method] = splitId(job.id);
    const task: TaskDefinition = {
      id: job.id,
      className,
      method,
      file,
      owner: noop,
      original: noop,
      dependencies: [],
      ...(job.timeoutMs === undefined ? {} : { timeoutMs: job.timeoutMs }),
    };
    const call: PlannedCall = {
      key: job.key,
      id: job.id,
      call: 0,
      file,
      implicit: false,
      task,
      args: (await store.unpack(job.runId, job.args)) as unknown[],
      dependencies: [],
    };
    const report = await this.engine.run([call], {});
    const [ended] = report.calls;
    const changes = namespaceWrites(before, readNamespace(this.dir));
    const result = ended.status === "succeeded" ? serialize(ended.result) : undefined;
    const kept = await store.keep(job.runId, jobId, hold, changes, result);
    return { status: ended.status, ...kept, ...(ended.error ? { error: ended.error } : {}), output: this.output };
  }

  /** Kills the process running the call (its run reports it cancelled), starts a fresh one, and says which it killed. */
  cancel(why: string): number | undefined {
    const running = [...this.pool.workers].find((worker) => worker.tasks.size > 0);
    this.engine.cancel(why);
    this.engine.prestart();
    return running?.pid;
  }

  dispose(): void {
    this.engine.dispose();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function noop(): void {}

/**
 * A job of a run whose keys are gone: its coordinator has ended it, or died (they expire soon
 * after), or Redis lost them; running it would serve nobody.
 */
function runOver(job: TaskJob): Omit<TaskOutcome, "worker"> {
  const message = `${job.key}: its run ${job.runId} is over (its shared namespace is gone from Redis: the run ended, its coordinator died, or Redis lost its keys); the task did not run`;
  return { status: "failed", error: { name: "RedisError", message }, output: [], writes: {} };
}

function splitId(id: string): [string, string] {
  const dot = id.lastIndexOf(".");
  return [id.slice(0, dot), id.slice(dot + 1)];
}

export class RemoteWorker {
  private readonly slots: Slot[] = [];
  private readonly hashes: CheckoutHashes;
  private readonly store: WorkerStore;
  private readonly worker: Worker<TaskJob, TaskOutcome>;
  private readonly cancels: CancelListener;

  constructor(private readonly options: RemoteWorkerOptions) {
    this.hashes = new CheckoutHashes(options.root);
    this.store = new WorkerStore(options.url);
    for (let i = 0; i < options.concurrency; i++) this.slots.push(new Slot());
    const lostAfterMs = (options.lostAfterS ?? DEFAULT_LOST_AFTER_S) * 1000;
    this.worker = new Worker<TaskJob, TaskOutcome>(QUEUE_NAME, (job) => this.process(job), {
      connection: redisOptions(options.url),
      concurrency: options.concurrency,
      name: options.name,
      autorun: false,
      // Renewed every half of it: a machine that dies holding a job lets go of it this long after, and the
      // coordinator sends the call again.
      lockDuration: lostAfterMs,
      stalledInterval: lostAfterMs,
      // A job found stalled fails instead of running again behind its coordinator, which decides about retries.
      maxStalledCount: 0,
    });
    this.cancels = new CancelListener(redisOptions(options.url));
    const connection = new ConnectionLog(options.url, options.log);
    connection.watch(this.cancels.connection);
    const takenBack = new TakenBackLog(options.log);
    this.worker.on("error", (error) => takenBack.heard(error) || connection.error(error));
    // Its lock gone from Redis (the run took the job for lost and sent it elsewhere, or Redis restarted empty): no
    // run waits for it here, and its task must not run on twice.
    this.worker.on("lockRenewalFailed", (jobs: string[]) =>
      this.cancels.stop(jobs, "this worker lost its hold on the job in Redis: the run took it back"),
    );
    this.worker.on("completed", (job) => void this.dropIfRunOver(job));
    this.worker.on("failed", (job) => job && void this.dropIfRunOver(job));
  }

  /** Takes jobs until closed; resolves once connected to Redis and listening for cancels. */
  async start(): Promise<void> {
    await this.cancels.start();
    void this.worker.run();
    await this.worker.waitUntilReady();
  }

  /** Takes no new job, lets the running ones finish and report, then stops every process of its own. */
  async close(): Promise<void> {
    // Still listening meanwhile: a run cancelled while this worker finishes its call stops it.
    await this.worker.close();
    this.cancels.close();
    for (const slot of this.slots) slot.dispose();
    this.store.close();
  }

  /**
   * A job that ended after its run did (cancelled, or its task timed out there) is removed here:
   * its coordinator, gone, would never read and remove it. Asked once the job has ended, so a
   * coordinator that ends meanwhile has it removable either way.
   */
  private async dropIfRunOver(job: Job<TaskJob, TaskOutcome>): Promise<void> {
    try {
      if (!(await this.store.live(job.data.runId))) await job.remove();
    } catch {
      // Removed by the coordinator meanwhile, or Redis gone: BullMQ's own age limit removes it then.
    }
  }

  private async process(job: Job<TaskJob, TaskOutcome>): Promise<TaskOutcome> {
    const { name, root, log } = this.options;
    const data = job.data;
    // As of the task's start: every write of the tasks that ended before is in the run's hash. Asked for at once, so the
    // read overlaps the code check; a task refused below does not wait for it.
    const namespace = this.store.namespace(data.runId);
    namespace.catch(() => {});
    const differs = this.hashes.firstDifference(data.code);
    if (differs) {
      const message = `${data.key}: worker ${name} has a different ${differs.path} than the coordinator (the coordinator's sha256 ${differs.planned}, this checkout's ${differs.here}); semisync never runs code other than the one planned: bring the checkout of ${name} (${root}) to the coordinator's version`;
      log(`refused ${data.key} (${data.runId}): ${differs.path} differs from the coordinator's`);
      return { worker: name, status: "failed", error: { name: "StaleCheckout", message }, output: [], writes: {} };
    }
    const before = await namespace;
    if (!before) {
      log(`not running ${data.key} (${data.runId}): its run is over, or its coordinator died`);
      // Its end finds the run over and removes the job (dropIfRunOver).
      return { worker: name, ...runOver(data) };
    }
    const slot = this.slots.find((each) => !each.busy);
    if (!slot) throw new Error(`worker ${name} took more jobs than its ${this.slots.length} slots`);
    slot.busy = true;
    const started = Date.now();
    const wanted = this.cancels.begin(job.id!, (why) => {
      const pid = slot.cancel(why);
      log(`stopping ${data.key} (${data.runId})${pid ? ` in process ${pid}` : ""}: ${why}`);
    });
    if (!wanted) {
      slot.busy = false;
      log(`not running ${data.key} (${data.runId}): its run cancelled it`);
      return { worker: name, status: "cancelled", output: [], writes: {} };
    }
    log(`running ${data.key} (${data.runId})`);
    try {
      const hold = { lock: `${this.worker.toKey(job.id!)}:lock`, token: job.token ?? "" };
      const outcome = await slot.run(data, job.id!, hold, join(root, data.file), this.store, before);
      const why = outcome.error ? `: ${outcome.error.message.split("\n")[0]}` : "";
      log(`${outcome.status} ${data.key} (${data.runId}) in ${Date.now() - started} ms${why}`);
      return { worker: name, ...outcome };
    } finally {
      this.cancels.end(job.id!);
      slot.busy = false;
    }
  }
}
