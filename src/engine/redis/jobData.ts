/**
 * What one task call carries to a `semisync worker` through Redis, and what comes back. BullMQ
 * stores job data as JSON, which would turn a Map into `{}` and drop `undefined`: every value of
 * the user's travels v8-serialised, as between local processes, as base64 inside the JSON, or,
 * past LARGE_BYTES, in the run's own keys (runKeys.ts), the job naming where.
 */
import type { ErrorInfo, FinalStatus } from "../../shared/protocol";

/**
 * A value past this many bytes stays out of the job: a job, its event and its outcome are read
 * whole by every side that touches them (and its event is kept in the queue's stream), so a
 * 2 MB argument in it would cost every one of those reads.
 */
export const LARGE_BYTES = 512 * 1024;

/**
 * A value inside a job or an outcome: its v8-serialised bytes as base64, or, for a large one, the
 * field of a hash of the run's (the values hash for arguments and results, the namespace hash for
 * a shared() field) that holds them.
 */
export type Packed = string | { stored: string };

export function isStored(packed: Packed | null | undefined): packed is { stored: string } {
  return typeof packed === "object" && packed !== null && typeof packed.stored === "string";
}

export interface TaskJob {
  /** The coordinator's run: one run's jobs, and its keys in Redis, are told from another's by it. */
  runId: string;
  key: string;
  id: string;
  /** The task's module, relative to the project root (where `semisync worker` was started). */
  file: string;
  args: Packed;
  /** The task's timeout, or else the run's: the worker stops the task's process when it passes, as locally. */
  timeoutMs?: number;
  /** The program's files, relative to the project root, and the sha256 of each as the coordinator read it. */
  code: Record<string, string>;
}

export interface TaskOutcome {
  worker: string;
  status: FinalStatus;
  result?: Packed;
  error?: ErrorInfo;
  output: Array<{ stream: "stdout" | "stderr"; text: string }>;
  /**
   * Fields the task wrote, or deleted (null), for the coordinator's namespace directory. The
   * worker wrote them into the run's namespace hash before it ended the job; a large one is named
   * there (`{ stored: path }`) instead of carried.
   */
  writes: Record<string, Packed | null>;
}

/** A job id for one call in one run, as BullMQ wants them: no `:`, never an integer. */
export function jobId(runId: string, key: string, attempt: number): string {
  return `${runId}-${key.replace(/:/g, "_")}-${attempt}`;
}
