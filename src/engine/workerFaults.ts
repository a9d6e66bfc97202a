/**
 * The words for what happens when a worker process fails under the tasks it holds: who is
 * blamed, who runs again and why. Every message names the task and says what to do.
 */
import type { ErrorInfo, TaskStatus } from "../shared/protocol";

/** Why a task that had not finished runs again: its process died, and not because of it. Reads as its status's note. */
export function rerunReason(how: string): string {
  return `run again: its worker process ${how} before the task finished`;
}

/** Why each of several tasks runs again alone: their shared process died and nothing says which one ended it. */
export function aloneReason(how: string, others: readonly string[]): string {
  return `run again alone: its worker process ${how} while it also held ${others.join(", ")}, and which of them ended it is unknown`;
}

/** The task a process died under: it was the only one there, or it ran alone after a first death. */
export function diedUnder(key: string, how: string, alone: boolean): string {
  const context = alone
    ? " (it ran alone, after a process it shared with other tasks had died too, so the task ends its process)"
    : "";
  return `${key}: its worker process ${how} while the task ran${context}; a task must not end its own process (process.exit, a signal): return or throw instead`;
}

/**
 * An error thrown in a worker where no running task can take it: by code a task scheduled and
 * left behind (a timer it did not await) after the task had ended, or by no task at all. Nobody
 * else is blamed; the run says so once, on its own stderr.
 */
export function lateErrorWarning(
  pid: number,
  error: ErrorInfo,
  scheduledBy?: { key: string; status?: TaskStatus },
): string {
  const detail = error.stack ?? `${error.name}: ${error.message}`;
  const culprit = scheduledBy
    ? `code that ${scheduledBy.key} left running threw after the task had ${scheduledBy.status === undefined ? "ended, in an earlier round" : endedAs(scheduledBy.status)}; the task keeps its status and no other task is blamed. Await what a task starts (timers, promises) before it returns, so that its errors fail it`
    : "code outside any task threw (module top level, or a listener no task owns); no task is blamed";
  return `semisync: warning: in worker process ${pid}, ${culprit}. The process takes no new tasks and is replaced.\n${indent(detail)}\n`;
}

function endedAs(status: TaskStatus): string {
  return status === "running" ? "returned" : status;
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `    ${line.trimStart()}`)
    .join("\n");
}
