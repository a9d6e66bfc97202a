import type { ErrorInfo, FinalStatus } from "../shared/protocol";

/** What `await semisync.begin()` resolves with: one entry per queued call, in queue order. */
export interface RunReport {
  ok: boolean;
  durationMs: number;
  calls: CallReport[];
}

export interface CallReport {
  key: string;
  id: string;
  args: unknown[];
  status: FinalStatus;
  result?: unknown;
  error?: ErrorInfo;
  reason?: string;
  startMs?: number;
  endMs?: number;
  callbackOutput: string;
}
