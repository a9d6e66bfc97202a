/**
 * Why each row of the run view is in the run (chosen, needed upstream, rerun because it did not
 * succeed, downstream of where the run started), and which failure each skipped call goes back
 * to, so that a root failure stands apart from the skips it caused. Pure: runView.ts draws it.
 */
import { dependentsMap } from "../graph/neighbourhood";
import { appendTo } from "../shared/listMap";
import type { TaskStatus } from "../shared/protocol";
import { idOf } from "./rerunSelection";
import type { RunState } from "./runState";
import type { Inclusion } from "./runTarget";

export type RowReason = Inclusion | { kind: "upstream"; neededBy: string[] };

/**
 * Why each task is in the run, by task id. The rows are fixed once the run has started, so a view
 * works this out once per run, not per redraw.
 */
export function inclusions(state: RunState): Map<string, RowReason> {
  const target = state.origin?.target;
  const named = new Map<string, Inclusion>(
    target?.reasons ? Object.entries(target.reasons) : (target?.tasks ?? []).map((id) => [id, { kind: "chosen" }]),
  );
  const neededBy = dependentsMap(state.dependencies);
  const inclusion = new Map<string, RowReason>();
  for (const key of state.model.rows.keys()) {
    const id = idOf(state, key);
    if (!inclusion.has(id)) inclusion.set(id, named.get(id) ?? { kind: "upstream", neededBy: neededBy.get(id) ?? [] });
  }
  return inclusion;
}

/** The calls each call's end skipped, by the key of that call (the root failure); these grow as a run goes. */
export function skipsByCause(state: RunState): Map<string, string[]> {
  const skippedBy = new Map<string, string[]>();
  for (const row of state.model.rows.values()) {
    if (row.status !== "skipped" || row.cause === undefined) continue;
    appendTo(skippedBy, row.cause, row.key);
  }
  return skippedBy;
}

/**
 * The few words the row's description carries; none for a task chosen: that is what a person
 * expects of a run they started, and the tooltip says it.
 */
export function inclusionNote(reason: RowReason): string | undefined {
  switch (reason.kind) {
    case "chosen":
      return undefined;
    case "rerun":
      return `rerun: ${lastRunWords(reason.lastStatus)}`;
    case "downstream":
      return `downstream of ${reason.of}`;
    case "upstream":
      return reason.neededBy.length > 0 ? `needed by ${listed(reason.neededBy)}` : "needed upstream";
  }
}

/** The tooltip's sentence: why the task is in the run. */
export function inclusionSentence(reason: RowReason): string {
  switch (reason.kind) {
    case "chosen":
      return "In the run because you chose it.";
    case "rerun":
      return `Rerun because it ${lastRunWords(reason.lastStatus)}.`;
    case "downstream":
      return `In the run because it follows ${reason.of}, which you ran from.`;
    case "upstream":
      return `In the run because ${reason.neededBy.length > 0 ? listed(reason.neededBy) : "a task of the run"} needs it (needed upstream).`;
  }
}

/** On a call whose end skipped others: how many, so the root failure reads apart from its knock-on skips. */
export function skipsNote(skipped: readonly string[]): string {
  return `${skipped.length} skipped because of it`;
}

/** On a root failure: the calls it skipped, the first few by name (a failure near the root of a big graph skips thousands). */
export function rootFailureSentence(skipped: readonly string[]): string {
  const named =
    skipped.length <= 10 ? skipped.join(", ") : `${skipped.slice(0, 10).join(", ")} and ${skipped.length - 10} more`;
  return `The root failure that skipped ${named}.`;
}

/** On a skipped call: the root failure it goes back to, and how that ended. */
export function causeSentence(cause: string, causeStatus: TaskStatus | undefined): string {
  const ended = causeStatus === undefined ? "did not succeed" : statusWords(causeStatus);
  return `Skipped because ${cause} ${ended} upstream (the root failure); it never ran.`;
}

function lastRunWords(status: TaskStatus): string {
  return status === "queued" || status === "running" ? "did not finish last run" : `${statusWords(status)} last run`;
}

function statusWords(status: TaskStatus): string {
  return status === "timed-out" ? "timed out" : status === "skipped" ? "was skipped" : status;
}

function listed(ids: readonly string[]): string {
  return ids.length <= 2 ? ids.join(" and ") : `${ids[0]}, ${ids[1]} and ${ids.length - 2} more`;
}
