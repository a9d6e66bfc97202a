/** How a task's status reads in a terminal: a symbol for the eye, a word for everyone. */
import { formatDuration } from "../shared/format";
import { MAX_WORKERS, type RunEvent, type TaskStatus } from "../shared/protocol";
import { detailLines, type DetailLimit, type RunModel, type TaskRow } from "../shared/runModel";

const SYMBOL: Record<TaskStatus, string> = {
  queued: "·",
  running: "▸",
  succeeded: "✓",
  failed: "✗",
  skipped: "-",
  cancelled: "■",
  "timed-out": "⏱",
};

export const COLOUR: Record<TaskStatus, string> = {
  queued: "2",
  running: "36",
  succeeded: "32",
  failed: "31",
  skipped: "33",
  cancelled: "33",
  "timed-out": "31",
};

export function statusLine(row: TaskRow, colour: boolean, nowMs?: number): string {
  const paint = (text: string) => (colour ? `\x1b[${COLOUR[row.status]}m${text}\x1b[0m` : text);
  let detail = "";
  if (row.durationMs !== undefined) detail = formatDuration(row.durationMs);
  else if (row.status === "running" && nowMs !== undefined && row.startMs !== undefined)
    detail = formatDuration(Math.max(0, nowMs - row.startMs));
  if (row.reason) detail += `${detail ? "  " : ""}${row.reason}`;
  if (row.workerName !== undefined) detail += `${detail ? "  " : ""}on ${row.workerName}`;
  return `${paint(`${SYMBOL[row.status]} ${row.status.padEnd(9)}`)} ${row.key}${detail ? `  ${detail}` : ""}`;
}

/**
 * What a terminal shows of one task's output: enough to read, not so much that a chatty task
 * buries the rest of the run.
 */
export const TERMINAL_DETAIL_LIMIT: DetailLimit = {
  lines: 1000,
  characters: 100_000,
  elsewhere: "`semisync run --json` prints all of it, as output events",
};

/** The lines shown under a finished task in a terminal, indented under it. */
export function indentedDetails(row: TaskRow): string[] {
  return detailLines(row, TERMINAL_DETAIL_LIMIT).map((line) => `    ${line.text}`);
}

/**
 * What the run is about to do. Through Redis the semisync workers' own concurrency bounds what
 * computes; the run's `maxWorkers` bounds only the calls it sends out at once, said when it was chosen.
 */
export function headerLine(event: Extract<RunEvent, { type: "run-start" }>, redisUrl?: string): string {
  const tasks = `${event.tasks.length} task${event.tasks.length === 1 ? "" : "s"}`;
  if (redisUrl === undefined) return `semisync: ${tasks}, up to ${event.maxWorkers} computing at once`;
  const bounded = event.maxWorkers < MAX_WORKERS ? `, up to ${event.maxWorkers} at once` : "";
  return `semisync: ${tasks}, sent to semisync workers through Redis at ${redisUrl}${bounded}`;
}

export function summaryLine(model: RunModel): string {
  const counts = model.counts();
  const parts = (["succeeded", "failed", "timed-out", "skipped", "cancelled"] as const)
    .filter((status) => counts[status] > 0 || status === "succeeded")
    .map((status) => `${counts[status]} ${status}`);
  return `${parts.join(", ")} in ${formatDuration(model.durationMs ?? 0)}`;
}
