import * as vscode from "vscode";
import { CODE } from "../shared/problems";
import type { Location, Problem } from "../scanner/index";
import { openLocation } from "./locations";
import type { TaskIndex } from "./taskIndex";

export type ProblemNode =
  { kind: "problem"; problem: Problem; members: Location[] } | { kind: "member"; location: Location; label: string };

/** The scanner's problems; a cycle once, with each of its members under it. */
export class ProblemsTreeProvider implements vscode.TreeDataProvider<ProblemNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly index: TaskIndex) {
    this.subscription = index.onDidChange(() => this.changed.fire(undefined));
  }

  getChildren(node?: ProblemNode): ProblemNode[] {
    if (node?.kind === "problem") {
      return node.members.map((location) => ({
        kind: "member",
        location,
        label: this.taskAt(location) ?? vscode.workspace.asRelativePath(location.file),
      }));
    }
    if (node) return [];
    const nodes: ProblemNode[] = [];
    const cycles = new Map<string, ProblemNode & { kind: "problem" }>();
    for (const problem of this.index.problems) {
      // Every member of a cycle carries the same diagnostic; the view lists the cycle once.
      const isCycle = problem.code === CODE.cycle;
      const seen = isCycle ? cycles.get(problem.message) : undefined;
      if (seen) continue;
      const entry: ProblemNode & { kind: "problem" } = {
        kind: "problem",
        problem,
        members: isCycle ? [problem, ...problem.related] : [],
      };
      if (isCycle) cycles.set(problem.message, entry);
      nodes.push(entry);
    }
    return nodes;
  }

  getTreeItem(node: ProblemNode): vscode.TreeItem {
    if (node.kind === "member") {
      const item = new vscode.TreeItem(node.label);
      item.description = `${vscode.workspace.asRelativePath(node.location.file)}:${node.location.line}`;
      item.iconPath = new vscode.ThemeIcon("symbol-method");
      item.command = openLocation(node.location);
      return item;
    }
    const { problem } = node;
    const item = new vscode.TreeItem(
      problem.message,
      node.members.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
    );
    item.description = `${problem.code} · ${vscode.workspace.asRelativePath(problem.file)}:${problem.line}`;
    item.tooltip = `${problem.severity} ${problem.code}: ${problem.message}`;
    item.accessibilityInformation = {
      label: `${problem.severity}: ${problem.message}, ${vscode.workspace.asRelativePath(problem.file)} line ${problem.line}`,
    };
    item.iconPath = new vscode.ThemeIcon(
      problem.severity === "error" ? "error" : "warning",
      new vscode.ThemeColor(
        problem.severity === "error" ? "problemsErrorIcon.foreground" : "problemsWarningIcon.foreground",
      ),
    );
    item.command = openLocation(problem);
    return item;
  }

  private taskAt(location: Location): string | undefined {
    return this.index.tasksIn(location.file).find((task) => task.line === location.line)?.id;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
