/**
 * Each task's state during and after a run, folded from the run's events by the run model every
 * view uses: one status for all of a task's calls, what a waiting task waits for, and the failure
 * a skipped task was skipped for.
 */
import type { RunEvent, TaskStatus } from "../shared/protocol";
import { RunModel } from "../shared/runModel";
import { appendTo } from "../shared/listMap";

export interface NodeState {
  status: TaskStatus;
  /** From the first call's start to the last call's end, once every call has ended. */
  durationMs?: number;
  calls: number;
  /** Dependencies not yet succeeded, while the task waits. */
  waitingFor: string[];
  /** The task whose failure skipped this one. */
  rootFailure?: string;
  reason?: string;
}

/** Worst first: one failed call makes the task failed, one running call makes it running. */
const PRECEDENCE: TaskStatus[] = ["failed", "timed-out", "cancelled", "skipped", "running", "queued", "succeeded"];

export class NodeStatuses {
  readonly run = new RunModel();
  private callsOf = new Map<string, string[]>();
  private dependencies: Record<string, string[]> = {};
  private ends = new Map<string, number>();
  private idOfCall = new Map<string, string>();

  apply(event: RunEvent): void {
    if (event.type === "run-start") {
      this.callsOf.clear();
      this.ends.clear();
      this.idOfCall.clear();
      this.dependencies = event.dependencies;
      for (const call of event.tasks) {
        appendTo(this.callsOf, call.id, call.key);
        this.idOfCall.set(call.key, call.id);
      }
    }
    if ("atMs" in event && event.type !== "task-start" && event.type !== "task-queued")
      this.ends.set(event.key, event.atMs);
    this.run.apply(event);
  }

  tasks(): string[] {
    return [...this.callsOf.keys()];
  }

  state(id: string): NodeState | undefined {
    const keys = this.callsOf.get(id);
    if (!keys) return undefined;
    const rows = keys.map((key) => this.run.rows.get(key)!);
    const status = this.statusOf(id)!;
    const reason = rows.find((row) => row.reason)?.reason;
    const state: NodeState = { status, calls: keys.length, waitingFor: [], reason };
    const starts = rows.flatMap((row) => (row.startMs === undefined ? [] : [row.startMs]));
    const ends = keys.flatMap((key) => (this.ends.has(key) ? [this.ends.get(key)!] : []));
    if (starts.length > 0 && ends.length === keys.length) state.durationMs = Math.max(...ends) - Math.min(...starts);
    if (status === "queued")
      state.waitingFor = (this.dependencies[id] ?? []).filter(
        (dependency) => this.statusOf(dependency) !== "succeeded",
      );
    // The engine names the failure a skip goes back to by its call's key, not in the reason's words.
    const cause = rows.find((row) => row.cause !== undefined)?.cause;
    if (status === "skipped" && cause !== undefined) state.rootFailure = this.idOfCall.get(cause) ?? cause;
    return state;
  }

  private statusOf(id: string): TaskStatus | undefined {
    const rows = (this.callsOf.get(id) ?? []).map((key) => this.run.rows.get(key)!);
    if (rows.length === 0) return undefined;
    return PRECEDENCE.find((each) => rows.some((row) => row.status === each));
  }
}
