/**
 * What one task call carries to a `semisync worker` through Redis, and what comes back. BullMQ
 * stores job data as JSON, which would turn a Map into `{}` and drop `undefined`: every value of
 * the user's travels v8-serialised, as between local processes, as base64 inside the JSON.
 */
import { deserialize, serialize } from "node:v8";
import type { ErrorInfo, FinalStatus } from "../../shared/protocol";

/** v8-serialised bytes, base64: what a value is inside a job. */
export type Packed = string;

export function pack(value: unknown): Packed {
  return serialize(value).toString("base64");
}

export function unpack(packed: Packed): unknown {
  return deserialize(Buffer.from(packed, "base64"));
}

/** Each field file of the shared namespace, by its path inside the namespace directory: its bytes, base64. */
export type NamespaceFiles = Record<string, string>;

export interface TaskJob {
  /** The coordinator's run: one run's jobs, and its reports, are told from another's by it. */
  runId: string;
  key: string;
  id: string;
  /** The task's module, relative to the project root (where `semisync worker` was started). */
  file: string;
  args: Packed;
  /** The task's own timeout: the worker stops the task's process when it passes, as locally. */
  timeoutMs?: number;
  /** The namespace as the coordinator had it when it sent the call. */
  namespace: NamespaceFiles;
  /** The program's files, relative to the project root, and the sha256 of each as the coordinator read it. */
  code: Record<string, string>;
}

export interface TaskOutcome {
  worker: string;
  status: FinalStatus;
  result?: Packed;
  error?: ErrorInfo;
  output: Array<{ stream: "stdout" | "stderr"; text: string }>;
  /** Fields the task wrote (base64 bytes) or deleted (null), to be written into the coordinator's namespace. */
  writes: Record<string, string | null>;
}

/** A job id for one call in one run, as BullMQ wants them: no `:`, never an integer. */
export function jobId(runId: string, key: string, attempt: number): string {
  return `${runId}-${key.replace(/:/g, "_")}-${attempt}`;
}
