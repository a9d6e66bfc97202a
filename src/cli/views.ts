/**
 * Renderers of the engine's events in a terminal: a live view for people at a TTY, plain
 * lines for logs and pipes, JSON Lines for programs. All fold events through one RunModel.
 */
import type { RunEvent } from "../shared/protocol";
import { RunModel, isFinished, type TaskRow } from "../shared/runModel";
import { headerLine, indentedDetails, statusLine, summaryLine } from "./format";

export interface View {
  onEvent(event: RunEvent): void;
  close(): void;
}

type Write = (text: string) => void;

/**
 * Text for stdout and stderr, gathered in order and written when this turn of the event loop
 * ends (or the view closes): a burst of thousands of events costs a few writes, not thousands.
 */
class Batched {
  private readonly chunks: Array<{ write: Write; text: string }> = [];
  private scheduled = false;

  constructor(
    private readonly rawOut: Write,
    private readonly rawErr: Write,
  ) {}

  readonly out: Write = (text) => this.add(this.rawOut, text);
  readonly err: Write = (text) => this.add(this.rawErr, text);

  flush(): void {
    this.scheduled = false;
    for (const { write, text } of this.chunks.splice(0)) write(text);
  }

  private add(write: Write, text: string): void {
    const last = this.chunks[this.chunks.length - 1];
    if (last?.write === write) last.text += text;
    else this.chunks.push({ write, text });
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }
}

export class JsonView implements View {
  private readonly batched: Batched;
  constructor(out: Write) {
    this.batched = new Batched(out, out);
  }
  onEvent(event: RunEvent): void {
    this.batched.out(`${JSON.stringify(event.type === "run-end" ? summariseForJson(event) : event)}\n`);
  }
  close(): void {
    this.batched.flush();
  }
}

/** The run-end line keeps its documented shape: skipped tasks carry no times. */
function summariseForJson(event: Extract<RunEvent, { type: "run-end" }>) {
  return {
    ...event,
    tasks: event.tasks.map(({ error, ...task }) => ({
      ...task,
      ...(error ? { error: { name: error.name, message: error.message } } : {}),
    })),
  };
}

/** One line per finished task with its output under it, program output as it comes, a summary. */
export class PlainView implements View {
  protected readonly model = new RunModel();
  private readonly batched: Batched;
  protected readonly out: Write;
  protected readonly err: Write;
  constructor(
    out: Write,
    err: Write,
    protected readonly colour = false,
    /** The run sends its tasks through this Redis (shown with its password as ***). */
    private readonly redisUrl?: string,
  ) {
    this.batched = new Batched(out, err);
    this.out = this.batched.out;
    this.err = this.batched.err;
  }

  onEvent(event: RunEvent): void {
    const row = this.model.apply(event);
    switch (event.type) {
      case "run-start":
        this.out(`${headerLine(event, this.redisUrl)}\n`);
        break;
      case "output":
        if (event.key === undefined) (event.stream === "stderr" ? this.err : this.out)(event.text);
        break;
      case "run-end":
        this.out(`${summaryLine(this.model)}\n`);
        break;
      case "graph-error":
        this.err(`${event.message}\n`);
        break;
      default:
        if (row && isFinished(row.status)) this.out(rowBlock(row, this.colour));
    }
  }

  close(): void {
    this.batched.flush();
  }
}

function rowBlock(row: TaskRow, colour: boolean): string {
  return [statusLine(row, colour), ...indentedDetails(row)].join("\n") + "\n";
}

/** The live block is drawn again at most this often; finished tasks print at once. */
const REDRAW_MS = 100;

/**
 * At a TTY: finished tasks are printed for good, with their output under them, while the
 * tasks still queued or running are redrawn in place below, with a live duration. However many
 * thousands of tasks a run has, an event costs the few lines a terminal shows, and the block is
 * redrawn at most every 100 ms: at once when it has not been for that long, else at the next tick.
 */
export class LiveView implements View {
  private readonly model = new RunModel();
  /** Unfinished tasks by state, in the order they got there. */
  private readonly running = new Set<string>();
  private readonly queued = new Set<string>();
  private liveLines = 0;
  private atLineStart = true;
  private ticker?: NodeJS.Timeout;
  private runStartedAt = performance.now();
  private drawnAt = -Infinity;
  private stale = false;
  private readonly batched: Batched;
  private readonly out: Write;
  private readonly err: Write;

  constructor(
    out: Write,
    err: Write,
    private readonly rows: () => number,
    /** The run sends its tasks through this Redis (shown with its password as ***): the first line says so. */
    private readonly redisUrl?: string,
  ) {
    this.batched = new Batched(out, err);
    this.out = this.batched.out;
    this.err = this.batched.err;
  }

  onEvent(event: RunEvent): void {
    const row = this.model.apply(event);
    if (row) this.track(row);
    switch (event.type) {
      case "run-start":
        this.runStartedAt = performance.now();
        this.running.clear();
        this.queued.clear();
        for (const key of this.model.rows.keys()) this.queued.add(key);
        this.ticker ??= setInterval(() => this.tick(), REDRAW_MS).unref();
        // Where the tasks go is not where a local run's go: said once, above the live block.
        if (this.redisUrl !== undefined) this.print(`${headerLine(event, this.redisUrl)}\n`);
        // Nothing runs yet: the queue shows at the first start or the first tick.
        this.stale = true;
        return;
      case "output":
        if (event.key === undefined) this.print(event.text, event.stream === "stderr" ? this.err : this.out);
        return;
      case "run-end":
        this.stopTicker();
        this.print(`${summaryLine(this.model)}\n`);
        return;
      case "graph-error":
        this.print(`${event.message}\n`, this.err);
        return;
      default:
        if (row && isFinished(row.status)) this.print(rowBlock(row, true));
        else this.redrawSoon();
    }
  }

  close(): void {
    this.stopTicker();
    this.clearLive();
    this.batched.flush();
  }

  private track(row: TaskRow): void {
    this.running.delete(row.key);
    this.queued.delete(row.key);
    if (row.status === "running") this.running.add(row.key);
    else if (row.status === "queued") this.queued.add(row.key);
  }

  private stopTicker(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
  }

  private tick(): void {
    // Running durations change every tick even when no event came.
    if (this.stale || this.running.size > 0) this.redraw();
  }

  private redrawSoon(): void {
    if (performance.now() - this.drawnAt >= REDRAW_MS) this.redraw();
    else this.stale = true;
  }

  private print(text: string, write: Write = this.out): void {
    this.clearLive();
    write(text);
    if (text.length > 0) this.atLineStart = text.endsWith("\n");
    this.redrawSoon();
  }

  private redraw(): void {
    this.clearLive();
    this.drawnAt = performance.now();
    this.stale = false;
    if (this.model.ended) return;
    const pending = this.running.size + this.queued.size;
    if (pending === 0) return;
    const room = Math.max(3, this.rows() - 2);
    const showing = pending > room ? room - 1 : room;
    const now = performance.now() - this.runStartedAt;
    const lines: string[] = [];
    for (const keys of [this.running, this.queued]) {
      for (const key of keys) {
        if (lines.length === showing) break;
        lines.push(statusLine(this.model.rows.get(key)!, true, now));
      }
    }
    if (lines.length < pending) lines.push(`  … and ${pending - lines.length} more`);
    this.out(`${this.atLineStart ? "" : "\n"}${lines.join("\n")}\n`);
    this.atLineStart = true;
    this.liveLines = lines.length;
  }

  private clearLive(): void {
    if (this.liveLines === 0) return;
    this.out(`\x1b[${this.liveLines}F\x1b[J`);
    this.liveLines = 0;
  }
}
