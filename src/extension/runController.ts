import * as vscode from "vscode";
import { startRun, type RunHandle } from "../engine/client";
import { EXIT, type CallInfo, type FinalStatus, type RunEvent } from "../shared/protocol";
import { isFinished, RunModel } from "../shared/runModel";
import { formatDuration } from "../shared/format";
import type { RunTarget } from "./runTarget";
import { canonicalPath } from "./canonicalPath";
import { readSettings } from "./settings";

export const TRUST_REFUSAL =
  "semisync runs your tasks, which is running this workspace's code, so it runs only in a trusted workspace. Scanning and problems work without trust; trust the workspace to run.";

/** The run on screen: the current one while it goes, the last one after. */
export interface RunState {
  /** Counts runs in this window, so the views can tell one run's rows from the last one's. */
  number: number;
  title: string;
  model: RunModel;
  calls: Map<string, CallInfo>;
  /** Why the graph could not run at all (a cycle, a module that failed to load). */
  graphError?: string;
  exitCode?: number;
}

export type RunOutcome = { exitCode: number } | { refused: string };

export interface LastRun {
  status: FinalStatus;
  durationMs?: number;
}

/** Starts runs in a coordinator process (never in the extension host), and folds their events. */
export class RunController implements vscode.Disposable {
  private handle?: RunHandle;
  private runCount = 0;
  private state?: RunState;
  private readonly lastRuns = new Map<string, LastRun>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  get current(): RunState | undefined {
    return this.state;
  }

  get isRunning(): boolean {
    return this.handle !== undefined;
  }

  /** A task's status in the latest run that included it (ids repeat across files and folders, so the file counts). */
  lastRun(task: { file: string; id: string }): LastRun | undefined {
    return this.lastRuns.get(`${canonicalPath(task.file)}#${task.id}`);
  }

  async run(target: RunTarget, title: string, cwd: string | undefined): Promise<RunOutcome> {
    if (!vscode.workspace.isTrusted) {
      this.log.warn(`run of ${title} refused: the workspace is not trusted`);
      void vscode.window.showWarningMessage(TRUST_REFUSAL, "Manage Workspace Trust").then((choice) => {
        if (choice) void vscode.commands.executeCommand("workbench.trust.manage");
      });
      return { refused: TRUST_REFUSAL };
    }
    if (this.handle) {
      const refused =
        'A semisync run is already going; cancel it first (the run view\'s Cancel button, or "semisync: Cancel Run").';
      void vscode.window.showInformationMessage(refused);
      return { refused };
    }
    const settings = readSettings(cwd ? vscode.Uri.file(cwd) : undefined);
    const state: RunState = { number: ++this.runCount, title, model: new RunModel(), calls: new Map() };
    this.state = state;
    this.log.info(`run ${title}: ${target.tasks.join(", ")} from ${[target.file, ...target.alsoLoad].join(", ")}`);
    const handle = startRun({
      file: target.file,
      alsoLoad: target.alsoLoad,
      tasks: target.tasks,
      cwd,
      options: settings.run,
      nodePath: settings.nodePath,
    });
    this.handle = handle;
    void vscode.commands.executeCommand("setContext", "semisync.running", true);
    // A run started from a CodeLens is watched in the run view.
    void vscode.commands.executeCommand("semisync.run.focus");
    handle.on("event", (event) => this.apply(state, event));
    this.changed.fire();

    const exitCode = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `semisync: ${title}`, cancellable: true },
      (progress, token) => {
        const cancelled = token.onCancellationRequested(() => this.cancel());
        const reportProgress = (event: RunEvent) => {
          if (!event.type.startsWith("task-") || event.type === "task-start" || event.type === "task-queued") return;
          const total = state.model.rows.size;
          const done = [...state.model.rows.values()].filter((row) => isFinished(row.status)).length;
          progress.report({ message: `${done}/${total} done`, increment: total > 0 ? 100 / total : 0 });
        };
        handle.on("event", reportProgress);
        return handle.exited.finally(() => {
          handle.off("event", reportProgress);
          cancelled.dispose();
        });
      },
    );
    state.exitCode = exitCode;
    this.handle = undefined;
    void vscode.commands.executeCommand("setContext", "semisync.running", false);
    this.log.info(`run ${title} ended with exit code ${exitCode}`);
    if (exitCode === EXIT.graphError && state.graphError) {
      void vscode.window
        .showErrorMessage(`semisync could not run ${title}: ${state.graphError}`, "Show Log")
        .then((choice) => {
          if (choice) this.log.show();
        });
    }
    this.changed.fire();
    return { exitCode };
  }

  /** Stops the run; the client kills the coordinator's whole process group if it does not stop by itself. */
  cancel(): void {
    if (!this.handle) return;
    this.log.info("run cancelled");
    this.handle.cancel();
  }

  clear(): void {
    if (this.handle) return;
    this.state = undefined;
    this.changed.fire();
  }

  dispose(): void {
    // The window is closing: no time for a polite stop, a second cancel kills the run's process group now.
    this.handle?.cancel();
    this.handle?.cancel();
    this.changed.dispose();
  }

  private apply(state: RunState, event: RunEvent): void {
    state.model.apply(event);
    switch (event.type) {
      case "run-start":
        for (const call of event.tasks) state.calls.set(call.key, call);
        break;
      case "graph-error":
        state.graphError = event.message;
        this.log.error(event.message);
        break;
      case "output":
        this.log.info(`${event.key ? `[${event.key}] ` : ""}${event.text.replace(/\n$/, "")}`);
        break;
      case "run-end":
        for (const task of event.tasks) {
          const file = state.calls.get(task.key)?.file;
          if (file)
            this.lastRuns.set(`${canonicalPath(file)}#${task.id}`, {
              status: task.status,
              durationMs:
                task.startMs !== undefined && task.endMs !== undefined ? task.endMs - task.startMs : undefined,
            });
        }
        this.log.info(
          `run ended in ${formatDuration(event.durationMs)}: ${event.ok ? "all succeeded" : "not all succeeded"}`,
        );
        break;
      default: {
        if (!("key" in event)) break;
        const row = state.model.rows.get(event.key);
        if (!row) break;
        const detail =
          row.durationMs !== undefined ? ` in ${formatDuration(row.durationMs)}` : row.reason ? `: ${row.reason}` : "";
        const line = `${row.key} ${row.status}${detail}`;
        if (row.status === "failed") this.log.error(`${line}\n${row.error?.stack ?? row.error?.message ?? ""}`);
        else this.log.info(line);
      }
    }
    this.changed.fire();
  }
}
