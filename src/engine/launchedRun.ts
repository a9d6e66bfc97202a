/**
 * A run whose coordinator process another program launches (VS Code's JavaScript debugger, so
 * that it can attach to the coordinator and, through the environment, to its workers). It
 * connects back over a local socket (coordinatorSocket.ts) and reports the same events and exit
 * code as a RunHandle. The launcher is told the environment to start the coordinator with, and
 * how to stop what it launched.
 */
import { EventEmitter } from "node:events";
import { resolve } from "node:path";
import { EXIT, type CoordinatorReply, type CoordinatorRequest, type RunEvent } from "../shared/protocol";
import type { RunRequest } from "./client";
import { CoordinatorListener, type MessageSocket } from "./coordinatorSocket";

/** How long a cancelled coordinator has to stop by itself before it is killed. */
const CANCEL_GRACE_MS = 3000;

export class LaunchedRun extends EventEmitter<{ event: [RunEvent] }> {
  /** Resolves with the CLI exit code: 0 all succeeded, 1 something did not, 2 the graph could not run. */
  readonly exited: Promise<number>;
  /** The environment the launcher must start the coordinator with (its address and secret), once listening. */
  readonly environment: Promise<Record<string, string>>;
  private readonly listener = new CoordinatorListener();
  private socket?: MessageSocket;
  private pid?: number;
  private reportedCode?: number;
  private cancelled = false;
  private ended = false;
  private killTimer?: NodeJS.Timeout;
  private settle!: (code: number) => void;
  /** Calls the coordinator has not reported ended, and when the run started: what a killed coordinator leaves to say. */
  private readonly unfinished = new Set<string>();
  private startedAt = 0;

  /** `stopLauncher`: end what the launcher started (a debug session), when the run is cancelled or killed. */
  constructor(
    request: RunRequest,
    private readonly stopLauncher: () => void,
  ) {
    super();
    this.exited = new Promise((resolveExit) => (this.settle = resolveExit));
    this.environment = this.listener.listening;
    this.environment.catch((error: Error) =>
      this.abandon(`semisync could not listen for its coordinator: ${error.message}`),
    );
    void this.listener.connected.then(({ socket, pid }) => {
      if (this.ended) return socket.close();
      this.socket = socket;
      this.pid = pid;
      socket.on("message", (reply) => this.onReply(reply as CoordinatorReply));
      socket.on("close", () => this.onClose());
      const absolute = (file: string) => resolve(request.cwd ?? process.cwd(), file);
      socket.send({
        type: "start",
        file: absolute(request.file),
        alsoLoad: request.alsoLoad?.map(absolute),
        tasks: request.tasks,
        options: request.options ?? {},
      } satisfies CoordinatorRequest);
    });
  }

  /** The launcher could not start the coordinator (or it never connected): the run ends, saying why. */
  abandon(message: string): void {
    if (this.socket || this.ended) return;
    this.emit("event", { type: "graph-error", problems: [], message });
    this.end(EXIT.graphError);
  }

  /** Ask the coordinator to stop the run; if it has not ended within 3 s (paused in a debugger), kill it. */
  cancel(): void {
    if (this.ended) return;
    if (this.cancelled) return this.kill();
    this.cancelled = true;
    if (!this.socket) {
      this.stopLauncher();
      return this.end(EXIT.taskFailed);
    }
    this.socket.send({ type: "cancel" } satisfies CoordinatorRequest);
    this.killTimer = setTimeout(() => this.kill(), CANCEL_GRACE_MS);
  }

  /**
   * Kill the coordinator now (its workers see it gone and exit, see watchParent.ts), and stop
   * the launcher. Not its process group: a launched coordinator is in its launcher's.
   */
  kill(): void {
    this.cancelled = true;
    if (this.pid !== undefined) {
      try {
        process.kill(this.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
    this.stopLauncher();
    if (!this.socket) this.end(EXIT.taskFailed);
  }

  private onReply(reply: CoordinatorReply): void {
    if (reply.type !== "events") {
      this.reportedCode = reply.code;
      return;
    }
    for (const event of reply.events) {
      if (event.type === "run-start") {
        this.startedAt = Date.now();
        for (const call of event.tasks) this.unfinished.add(call.key);
      } else if (event.type.startsWith("task-") && event.type !== "task-start" && event.type !== "task-queued") {
        this.unfinished.delete((event as { key: string }).key);
      }
      this.emit("event", event);
    }
  }

  private onClose(): void {
    // Stopping a debug session kills the coordinator at once, before it could report its tasks cancelled.
    if (this.reportedCode === undefined && this.cancelled) {
      const atMs = Date.now() - this.startedAt;
      for (const key of this.unfinished)
        this.emit("event", { type: "task-cancelled", key, atMs, reason: "run cancelled" });
    }
    if (this.reportedCode === undefined && !this.cancelled) {
      this.emit("event", {
        type: "graph-error",
        problems: [],
        message:
          "semisync's coordinator process ended before the run finished (its debug session was stopped, or it was killed)",
      });
    }
    this.end(this.reportedCode ?? (this.cancelled ? EXIT.taskFailed : EXIT.graphError));
  }

  private end(code: number): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.killTimer);
    this.listener.close();
    this.settle(code);
  }
}
