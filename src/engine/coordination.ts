/**
 * One run of a user's file, coordinated in this process: loads the file, runs its graph on the
 * worker pool, runs callbacks, and reports every event and the exit code to the sinks it is
 * given. The coordinator process (what the editor starts) and `semisync run` (in-process, one
 * process generation fewer) both drive it; the editor itself never does.
 */
import { runtimeState, tasksById, type TaskDefinition } from "../runtime/state";
import { taskNamed } from "../shared/taskName";
import { closestName } from "../shared/suggest";
import { GraphError } from "./graphError";
import { importUntilBegin } from "./importUntilBegin";
import { PooledHost } from "./pooledHost";
import type { InspectedWorkers } from "./inspectedWorkers";
import type { PoolMaker } from "./pool";
import { installLoader } from "./loader/install";
import { loadModule, transpileAhead } from "./loader/load";
import { captureCallbackOutput } from "./outputCapture";
import { displayPath } from "../shared/format";
import { CODE, PROBLEMS, graphProblem, problem, problemCodeOf } from "../shared/problems";
import {
  EXIT,
  errorInfo,
  type CoordinatorRequest,
  type GraphProblem,
  type RunEvent,
  type EngineOptions,
  type RedisRun,
} from "../shared/protocol";
import { begin } from "../runtime/begin";
import { editorRedisTasks, type RedisTasks } from "./redisTasks";

export type StartRequest = Extract<CoordinatorRequest, { type: "start" }>;

export interface CoordinationSinks {
  /**
   * Whether this process answers a terminal's Ctrl-C itself (the CLI): its workers are then kept
   * out of the terminal's reach, so the tasks it cancels are reported cancelled, not crashed.
   */
  ownsTerminal?: boolean;
  /** Under a debugger (`semisync run --inspect`): workers are forked with inspectors. */
  inspectedWorkers?: InspectedWorkers;
  /** Tasks run elsewhere, not in this machine's worker processes (`semisync run --redis`). */
  poolMaker?: PoolMaker;
  emit(event: RunEvent): void;
  /** Called once, when the run is over: the exit code a CLI would give. Nothing of the run runs after it. */
  finish(code: number): void;
}

export class Coordination {
  private readonly host: PooledHost;
  private readonly state = runtimeState();
  private exitCode: number = EXIT.ok;
  private finishing = false;
  private redis?: RedisTasks;
  /**
   * The real stdout and stderr. Every other write in this process is the program's (or a
   * callback's) and becomes an event, so whoever renders the events must write through these.
   */
  readonly direct: Record<"stdout" | "stderr", (text: string) => boolean>;

  constructor(private readonly sinks: CoordinationSinks) {
    this.host = new PooledHost(
      (event) => this.emit(event),
      {},
      sinks.ownsTerminal,
      sinks.inspectedWorkers,
      sinks.poolMaker,
    );
    // The engine emits a callback's output itself; the rest is the program's own.
    this.direct = captureCallbackOutput(
      () => this.host.current,
      (text, stream, fromCallback) => {
        if (!fromCallback) this.emit({ type: "output", stream, text });
        return true;
      },
    );
  }

  /**
   * Start workers before the run is asked for, so that their start-up overlaps with whatever
   * comes first (reading the request, checking the graph, loading the user's module). Options
   * that differ later only cost these workers. Returns the refusal of options out of range.
   */
  prestart(options: EngineOptions = {}): GraphProblem | undefined {
    this.host.useDefaults(options);
    try {
      this.host.engineFor(options).prestart();
      return undefined;
    } catch (error) {
      // Only the run's options are refused here; anything else is a failure of ours, reported as one.
      const code = problemCodeOf(error);
      if (!code) throw error;
      const refused = { code, severity: PROBLEMS[code].severity, message: (error as Error).message };
      return graphProblem(refused, undefined, []);
    }
  }

  async start(request: StartRequest): Promise<void> {
    // Cancelled while the run was being prepared: there is nothing left to start.
    if (this.finishing) return;
    this.state.host = this.host;
    const files = [request.file, ...(request.alsoLoad ?? [])];
    if (request.redis && !(await this.throughRedis(files, request.redis))) return;
    const refused = this.prestart(request.options);
    if (refused) return this.graphError(request.file, [refused]);
    for (const file of files) transpileAhead(file);
    this.host.current?.preload(files);
    this.host.runProgram(request.file);
    installLoader();
    process.on("uncaughtException", (error) => this.programError(error));
    process.on("unhandledRejection", (error) => this.programError(error));
    if (request.tasks) await this.runTasks(files, request.tasks);
    else await this.runProgram(request.file);
  }

  /**
   * The run's tasks go to `semisync worker`s through Redis (the editor's `semisync.redisUrl`).
   * Redis that does not answer ends the run at once, saying so: false then.
   */
  private async throughRedis(files: string[], run: RedisRun): Promise<boolean> {
    const [file] = files;
    let redis: RedisTasks;
    try {
      redis = editorRedisTasks(run, files, (text) => this.emit({ type: "output", stream: "stderr", text }));
    } catch (error) {
      const message = `semisync could not load its Redis executor (dist/redis.js): ${(error as Error).message}`;
      this.emit({ type: "graph-error", file, problems: [], message });
      this.finish(EXIT.graphError);
      return false;
    }
    this.redis = redis;
    this.host.sendTasksTo(redis.poolMaker);
    const why = await redis.unreachable();
    if (this.finishing) return false;
    if (why === undefined) return true;
    this.emit({ type: "graph-error", file, problems: [], message: why });
    this.finish(EXIT.graphError);
    return false;
  }

