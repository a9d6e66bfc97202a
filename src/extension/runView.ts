import * as vscode from "vscode";
import { formatDuration } from "../shared/format";
import { detailLines, type TaskRow } from "../shared/runModel";
import { canonicalPath } from "./canonicalPath";
import { openLocation } from "./locations";
import type { RunController } from "./runController";
import {
  causeSentence,
  inclusionNote,
  inclusionSentence,
  inclusions,
  rootFailureSentence,
  skipsByCause,
  skipsNote,
  type RowReason,
} from "./runReasons";
import { idOf } from "./rerunSelection";
import { dependencyOrder, type RunState } from "./runState";
import { statusIcon, statusWord } from "./statusPresentation";
import type { StaticTask } from "../scanner/index";
import type { TaskIndex } from "./taskIndex";

export type RunNode =
  | { kind: "task"; key: string }
  | { kind: "line"; key: string; index: number; text: string; error: boolean }
  | { kind: "graph-error"; text: string };

/** A task shows at most this many lines of output; the whole of it is in the log. */
const MAX_LINES = 500;
const REFRESH_MS = 100;
/**
 * A redraw asks for every row: a run of thousands of tasks redraws less often, so that the
 * extension host spends a bounded share of its time on it (10,000 rows: once a second).
 */
const ROWS_PER_REFRESH_MS = 10;

/** The current or last run: every task with its status (icon and word) and duration, its output and error under it. */
export class RunTreeProvider implements vscode.TreeDataProvider<RunNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private refreshTimer?: NodeJS.Timeout;
  private declaredByKey?: Map<string, StaticTask>;
  private skippedBy?: Map<string, string[]>;
  private inclusion?: { run: number; rows: number; byId: Map<string, RowReason> };

  constructor(
    private readonly runs: RunController,
    private readonly index: TaskIndex,
  ) {
    this.subscription = runs.onDidChange(() => this.refreshSoon());
  }

  getChildren(node?: RunNode): RunNode[] {
    const run = this.runs.current;
    if (!run) return [];
    if (!node) {
      // The tree is drawn again: the workspace's tasks may have changed since the last time.
      this.declaredByKey = undefined;
      this.skippedBy = undefined;
      if (run.graphError !== undefined) return [{ kind: "graph-error", text: run.graphError }];
      return dependencyOrder(run).map((key) => ({ kind: "task", key }));
    }
    if (node.kind !== "task") return [];
    const row = run.model.rows.get(node.key);
    return row ? cappedDetails(row).map((line, index) => ({ kind: "line", key: node.key, index, ...line })) : [];
  }

  getTreeItem(node: RunNode): vscode.TreeItem {
    if (node.kind === "graph-error") {
      const item = new vscode.TreeItem("The graph could not run");
      item.description = node.text.split("\n")[0];
      item.tooltip = node.text;
      item.iconPath = new vscode.ThemeIcon("error", new vscode.ThemeColor("errorForeground"));
      item.command = { title: "Show Log", command: "semisync.showLog" };
      return item;
    }
    if (node.kind === "line") {
      const item = new vscode.TreeItem(node.text || " ");
      item.id = `run${this.runs.current?.number}:${node.key}#line${node.index}`;
      if (node.error) item.iconPath = new vscode.ThemeIcon("error");
      item.tooltip = node.text;
      return item;
    }
    const run = this.runs.current;
    const row = run?.model.rows.get(node.key);
    const item = new vscode.TreeItem(node.key);
    if (!run || !row) return item;
    const details = detailLines(row).length > 0;
    // VS Code keeps an item's expansion by id: a new id once output arrives shows it expanded.
    item.id = `run${run.number}:${node.key}${details ? ":details" : ""}`;
    const inclusion = this.inclusionsOf(run).get(idOf(run, node.key));
    this.skippedBy ??= skipsByCause(run);
    const skipped = this.skippedBy.get(node.key);
    const status = [
      statusWord(row.status),
      row.durationMs !== undefined ? formatDuration(row.durationMs) : undefined,
      row.workerName !== undefined ? `on ${row.workerName}` : undefined,
      row.reason,
      inclusion && inclusionNote(inclusion),
      skipped && skipsNote(skipped),
    ].filter(Boolean);
    item.description = status.join(" · ");
    item.iconPath = statusIcon(row.status);
    item.tooltip = [
      `${node.key}: ${status.join(", ")}`,
      inclusion && inclusionSentence(inclusion),
      row.cause !== undefined && causeSentence(row.cause, run.model.rows.get(row.cause)?.status),
      skipped && rootFailureSentence(skipped),
    ]
      .filter(Boolean)
      .join("\n");
    item.accessibilityInformation = { label: `${node.key}, ${status.join(", ")}` };
    item.contextValue = `task-${row.status}`;
    item.collapsibleState = details ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None;
    const call = this.runs.current?.calls.get(node.key);
    const task = call?.file ? this.declared().get(declaredKey(call.id, call.file)) : undefined;
    if (task) item.command = openLocation(task);
    return item;
  }

  /** Made once a run (its rows are fixed once it has started): a redraw of thousands of rows asks for each. */
  private inclusionsOf(run: RunState): Map<string, RowReason> {
    if (this.inclusion?.run !== run.number || this.inclusion.rows !== run.model.rows.size)
      this.inclusion = { run: run.number, rows: run.model.rows.size, byId: inclusions(run) };
    return this.inclusion.byId;
  }

  /** The workspace's tasks by id and file, made once a redraw: a run may show thousands of rows. */
  private declared(): Map<string, StaticTask> {
    if (!this.declaredByKey) {
      this.declaredByKey = new Map();
      for (const task of this.index.tasks) {
        const key = declaredKey(task.id, task.file);
        if (!this.declaredByKey.has(key)) this.declaredByKey.set(key, task);
      }
    }
    return this.declaredByKey;
  }

  /** Events come fast (every output chunk); the tree redraws at most every 100 ms, less often for large runs. */
  private refreshSoon(): void {
    if (!this.runs.isRunning) {
      clearTimeout(this.refreshTimer);
      this.refreshTimer = undefined;
      this.changed.fire(undefined);
      return;
    }
    this.refreshTimer ??= setTimeout(
      () => {
        this.refreshTimer = undefined;
        this.changed.fire(undefined);
      },
      Math.max(REFRESH_MS, (this.runs.current?.model.rows.size ?? 0) / ROWS_PER_REFRESH_MS),
    );
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    this.subscription.dispose();
    this.changed.dispose();
  }
}

const declaredKey = (id: string, file: string) => `${canonicalPath(file)}#${id}`;

function cappedDetails(row: TaskRow): Array<{ text: string; error: boolean }> {
  const lines = detailLines(row);
  if (lines.length <= MAX_LINES) return lines;
  return [
    ...lines.slice(0, MAX_LINES),
    { text: `… ${lines.length - MAX_LINES} more lines in the log (semisync: Show Log)`, error: false },
  ];
}
