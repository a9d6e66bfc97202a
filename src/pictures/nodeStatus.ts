/**
 * Each task's state during and after a run, folded from the run's events by the run model every
 * view uses: one status for all of a task's calls, what a waiting task waits for, and the failure
 * a skipped task was skipped for.
 */
import type { GraphNode } from "./graphModel";
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
  private files = new Map<string, string | undefined>();

  apply(event: RunEvent): void {
    if (event.type === "run-start") {
      this.callsOf.clear();
      this.ends.clear();
      this.idOfCall.clear();
      this.files.clear();
      this.dependencies = event.dependencies;
      for (const call of event.tasks) {
        appendTo(this.callsOf, call.id, call.key);
        this.idOfCall.set(call.key, call.id);
        this.files.set(call.id, call.file);
      }
    }
    if ("atMs" in event && event.type !== "task-start" && event.type !== "task-queued")
      this.ends.set(event.key, event.atMs);
    this.run.apply(event);
  }

  tasks(): string[] {
    return [...this.callsOf.keys()];
  }

  /** The file that declares the run's task `id`, as the run names it. */
  fileOf(id: string): string | undefined {
    return this.files.get(id);
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

/** What the graph needs of a run to show it on its nodes: NodeStatuses is one. */
export interface RunStates {
  tasks(): string[];
  fileOf(id: string): string | undefined;
  state(id: string): NodeState | undefined;
}

/**
 * Each node's state: a run is one program, so each of its tasks is one node of the graph, the
 * one of its file. The editor names the run's files as its graph does (relative to the
 * workspace); a file is also the one whose path the run's ends with, the longest where two do. A
 * run's task whose file matches none of the graph's is another program's: it is not shown.
 */
export function statesByNode(
  nodes: readonly Pick<GraphNode, "id" | "task" | "file">[],
  run: RunStates,
): Map<string, NodeState> {
  const candidates = new Map<string, Array<Pick<GraphNode, "id" | "file">>>();
  for (const node of nodes) appendTo(candidates, node.task, node);
  const states = new Map<string, NodeState>();
  for (const id of run.tasks()) {
    const nodesOfId = candidates.get(id);
    if (!nodesOfId) continue;
    const node = nodeOfFile(nodesOfId, run.fileOf(id));
    if (node) states.set(node.id, run.state(id)!);
  }
  return states;
}

/** The graph's node of a run's task: the one of its file, as statesByNode finds it. */
export function nodeOfRunTask<T extends Pick<GraphNode, "task" | "file">>(
  nodes: readonly T[],
  id: string,
  file: string | undefined,
): T | undefined {
  return nodeOfFile(
    nodes.filter((node) => node.task === id),
    file,
  );
}

function nodeOfFile<T extends { file?: string }>(nodes: readonly T[], file: string | undefined): T | undefined {
  // Without a file on one side there is nothing to tell two of them apart by, nor to rule one out.
  if (file === undefined || nodes.some((node) => node.file === undefined))
    return nodes.length === 1 ? nodes[0] : undefined;
  const path = slashed(file);
  const matching = nodes.filter(
    (node) => node.file !== undefined && (path === slashed(node.file) || path.endsWith(`/${slashed(node.file)}`)),
  );
  return matching.sort((a, b) => b.file!.length - a.file!.length)[0];
}

const slashed = (path: string) => path.replaceAll("\\", "/");
