import { basename, dirname } from "node:path";
import * as vscode from "vscode";
import type { StaticTask } from "../scanner/index";
import { openLocation } from "./locations";
import type { RunController } from "./runController";
import { lastRunText, statusIcon } from "./statusPresentation";
import type { TaskIndex } from "./taskIndex";

export type GraphNode =
  | { kind: "file"; file: string }
  | { kind: "class"; file: string; className: string }
  | { kind: "task"; task: StaticTask }
  | { kind: "dependency"; from: StaticTask; id: string };

const classOf = (task: StaticTask) => task.id.slice(0, task.id.lastIndexOf("."));

/** The workspace's tasks by file and class, each with the tasks it depends on under it. */
export class GraphTreeProvider implements vscode.TreeDataProvider<GraphNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly index: TaskIndex,
    private readonly runs: RunController,
  ) {
    this.subscriptions = [
      index.onDidChange(() => this.changed.fire(undefined)),
      runs.onDidChange(() => {
        if (!runs.isRunning) this.changed.fire(undefined);
      }),
    ];
  }

  getChildren(node?: GraphNode): GraphNode[] {
    if (!node) {
      const files = [...new Set(this.index.tasks.map((task) => task.file))];
      return files
        .sort((a, b) => vscode.workspace.asRelativePath(a).localeCompare(vscode.workspace.asRelativePath(b)))
        .map((file) => ({ kind: "file", file }));
    }
    if (node.kind === "file")
      return [...new Set(this.index.tasksIn(node.file).map(classOf))].map((className) => ({
        kind: "class",
        file: node.file,
        className,
      }));
    if (node.kind === "class")
      return this.index
        .tasksIn(node.file)
        .filter((task) => classOf(task) === node.className)
        .map((task) => ({ kind: "task", task }));
    if (node.kind === "task") return node.task.dependencies.map((id) => ({ kind: "dependency", from: node.task, id }));
    return [];
  }

  getTreeItem(node: GraphNode): vscode.TreeItem {
    if (node.kind === "file") {
      const item = new vscode.TreeItem(basename(node.file), vscode.TreeItemCollapsibleState.Expanded);
      item.id = `file:${node.file}`;
      item.resourceUri = vscode.Uri.file(node.file);
      item.description = dirname(vscode.workspace.asRelativePath(node.file)).replace(/^\.$/, "");
      item.iconPath = vscode.ThemeIcon.File;
      return item;
    }
    if (node.kind === "class") {
      const item = new vscode.TreeItem(node.className, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `class:${node.file}#${node.className}`;
      item.iconPath = new vscode.ThemeIcon("symbol-class");
      return item;
    }
    if (node.kind === "dependency") {
      const target = this.index.tasksOfFolderOf(node.from.file).find((task) => task.id === node.id);
      const item = new vscode.TreeItem(node.id);
      item.id = `dependency:${node.from.file}#${node.from.id}->${node.id}`;
      item.description = "needed first";
      item.iconPath = new vscode.ThemeIcon("arrow-small-right");
      if (target) item.command = openLocation(target);
      return item;
    }
    const { task } = node;
    const item = new vscode.TreeItem(
      task.id.slice(task.id.lastIndexOf(".") + 1),
      task.dependencies.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = `task:${task.file}#${task.id}`;
    const last = this.runs.lastRun(task);
    const lastText = last ? `last run ${lastRunText(last)}` : undefined;
    item.description = [task.dependencies.length > 0 ? `after ${task.dependencies.join(", ")}` : undefined, lastText]
      .filter(Boolean)
      .join(" · ");
    item.iconPath = last ? statusIcon(last.status) : new vscode.ThemeIcon("symbol-method");
    item.tooltip = `${task.id}${task.dependencies.length > 0 ? `, runs after ${task.dependencies.join(", ")}` : ", depends on nothing"}${lastText ? `; ${lastText}` : ""}`;
    item.accessibilityInformation = { label: item.tooltip };
    item.contextValue = "task";
    item.command = openLocation(task);
    return item;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}
