/**
 * Starts a coordinator process for one run (or takes a spare one, forked ahead of need) and
 * relays its events. Used by the editor, which never loads the user's code itself. The
 * coordinator leads a process group of its own, so cancelling, or this process dying, takes
 * every worker down with it.
 */
import type { ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import { resolve } from "node:path";
import {
  EXIT,
  type CoordinatorReply,
  type CoordinatorRequest,
  type RunEvent,
  type EngineOptions,
  type RedisRun,
} from "../shared/protocol";
import { forkBundle } from "./forkBundle";
import { THROUGH_REDIS_ENV } from "./redisTasks";

export interface RunRequest {
  file: string;
  /** Graph mode: these tasks and everything upstream of them. Otherwise the file runs as a program. */
  tasks?: string[];
  /** Graph mode: more files whose tasks `tasks` may name (the editor runs graphs that span files). */
  alsoLoad?: string[];
  options?: EngineOptions;
  cwd?: string;
  /** The Node to run user code with; inside an editor, its own executable run as Node. */
  nodePath?: string;
  env?: NodeJS.ProcessEnv;
  /** Send the tasks through Redis to `semisync worker`s instead of this machine's worker processes. */
  redis?: RedisRun;
}

/** A coordinator asked to stop is killed after this, if it has not exited by itself. */
const KILL_AFTER_MS = 3000;
/**
 * Through Redis, longer: a coordinator takes its calls no worker started out of the queue before it
 * exits (for up to 3 s, when Redis is slow to answer); killed first, it would leave them for a worker to run.
 */
const KILL_REDIS_RUN_AFTER_MS = 5000;

export class RunHandle extends EventEmitter<{ event: [RunEvent] }> {
  /** Resolves with the CLI exit code: 0 all succeeded, 1 something did not, 2 the graph could not run. */
  readonly exited: Promise<number>;
  private readonly child: ChildProcess;
  private reportedCode?: number;
  private killTimer?: NodeJS.Timeout;
  private readonly throughRedis: boolean;

  /** `child`: a coordinator forked with the request's cwd, Node and environment, told nothing yet. */
  constructor(
    request: RunRequest,
    child: ChildProcess = forkCoordinator({ ...request, throughRedis: request.redis !== undefined }),
  ) {
    super();
    this.child = child;
    this.throughRedis = request.redis !== undefined;
    for (const stream of ["stdout", "stderr"] as const) {
      this.child[stream]!.setEncoding("utf8").on("data", (text: string) =>
        this.emit("event", { type: "output", stream, text }),
      );
    }
    this.child.on("message", (reply: CoordinatorReply) => {
      if (reply.type === "events") for (const event of reply.events) this.emit("event", event);
      else this.reportedCode = reply.code;
    });
    this.exited = new Promise((resolveExit) => {
      this.child.on("error", (error) => {
        this.emit("event", {
          type: "graph-error",
          problems: [],
          message: `semisync could not start its coordinator process: ${error.message}`,
        });
      });
      this.child.on("close", (code, signal) => {
        clearTimeout(this.killTimer);
        this.killGroup();
        if (this.reportedCode === undefined && !this.cancelled) {
          this.emit("event", {
            type: "graph-error",
            problems: [],
            message: `semisync's coordinator process ${signal ? `was killed by ${signal}` : `exited with code ${code}`} before the run finished`,
          });
        }
        resolveExit(this.reportedCode ?? (this.cancelled ? EXIT.taskFailed : EXIT.graphError));
      });
    });
    const absolute = (file: string) => resolve(request.cwd ?? process.cwd(), file);
    const start: CoordinatorRequest = {
      type: "start",
      file: absolute(request.file),
      alsoLoad: request.alsoLoad?.map(absolute),
      tasks: request.tasks,
      options: request.options ?? {},
      ...(request.redis ? { redis: request.redis } : {}),
    };
    this.child.send(start);
  }

  private cancelled = false;

  /**
   * Ask the coordinator to stop the run; if it has not exited within 3 s (5 s through Redis), kill
   * its whole process group. Asked again, it kills at once, unless the run goes through Redis.
   */
  cancel(): void {
    if (this.cancelled) {
      if (!this.throughRedis) this.killGroup();
      return;
    }
    this.cancelled = true;
    if (this.child.connected) this.child.send({ type: "cancel" } satisfies CoordinatorRequest);
    this.killTimer = setTimeout(() => this.killGroup(), this.throughRedis ? KILL_REDIS_RUN_AFTER_MS : KILL_AFTER_MS);
  }

  /**
   * Kill the coordinator's whole process group now (the editor is closing); a run through Redis is
   * asked to stop first, as by `cancel()`, so that no worker runs its waiting calls for nobody.
   */
  kill(): void {
    if (this.throughRedis) return this.cancel();
    this.cancelled = true;
    this.killGroup();
  }

  private killGroup(): void {
    killCoordinator(this.child);
  }
}

/**
 * What a coordinator process is forked with; a spare forked with the same serves the run.
 * `throughRedis`: for a run whose tasks go through Redis, which needs no worker of this machine.
 */
export type CoordinatorSetting = Pick<RunRequest, "cwd" | "nodePath" | "env"> & { throughRedis?: boolean };

/**
 * A coordinator process waiting to be told which run is its one run: its workers starting at
 * once, or, for a run through Redis, the Redis executor loading instead.
 */
export function forkCoordinator(setting: CoordinatorSetting): ChildProcess {
  const electron = Boolean(process.versions.electron) && !setting.nodePath;
  return forkBundle("coordinator", {
    cwd: setting.cwd,
    execPath: setting.nodePath ?? process.execPath,
    env: {
      ...(setting.env ?? process.env),
      ...(electron ? { ELECTRON_RUN_AS_NODE: "1" } : {}),
      ...(setting.throughRedis ? { [THROUGH_REDIS_ENV]: "1" } : {}),
    },
    detached: process.platform !== "win32",
  });
}

/** Kills a coordinator's whole process group: it and its workers. */
export function killCoordinator(child: Pick<ChildProcess, "pid">): void {
  const pid = child.pid;
  if (pid === undefined) return;
  try {
    process.kill(process.platform === "win32" ? pid : -pid, "SIGKILL");
  } catch {
    // Already gone: nothing of it is left.
  }
}

export function startRun(request: RunRequest, spare?: ChildProcess): RunHandle {
  return new RunHandle(request, spare);
}
