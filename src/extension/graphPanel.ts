/**
 * The graph panel (*semisync: Show Graph*): one webview panel, reused, that draws a task's graph
 * or a whole folder's from the scanner's results, redrawn as they change, and the editor's run
 * live on it (statuses and the timeline). A click on a task opens it at its decorator.
 */
import { basename, dirname } from "node:path";
import * as vscode from "vscode";
import type { StaticTask } from "../scanner/index";
import { isFromPanel, panelStateOf, type FromPanel, type PanelScope, type ToPanel } from "../shared/panelMessages";
import type { RunEvent } from "../shared/protocol";
import { graphMessage, taskToOpen, type GraphMessage } from "./graphPanelDocument";
import { graphPanelPage } from "./graphPanelPage";
import { positionOf } from "./locations";
import { PanelRun } from "./panelRun";
import type { Log } from "./log";
import type { RunController } from "./runController";
import type { TaskIndex } from "./taskIndex";

export const GRAPH_PANEL_TYPE = "semisync.graphPanel";

type TaskScope = Extract<PanelScope, { kind: "task" }>;

/** The scanner already waits for typing to pause; this gathers the files a save or a branch switch changes at once. */
const REDRAW_DEBOUNCE_MS = 150;
/** A run of thousands of tasks sends a message per batch, not per event. */
const RUN_BATCH_MS = 100;

