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

/** What every view shows under a finished task: its output, then its error with the stack. */
export function detailLines(row: TaskRow): Array<{ text: string; error: boolean }> {
  const lines: Array<{ text: string; error: boolean }> = [];
  const output = row.output.replace(/\n$/, "");
  if (output) lines.push(...output.split("\n").map((text) => ({ text, error: false })));
  if (row.error)
    lines.push(
      ...(row.error.stack ?? `${row.error.name}: ${row.error.message}`)
        .split("\n")
        .map((text) => ({ text, error: true })),
    );
  return lines;
}

export function isFinished(status: TaskStatus): boolean {
  return status !== "queued" && status !== "running";
}
