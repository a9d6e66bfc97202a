/**
 * The state of a run, folded from its events: what every view (terminal, JSON summary, the
 * editor's run view) shows. Pure: events in, task rows out.
 */
import type { ErrorInfo, RunEvent, TaskStatus } from "./protocol";

export interface TaskRow {
  key: string;
  status: TaskStatus;
  startMs?: number;
  durationMs?: number;
  /** Callback output, and whatever the task printed. */
  output: string;
  error?: ErrorInfo;
  reason?: string;
}

export class RunModel {
  readonly rows = new Map<string, TaskRow>();
  durationMs?: number;
  ended = false;

  apply(event: RunEvent): TaskRow | undefined {
    switch (event.type) {
      case "run-start":
        this.rows.clear();
        this.ended = false;
        for (const task of event.tasks) this.rows.set(task.key, { key: task.key, status: "queued", output: "" });
        return undefined;
      case "task-queued":
        return event.reason === undefined
          ? undefined
          : this.update(event.key, { status: "queued", startMs: undefined, reason: event.reason });
      case "task-start":
        return this.update(event.key, { status: "running", startMs: event.atMs });
      case "task-succeeded":
        return this.update(event.key, { status: "succeeded", durationMs: event.durationMs });
      case "task-failed":
        return this.update(event.key, { status: "failed", durationMs: event.durationMs, error: event.error });
      case "task-timed-out":
        return this.update(event.key, {
          status: "timed-out",
          durationMs: event.durationMs,
          reason: `did not finish within ${event.timeoutMs} ms`,
        });
      case "task-cancelled":
        return this.update(event.key, { status: "cancelled", reason: event.reason });
      case "task-skipped":
        return this.update(event.key, { status: "skipped", reason: event.reason });
      case "output": {
        const row = event.key === undefined ? undefined : this.rows.get(event.key);
        if (row) row.output += event.text;
        return row;
      }
      case "run-end":
        this.ended = true;
        this.durationMs = event.durationMs;
        return undefined;
      default:
        return undefined;
    }
  }

  counts(): Record<TaskStatus, number> {
    const counts: Record<TaskStatus, number> = {
      queued: 0,
      running: 0,
      succeeded: 0,
      failed: 0,
      skipped: 0,
      cancelled: 0,
      "timed-out": 0,
    };
    for (const row of this.rows.values()) counts[row.status]++;
    return counts;
  }

  private update(key: string, change: Partial<TaskRow>): TaskRow | undefined {
    const row = this.rows.get(key);
    if (row) Object.assign(row, change);
    return row;
  }
}

/** How much of a task's output a view shows, and where the rest can be read. */
export interface DetailLimit {
  lines: number;
  characters: number;
  /** Where the whole output is, for the note that replaces what is not shown. */
  elsewhere: string;
}

type DetailLine = { text: string; error: boolean };

/**
 * What every view shows under a finished task: its output, then its error with the stack.
 * Output past `limit` (the first lines are kept) becomes one note saying how much is left out
 * and where it is; the error is always shown whole.
 */
export function detailLines(row: TaskRow, limit?: DetailLimit): DetailLine[] {
  // Pushed one by one: a task may print hundreds of thousands of lines, more than a call's arguments can hold.
  const lines: DetailLine[] = [];
  const output = row.output.replace(/\n$/, "");
  let shownCharacters = 0;
  for (let from = 0; output && from <= output.length;) {
    const newline = output.indexOf("\n", from);
    const to = newline < 0 ? output.length : newline;
    if (limit && (lines.length >= limit.lines || shownCharacters + (to - from) > limit.characters)) {
      const room = lines.length < limit.lines ? Math.max(0, limit.characters - shownCharacters) : 0;
      if (room > 0) lines.push({ text: `${output.slice(from, from + room)}…`, error: false });
      lines.push({ text: omittedNote(output.slice(from + room), limit.elsewhere), error: false });
      break;
    }
    lines.push({ text: output.slice(from, to), error: false });
    shownCharacters += to - from;
    from = to + 1;
  }
  if (row.error)
    for (const text of (row.error.stack ?? `${row.error.name}: ${row.error.message}`).split("\n"))
      lines.push({ text, error: true });
  return lines;
}

function omittedNote(rest: string, elsewhere: string): string {
  let lines = 1;
  for (let at = rest.indexOf("\n"); at >= 0; at = rest.indexOf("\n", at + 1)) lines++;
  const bytes = Buffer.byteLength(rest);
  const size = bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.ceil(bytes / 1e3)} KB`;
  return `… ${lines.toLocaleString("en-US")} more line${lines === 1 ? "" : "s"} of output (${size}) not shown here; ${elsewhere}`;
}

export function isFinished(status: TaskStatus): boolean {
  return status !== "queued" && status !== "running";
}
