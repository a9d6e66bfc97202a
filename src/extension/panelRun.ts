/**
 * The run the graph panel shows: its events kept for a page that loads afresh, and those not yet
 * sent. Each task's output is kept up to a budget: a task printing megabytes must not travel to
 * the webview whole, nor take the room of the tasks after it. Plain logic, without 'vscode'.
 */
import type { RunEvent } from "../shared/protocol";

const OUTPUT_KEPT_CHARS = 64_000;

export const outputCutNote = (budget: number) =>
  `… the panel keeps the first ${budget.toLocaleString("en")} characters of a task's output; the Run view and the log (semisync: Show Log) have more`;

export class PanelRun {
  readonly events: RunEvent[] = [];
  unsent: RunEvent[] = [];
  private readonly outputChars = new Map<string, number>();

  /**
   * `relative` names a file as the panel's graph names it: the page matches a run's task to its node
   * by file, and the run names files by their full paths.
   */
  private readonly relative: (file: string) => string;
  private readonly budget: number;

  constructor(
    readonly number: number,
    options: { relative?: (file: string) => string; budget?: number } = {},
  ) {
    this.relative = options.relative ?? ((file) => file);
    this.budget = options.budget ?? OUTPUT_KEPT_CHARS;
  }

  /** Keeps the event, or the part of it within its task's budget; false when nothing of it is kept. */
  record(event: RunEvent): boolean {
    if (event.type === "run-start")
      event = {
        ...event,
        tasks: event.tasks.map((call) =>
          call.file === undefined ? call : { ...call, file: this.relative(call.file) },
        ),
      };
    if (event.type === "output") {
      const owner = event.key ?? "";
      const before = this.outputChars.get(owner) ?? 0;
      this.outputChars.set(owner, before + event.text.length);
      if (before >= this.budget) return false;
      if (before + event.text.length > this.budget)
        event = { ...event, text: `${event.text.slice(0, this.budget - before)}\n${outputCutNote(this.budget)}\n` };
    }
    this.events.push(event);
    this.unsent.push(event);
    return true;
  }

  /** The events not sent yet, now counted as sent. */
  takeUnsent(): RunEvent[] {
    const events = this.unsent;
    this.unsent = [];
    return events;
  }
}
