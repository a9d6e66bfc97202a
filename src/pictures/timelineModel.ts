/**
 * The run as it happened in time, folded from its events: one row per call, grouped by class,
 * a bar from start to end split where the task returned and its callback began, the chain of
 * calls that decided when the run ended, and what running them side by side gained.
 *
 * Rows are grouped by class, not by worker: a class is what the user wrote and reads, while a
 * worker runs several awaiting calls at once, so worker lanes would draw bars over each other.
 * Each row still names its worker.
 */
import type { FinalStatus, RunEvent, TaskStatus } from "../shared/protocol";
import { splitId } from "./graphModel";
import { seconds } from "./statusWords";
import { appendTo } from "../shared/listMap";

export interface TimelineRow {
  key: string;
  id: string;
  status: TaskStatus;
  worker?: number;
  /** The `semisync worker` whose process `worker` is, in a run through Redis. */
  workerName?: string;
  startMs?: number;
  /** Where the task's code returned and its callback (waiting for its turn included) began. */
  returnedAtMs?: number;
  endMs?: number;
  reason?: string;
  critical: boolean;
}

export interface Timeline {
  groups: Array<{ className: string; rows: TimelineRow[] }>;
  /** Call keys, first to last: each waited last for the one before it. */
  criticalPath: string[];
  durationMs?: number;
  workMs: number;
  /** Worker processes; through Redis, `semisync worker`s (each runs as many calls at once as its --concurrency). */
  workers: number;
  throughRedis: boolean;
  summary?: string;
}

export class TimelineModel {
  private rows = new Map<string, TimelineRow>();
  private dependencies: Record<string, string[]> = {};
  private callsOf = new Map<string, string[]>();
  private durationMs?: number;

  apply(event: RunEvent): void {
    switch (event.type) {
      case "run-start":
        this.rows.clear();
        this.callsOf.clear();
        this.durationMs = undefined;
        this.dependencies = event.dependencies;
        for (const call of event.tasks) {
          this.rows.set(call.key, { key: call.key, id: call.id, status: "queued", critical: false });
          appendTo(this.callsOf, call.id, call.key);
        }
        return;
      case "task-queued":
        if (event.reason !== undefined)
          this.update(event.key, { status: "queued", startMs: undefined, worker: undefined, workerName: undefined });
        return;
      case "task-start":
        return this.update(event.key, {
          status: "running",
          startMs: event.atMs,
          worker: event.worker,
          workerName: event.workerName,
        });
      case "task-succeeded":
      case "task-failed":
        return this.end(event.key, event.type === "task-succeeded" ? "succeeded" : "failed", event.atMs, {
          returnedAtMs: event.returnedAtMs,
        });
      case "task-timed-out":
        return this.end(event.key, "timed-out", event.atMs, {});
      case "task-cancelled":
        return this.end(event.key, "cancelled", event.atMs, { reason: event.reason });
      case "task-skipped":
        return this.update(event.key, { status: "skipped", reason: event.reason });
      case "run-end":
        this.durationMs = event.durationMs;
        return;
    }
  }

  /** The rows so far; a running call's bar ends at `nowMs`. */
  timeline(nowMs?: number): Timeline {
    const rows = [...this.rows.values()].map((row) =>
      row.status === "running" && nowMs !== undefined ? { ...row, endMs: nowMs } : { ...row },
    );
    const criticalPath = this.durationMs === undefined ? [] : this.criticalPath(rows);
    const onPath = new Set(criticalPath);
    const groups = new Map<string, TimelineRow[]>();
    const byStart = (a: TimelineRow, b: TimelineRow) => (a.startMs ?? Infinity) - (b.startMs ?? Infinity);
    for (const row of [...rows].sort(byStart)) {
      row.critical = onPath.has(row.key);
      const { className } = splitId(row.id);
      appendTo(groups, className, row);
    }
    let workMs = 0;
    const processes = new Set<number>();
    // Through Redis a worker is named: its number stands for the name, not for one of its processes.
    const named = new Set<string>();
    for (const row of rows) {
      if (row.startMs !== undefined && row.endMs !== undefined) workMs += row.endMs - row.startMs;
      if (row.workerName !== undefined) named.add(row.workerName);
      else if (row.worker !== undefined) processes.add(row.worker);
    }
    const timeline: Timeline = {
      groups: [...groups].map(([className, each]) => ({ className, rows: each })),
      criticalPath,
      durationMs: this.durationMs,
      workMs,
      workers: named.size > 0 ? named.size : processes.size,
      throughRedis: named.size > 0,
    };
    if (this.durationMs !== undefined) timeline.summary = summaryLine(timeline, this.rows);
    return timeline;
  }

  /**
   * The chain as it happened: from the call that ended last, back through the call of its
   * dependencies that ended last (the one it waited for longest), until a call that waited for none.
   */
  private criticalPath(rows: TimelineRow[]): string[] {
    const byKey = new Map(rows.map((row) => [row.key, row]));
    const ended = (key: string) => byKey.get(key)?.endMs;
    let last: TimelineRow | undefined;
    for (const row of rows)
      if (row.startMs !== undefined && row.endMs !== undefined && (!last || row.endMs > last.endMs!)) last = row;
    const path: string[] = [];
    for (let row = last; row;) {
      path.push(row.key);
      let blocker: TimelineRow | undefined;
      for (const dependency of this.dependencies[row.id] ?? [])
        for (const key of this.callsOf.get(dependency) ?? [])
          if (ended(key) !== undefined && (!blocker || ended(key)! > blocker.endMs!)) blocker = byKey.get(key);
      row = blocker && !path.includes(blocker.key) ? blocker : undefined;
    }
    return path.reverse();
  }

  private update(key: string, change: Partial<TimelineRow>): void {
    const row = this.rows.get(key);
    if (row) Object.assign(row, change);
  }

  private end(key: string, status: FinalStatus, atMs: number, change: Partial<TimelineRow>): void {
    this.update(key, { status, endMs: atMs, ...change });
  }
}

/**
 * `0.80 s of work in 0.51 s: 1.57× faster than one at a time, 2 workers, critical path Finance.expenses → Finance.profit`;
 * through Redis `… 2 semisync workers, …`.
 */
function summaryLine(timeline: Timeline, rows: Map<string, TimelineRow>): string {
  const wall = timeline.durationMs!;
  const speedUp = wall > 0 && timeline.workMs > 0 ? timeline.workMs / wall : 1;
  const path = timeline.criticalPath.map((key) => rows.get(key)!.id);
  return [
    `${seconds(timeline.workMs)} of work in ${seconds(wall)}: ${speedUp >= 1 ? `${speedUp.toFixed(2)}× faster` : `${(1 / speedUp).toFixed(2)}× slower`} than one at a time`,
    `${timeline.workers} ${timeline.throughRedis ? "semisync " : ""}worker${timeline.workers === 1 ? "" : "s"}`,
    ...(path.length > 0 ? [`critical path ${path.join(" → ")}`] : []),
  ].join(", ");
}
