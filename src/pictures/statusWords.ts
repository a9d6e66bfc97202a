/** How a status reads in a picture: a word and a symbol, never a colour alone. */
import type { TaskStatus } from "../shared/protocol";

export const STATUS_WORD: Record<TaskStatus, string> = {
  queued: "waiting",
  running: "running",
  succeeded: "succeeded",
  failed: "failed",
  skipped: "skipped",
  cancelled: "cancelled",
  "timed-out": "timed out",
};

export const STATUS_ICON: Record<TaskStatus, string> = {
  queued: "○",
  running: "▶",
  succeeded: "✓",
  failed: "✗",
  skipped: "⊘",
  cancelled: "■",
  "timed-out": "⏱",
};

/** Seconds as the summary line reads them: `0.51 s`, or `12 ms` below a tenth of a second. */
export function seconds(ms: number): string {
  return ms < 100 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
