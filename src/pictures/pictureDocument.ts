/**
 * What the pictures are drawn from, as the CLI's report embeds it and the editor will post it:
 * a run's events as they came (every round of a program), or a static graph with its problems.
 */
import type { RunEvent } from "../shared/protocol";
import type { GraphInput } from "./graphModel";

export type PictureDocument =
  | { kind: "run"; title: string; events: RunEvent[] }
  | { kind: "graph"; title: string; graph: GraphInput; problems: Array<{ code: string; message: string }> };

/** The id of the `<script type="application/json">` element a report carries its document in. */
export const DOCUMENT_ELEMENT_ID = "semisync-document";

/** A program's rounds: each `begin()` is a run of its own, from its run-start to its run-end. */
export function roundsOf(events: readonly RunEvent[]): RunEvent[][] {
  const rounds: RunEvent[][] = [];
  for (const event of events) {
    if (event.type === "run-start" || rounds.length === 0) rounds.push([]);
    rounds[rounds.length - 1].push(event);
  }
  return rounds;
}