  cancel(): void {
    this.host.current?.cancel("run cancelled");
    this.finish(Math.max(this.exitCode, EXIT.taskFailed));
  }

  private emit(event: RunEvent): void {
    if (event.type === "run-end" && !event.ok) this.exitCode = Math.max(this.exitCode, EXIT.taskFailed);
    if (event.type === "graph-error") this.exitCode = EXIT.graphError;
    this.sinks.emit(event);
  }

  /** Program mode: the file runs as the program it is; its rounds of begin() report as they go. */
  private async runProgram(file: string): Promise<void> {
    let loaded = false;
    const idle = () => {
      const forgotten = this.state.queue.length;
      if (forgotten > 0)
        this.emit({
          type: "output",
          stream: "stderr",
          text: `semisync: ${displayPath(file)} queued ${forgotten} call(s) that never ran; call \`await semisync.begin()\` after queueing them\n`,
        });
      this.finish(this.exitCode);
    };
    // While the module hooks load the program the loop can look empty between their replies: only
    // a program that has finished loading is idle. One whose top-level await can never settle
    // leaves nothing to run, so the process exits: the run ends there.
    process.on("beforeExit", () => loaded && idle());
    process.once("exit", () => this.finishing || idle());
    try {
      await loadModule(file);
      loaded = true;
    } catch (error) {
      loaded = true;
      if (error instanceof GraphError) this.finish(EXIT.graphError);
      else this.loadFailed(file, error);
    }
  }

  /**
   * Graph mode: load the files only to find their tasks (the editor passes every file whose tasks
   * it wants run), then run the named tasks and all they depend on.
   */
  private async runTasks(files: string[], ids: string[]): Promise<void> {
    const [file] = files;
    this.state.mode = "inert";
    for (const each of files) {
      try {
        await importUntilBegin(each);
      } catch (error) {
        return this.loadFailed(each, error);
      }
    }
    this.state.mode = "program";
    const problems: GraphProblem[] = [];
    const chosen: TaskDefinition[] = [];
    for (const id of ids) {
      const task = this.lookUp(id, file);
      if (!task) {
        const declaredBy = `${files.map(displayPath).join(", ")} or the modules ${files.length > 1 ? "they import" : "it imports"}`;
        problems.push(
          graphProblem(problem.unknownTask(id, declaredBy, closestName(id, tasksById().keys())), file, [id]),
        );
      } else if (task.original.length > 0) {
        problems.push(graphProblem(problem.taskNeedsArguments(id), file, [task.id]));
      } else {
        chosen.push(task);
      }
    }
    if (problems.length > 0) return this.graphError(file, problems);
    this.state.queue.splice(0, this.state.queue.length, ...chosen.map((task) => ({ task, args: [] })));
    try {
      await begin();
    } catch (error) {
      if (!(error instanceof GraphError)) return this.loadFailed(file, error);
    }
    this.finish(this.exitCode);
  }

  private lookUp(id: string, file: string): TaskDefinition | undefined {
    return taskNamed(id, file, id.includes(".") ? (tasksById().get(id) ?? []) : this.state.definitions);
  }

  private loadFailed(file: string, error: unknown): void {
    if (problemCodeOf(error) === CODE.syntaxError) {
      // The loader's refusal names the file, line and column itself; a stack would only point into semisync.
      const broken = (error as { file?: unknown }).file;
      const at = typeof broken === "string" ? broken : file;
      const message = (error as Error).message;
      return this.graphError(file, [graphProblem({ code: CODE.syntaxError, severity: "error", message }, at, [])]);
    }
    const info = errorInfo(error);
    const described = problem.loadFailed(displayPath(file), info.stack ?? info.message);
    // A problem the runtime found as the module loaded (the decorator checks its options) keeps its own code.
    this.graphError(file, [graphProblem({ ...described, code: problemCodeOf(error) ?? described.code }, file, [])]);
  }

  graphError(file: string, problems: GraphProblem[]): void {
    const error = new GraphError(problems, file);
    this.emit({ type: "graph-error", file, problems, message: error.message });
    this.finish(EXIT.graphError);
  }

  private programError(error: unknown): void {
    if (error instanceof GraphError) return this.finish(EXIT.graphError);
    const info = errorInfo(error);
    this.emit({ type: "output", stream: "stderr", text: `${info.stack ?? info.message}\n` });
    this.finish(Math.max(this.exitCode, EXIT.taskFailed));
  }

  /**
   * Ends the run: every worker is killed (what that cancels is still reported), then the sinks
   * hear the code; through Redis, once the calls no worker took are out of the queue, or a
   * worker would still run them.
   */
  finish(code: number): void {
    if (this.finishing) return;
    this.finishing = true;
    this.host.current?.dispose();
    const withdrawn = this.redis?.withdrawn();
    if (withdrawn) void withdrawn.then(() => this.sinks.finish(code));
    else this.sinks.finish(code);
  }
}
