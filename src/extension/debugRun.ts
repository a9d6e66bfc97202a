import { randomUUID } from "node:crypto";
import * as vscode from "vscode";
import type { RunRequest } from "../engine/client";
import { LaunchedRun } from "../engine/launchedRun";
import { DEBUG_RUN_KEY, debugLaunchConfiguration } from "./debugLaunch";
import type { RunProcess } from "./runController";

/**
 * Runs under VS Code's JavaScript debugger: js-debug launches each one's coordinator, which
 * connects back (src/engine/launchedRun.ts). Stopping the session cancels the run; cancelling
 * the run stops the session.
 */
export class DebugRuns implements vscode.Disposable {
  private readonly runs = new Map<string, { run: LaunchedRun; session?: vscode.DebugSession }>();
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      vscode.debug.onDidStartDebugSession((session) => {
        const entry = this.runOf(session);
        if (entry) entry.session = session;
      }),
      vscode.debug.onDidTerminateDebugSession((session) => this.runOf(session)?.run.cancel()),
      // Told before js-debug acts on it: the run knows it was cancelled before its processes are killed.
      vscode.debug.registerDebugAdapterTrackerFactory("*", {
        createDebugAdapterTracker: (session) => {
          const entry = this.runOf(session);
          if (!entry) return undefined;
          return {
            onWillReceiveMessage: (message: { command?: string }) => {
              if (message.command === "terminate" || message.command === "disconnect") entry.run.cancel();
            },
          };
        },
      }),
    ];
  }

  start(request: RunRequest): RunProcess {
    const id = randomUUID();
    const entry: { run: LaunchedRun; session?: vscode.DebugSession } = {
      run: new LaunchedRun(request, () => {
        if (entry.session) void vscode.debug.stopDebugging(entry.session);
      }),
    };
    this.runs.set(id, entry);
    const { run } = entry;
    const folder = request.cwd ? vscode.workspace.getWorkspaceFolder(vscode.Uri.file(request.cwd)) : undefined;
    const title = request.tasks?.join(", ") ?? request.file;
    void run.environment
      .then((env) =>
        vscode.debug.startDebugging(
          folder,
          debugLaunchConfiguration({ run: id, title, cwd: request.cwd, nodePath: request.nodePath, env }),
        ),
      )
      .then(
        (started) => {
          if (!started)
            run.abandon(
              `VS Code's JavaScript debugger did not start the debug run of ${title}; see the Debug Console.`,
            );
        },
        (error: Error) =>
          run.abandon(`VS Code's JavaScript debugger could not start the debug run of ${title}: ${error.message}`),
      );
    void run.exited.then(() => this.runs.delete(id));
    return run;
  }

  /**
   * The run a session was started for. Only the session this extension started counts: js-debug
   * attaches each process as a child session of it, and a worker's session ends whenever the pool
   * replaces that worker, while the run goes on. Stopping a child stops the whole tree from its root.
   */
  private runOf(session: vscode.DebugSession): { run: LaunchedRun; session?: vscode.DebugSession } | undefined {
    if (session.parentSession) return undefined;
    const id: unknown = session.configuration[DEBUG_RUN_KEY];
    return typeof id === "string" ? this.runs.get(id) : undefined;
  }

  dispose(): void {
    for (const { run } of this.runs.values()) run.kill();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