export class GraphPanel implements vscode.Disposable {
  private panel?: vscode.WebviewPanel;
  private scope?: PanelScope;
  /** The last task's graph shown, where the scope switch goes back to from a folder's. */
  private lastTask?: TaskScope;
  private panelSubscriptions: vscode.Disposable[] = [];
  private readonly subscriptions: vscode.Disposable[];
  private drawn?: string;
  private redrawTimer?: NodeJS.Timeout;
  private run = new PanelRun(0);
  private runTimer?: NodeJS.Timeout;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly index: TaskIndex,
    runs: RunController,
    private readonly log: Log,
  ) {
    this.subscriptions = [
      index.onDidChange(() => this.scheduleRedraw()),
      runs.onEvent(({ run, event }) => this.record(run, event)),
    ];
  }

  /** The panel open now, if any (for tests and the serializer). */
  get current(): { panel: vscode.WebviewPanel; scope: PanelScope } | undefined {
    return this.panel && this.scope ? { panel: this.panel, scope: this.scope } : undefined;
  }

  /** Opens the panel on `scope`, or shows the one already open, now on `scope`. */
  show(scope: PanelScope): void {
    if (this.panel) {
      this.showing(scope);
      this.panel.title = titleOf(scope);
      this.redraw();
      this.panel.reveal(undefined, false);
      return;
    }
    const panel = vscode.window.createWebviewPanel(GRAPH_PANEL_TYPE, titleOf(scope), vscode.ViewColumn.Beside, {
      enableScripts: true,
    });
    this.adopt(panel, scope);
  }

  /** Takes a panel VS Code made (a new one, or one restored after a reload) and serves it. */
  adopt(panel: vscode.WebviewPanel, scope: PanelScope): void {
    if (this.panel) {
      // Only one panel: one restored beside an open one (two windows' worth of state) gives way.
      panel.dispose();
      this.show(scope);
      return;
    }
    const dist = vscode.Uri.joinPath(this.extensionUri, "dist");
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, "media", "semisync.svg");
    panel.webview.html = graphPanelPage({
      cspSource: panel.webview.cspSource,
      script: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, "webview.js")).toString(),
      style: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, "webview.css")).toString(),
    });
    panel.title = titleOf(scope);
    this.panel = panel;
    this.showing(scope);
    this.drawn = undefined;
    this.panelSubscriptions = [
      panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
      panel.onDidDispose(() => this.forget()),
    ];
  }

  private showing(scope: PanelScope): void {
    this.scope = scope;
    if (scope.kind === "task") this.lastTask = scope;
  }

  /** A message from the page, checked before anything is done with it. */
  async receive(message: unknown): Promise<void> {
    if (!isFromPanel(message)) {
      this.log.warn(`graph panel: dropped a message that is not one of the panel's: ${preview(message)}`);
      return;
    }
    await this.handle(message);
  }

  /** What the panel draws for its scope now. */
  graph(): GraphMessage | undefined {
    if (!this.scope) return undefined;
    const where = this.scope.kind === "task" ? this.scope.file : this.scope.folder;
    const message = graphMessage(this.scope, this.index.tasksOfFolderOf(where), this.index.problems, (file) =>
      vscode.workspace.asRelativePath(file),
    );
    const lastTask = this.taskToGoBackTo();
    return lastTask ? { ...message, lastTask: lastTask.task } : message;
  }

  /** The last task's graph shown, if it is of the folder shown now (or it is shown now). */
  private taskToGoBackTo(): TaskScope | undefined {
    const [scope, task] = [this.scope, this.lastTask];
    if (!scope || !task) return undefined;
    return scope.kind === "task" || folderOf(task.file) === scope.folder ? task : undefined;
  }

  private async handle(message: FromPanel): Promise<void> {
    if (message.type === "ready") {
      // A page loads afresh after each reveal (its context is not retained): it gets everything again.
      this.drawn = undefined;
      this.redraw();
      this.run.takeUnsent();
      if (this.run.events.length > 0) this.post({ type: "run", run: this.run.number, events: this.run.events });
      return;
    }
    if (message.type === "scope") {
      this.switchTo(message.kind);
      return;
    }
    const task = this.taskNamed(message.task, message.file);
    if (!task) {
      const where = message.file === undefined ? "" : ` in ${message.file}`;
      this.log.warn(`graph panel: ${message.task}${where} is not a task of the graph shown; nothing opened`);
      return;
    }
    const column = this.panel?.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
    const at = positionOf(task);
    await vscode.window.showTextDocument(vscode.Uri.file(task.file), {
      viewColumn: column,
      selection: new vscode.Range(at, at),
    });
  }

  /** A task's graph to its workspace folder's, or a folder's back to the last task's graph shown. */
  private switchTo(kind: PanelScope["kind"]): void {
    const scope = this.scope;
    if (!scope || scope.kind === kind) return;
    const lastTask = this.taskToGoBackTo();
    if (scope.kind === "task") this.show({ kind: "folder", folder: folderOf(scope.file) });
    else if (lastTask) this.show(lastTask);
    else this.log.warn("graph panel: no task's graph to go back to; open one with Show graph above a task");
  }

  /** Only a task of the graph shown is opened: the file the page names only tells which of its tasks. */
  private taskNamed(id: string, file?: string): StaticTask | undefined {
    const scope = this.scope;
    if (!scope) return undefined;
    const where = scope.kind === "task" ? scope.file : scope.folder;
    const relative = (path: string) => vscode.workspace.asRelativePath(path);
    return taskToOpen(scope, this.index.tasksOfFolderOf(where), relative, id, file);
  }

  private scheduleRedraw(): void {
    if (!this.panel) return;
    clearTimeout(this.redrawTimer);
    this.redrawTimer = setTimeout(() => this.redraw(), REDRAW_DEBOUNCE_MS);
  }

  /** Sends the graph if it differs from what the page drew: an edit elsewhere costs the page no layout. */
  private redraw(): void {
    const message = this.graph();
    if (!message || !this.panel) return;
    const text = JSON.stringify(message);
    if (text === this.drawn) return;
    if (this.post(message)) this.drawn = text;
  }

  private record(run: number, event: RunEvent): void {
    if (run !== this.run.number)
      this.run = new PanelRun(run, { relative: (file) => vscode.workspace.asRelativePath(file) });
    if (!this.run.record(event)) return;
    if (!this.panel) {
      this.run.takeUnsent();
      return;
    }
    this.runTimer ??= setTimeout(() => {
      this.runTimer = undefined;
      const events = this.run.takeUnsent();
      if (events.length > 0) this.post({ type: "run", run: this.run.number, events });
    }, RUN_BATCH_MS);
  }

  /** False when the page is not there to hear it (hidden): it asks for everything again when it is back. */
  private post(message: ToPanel): boolean {
    if (!this.panel?.visible) return false;
    void this.panel.webview.postMessage(message);
    return true;
  }

  private forget(): void {
    for (const subscription of this.panelSubscriptions) subscription.dispose();
    this.panelSubscriptions = [];
    this.panel = undefined;
    this.scope = undefined;
    this.lastTask = undefined;
    clearTimeout(this.redrawTimer);
  }

  dispose(): void {
    this.panel?.dispose();
    this.forget();
    clearTimeout(this.runTimer);
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

/** The workspace folder a file is in, or its own folder outside any. */
function folderOf(file: string): string {
  return vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath ?? dirname(file);
}

function titleOf(scope: PanelScope): string {
  return `semisync: ${scope.kind === "task" ? scope.task : basename(scope.folder)}`;
}

/** The first characters of what arrived, for the log. */
function preview(message: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(message) ?? String(message);
  } catch {
    text = String(message);
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** A panel restored after a reload gets back the scope its page kept; without one, the folder. */
export function restoredScope(state: unknown, fallback: () => PanelScope | undefined): PanelScope | undefined {
  return panelStateOf(state)?.scope ?? fallback();
}
