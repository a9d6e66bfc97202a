/**
 * A report inlines a run's events; a task that prints megabytes would make it a file of megabytes
 * that a browser is slow to open and nobody mails. Each task's output is cut to what the pictures
 * show of it, its first and last lines, with a note saying how much is left out and where it is.
 */
import { appendTo } from "../shared/listMap";
import type { RunEvent } from "../shared/protocol";
import { detailLines, type DetailLimit } from "../shared/runModel";

export const REPORT_OUTPUT_LIMIT: DetailLimit = {
  lines: 200,
  characters: 64_000,
  elsewhere:
    "the report keeps 200 lines or 64,000 characters of each task; the terminal shows more, `semisync run --json` all of it",
};

type OutputEvent = Extract<RunEvent, { type: "output" }>;

/** The events with each task's output (per round) over the limit replaced by one event of what is kept. */
export function capOutput(events: readonly RunEvent[], limit: DetailLimit = REPORT_OUTPUT_LIMIT): RunEvent[] {
  const outputs = new Map<string, OutputEvent[]>();
  let round = 0;
  for (const event of events) {
    if (event.type === "run-start") round++;
    if (event.type !== "output") continue;
    const key = `${round}\u0000${event.key ?? ""}`;
    appendTo(outputs, key, event);
  }
  const replaced = new Map<OutputEvent, OutputEvent | undefined>();
  for (const list of outputs.values()) {
    const output = list.map((event) => event.text).join("");
    const kept = detailLines({ key: "", status: "succeeded", output }, limit).map((line) => line.text);
    if (kept.join("\n") === output.replace(/\n$/, "")) continue;
    for (const event of list) replaced.set(event, undefined);
    const last = list[list.length - 1];
    replaced.set(last, { ...last, text: `${kept.join("\n")}\n` });
  }
  return events.flatMap((event) => {
    if (event.type !== "output" || !replaced.has(event)) return [event];
    const kept = replaced.get(event);
    return kept ? [kept] : [];
  });
}
