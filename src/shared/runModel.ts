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
  /** A skipped call's root failure: the key of the call whose end skipped it. */
  cause?: string;
  /** The `semisync worker` that ran the call, in a run through Redis. */
  workerName?: string;
}

const noCounts = (): Record<TaskStatus, number> => ({
  queued: 0,
  running: 0,
  succeeded: 0,
  failed: 0,
  skipped: 0,
  cancelled: 0,
  "timed-out": 0,
});

export class RunModel {
  readonly rows = new Map<string, TaskRow>();
  durationMs?: number;
  ended = false;
  /** Kept as rows change, so that views may ask on every event however many tasks run. */
  private tally = noCounts();

  apply(event: RunEvent): TaskRow | undefined {
    switch (event.type) {
      case "run-start":
        this.rows.clear();
        this.ended = false;
        for (const task of event.tasks) this.rows.set(task.key, { key: task.key, status: "queued", output: "" });
        this.tally = noCounts();
        this.tally.queued = this.rows.size;
        return undefined;
      case "task-queued":
        if (event.reason === undefined) return undefined;
        // Queued again, it runs wherever a worker takes it next.
        delete this.rows.get(event.key)?.workerName;
        return this.update(event.key, { status: "queued", startMs: undefined, reason: event.reason });
      case "task-start": {
        const named = event.workerName === undefined ? {} : { workerName: event.workerName };
        return this.update(event.key, { status: "running", startMs: event.atMs, ...named });
      }
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
        return this.update(event.key, { status: "skipped", reason: event.reason, cause: event.cause });
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
    return { ...this.tally };
  }

  /** Tasks finished, of the tasks in the run. */
  progress(): { done: number; total: number } {
    return { done: this.rows.size - this.tally.queued - this.tally.running, total: this.rows.size };
  }

  private update(key: string, change: Partial<TaskRow>): TaskRow | undefined {
    const row = this.rows.get(key);
    if (!row) return row;
    const before = row.status;
    Object.assign(row, change);
    if (row.status !== before) {
      this.tally[before]--;
      this.tally[row.status]++;
    }
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
 * Output past `limit` keeps its first and its last lines (a callback's output comes last) with
 * one note between them saying how much is left out and where it is; the error is always whole.
 */
export function detailLines(row: TaskRow, limit?: DetailLimit): DetailLine[] {
  const output = row.output.replace(/\n$/, "");
  // Pushed one by one: a task may print hundreds of thousands of lines, more than a call's arguments can hold.
  const lines: DetailLine[] = [];
  for (const text of shownOutput(output ? output.split("\n") : [], limit)) lines.push({ text, error: false });
  if (row.error)
    for (const text of (row.error.stack ?? `${row.error.name}: ${row.error.message}`).split("\n"))
      lines.push({ text, error: true });
  return lines;
}

function shownOutput(texts: string[], limit?: DetailLimit): string[] {
  if (!limit || (texts.length <= limit.lines && totalLength(texts) <= limit.characters)) return texts;
  const half = { lines: Math.floor(limit.lines / 2), characters: Math.floor(limit.characters / 2) };
  const head = edge(texts, 0, texts.length, half, "first");
  const tail = edge(texts, head.reached, texts.length, half, "last");
  const left = { lines: 0, bytes: 0 };
  for (let i = head.reached - (head.cut ? 1 : 0); i < tail.reached; i++) {
    left.lines++;
    left.bytes += Buffer.byteLength(texts[i]) + 1;
  }
  return [...head.shown, omittedNote(left.lines, left.bytes, limit.elsewhere), ...tail.shown];
}

/**
 * Whole lines from one end of `texts[from..to)` within the budget; a first line longer than the
 * budget is cut. `reached` is the index the taking stopped at (counted from the start).
 */
function edge(
  texts: string[],
  from: number,
  to: number,
  budget: { lines: number; characters: number },
  end: "first" | "last",
) {
  const shown: string[] = [];
  let characters = 0;
  let cut = false;
  let reached = end === "first" ? from : to;
  while (shown.length < budget.lines && (end === "first" ? reached < to : reached > from)) {
    const text = texts[end === "first" ? reached : reached - 1];
    if (characters + text.length > budget.characters) {
      if (shown.length === 0 && end === "first") {
        shown.push(`${wholeCharacters(text, budget.characters)}…`);
        reached++;
        cut = true;
      }
      break;
    }
    shown.push(text);
    characters += text.length;
    reached += end === "first" ? 1 : -1;
  }
  return { shown: end === "first" ? shown : shown.reverse(), reached, cut };
}

function totalLength(texts: string[]): number {
  let length = 0;
  for (const text of texts) length += text.length + 1;
  return length - 1;
}

function omittedNote(lines: number, bytes: number, elsewhere: string): string {
  const size = bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.ceil(bytes / 1e3)} KB`;
  return `… ${lines.toLocaleString("en-US")} more line${lines === 1 ? "" : "s"} of output (${size}) not shown here; ${elsewhere}`;
}

export function isFinished(status: TaskStatus): boolean {
  return status !== "queued" && status !== "running";
}

/** The first `count` UTF-16 units of `text`, one fewer where the cut would split a character in two. */
function wholeCharacters(text: string, count: number): string {
  const last = text.charCodeAt(count - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? count - 1 : count);
}
