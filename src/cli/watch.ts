/**
 * `semisync run --watch`: every run is a `semisync run` process of its own, started again when the
 * file or a file of the user's it imports changes. A fresh process is the only way to load the
 * edited modules (a process cannot unload what it required), and it makes a run cancelled by a
 * change exactly a run cancelled by a signal: its tasks reported cancelled, every process of it killed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { watch, type FSWatcher } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { formatOf, transpileFile } from "../engine/loader/transpile";
import { PARENT_PID_ENV, watchParent } from "../engine/watchParent";
import { isTypeScriptFile } from "../project/resolve";
import { forgetProjectOptions } from "../project/tsconfig";
import { bundlePath } from "../shared/bundles";
import { displayPath } from "../shared/format";
import { EXIT } from "../shared/protocol";
import { runArgv, type RunCommand } from "./args";
import { CANCEL_SIGNALS, signalExitCode, type CancelSignal } from "./cancel";
import { configFilesOf, programFiles } from "../scanner/programFiles";
import { notRunnable } from "./runnableFile";

/** Set in each run's environment: the run watches this process and ends with it. */
const WATCHED_RUN_ENV = "SEMISYNC_WATCHED_RUN";

/** Editors write a file in several steps, and a save often touches more than one file: one run for them all. */
const DEBOUNCE_MS = 150;

/** Erases the screen and its scrollback, cursor home: the new run starts on a clean terminal. */
const CLEAR_TERMINAL = "\x1b[H\x1b[2J\x1b[3J";

/** In a run this process started: if this process dies, so does the run, and with it its workers. */
export function watchedBySupervisor(): void {
  if (!process.env[WATCHED_RUN_ENV]) return;
  watchParent();
  // The user's program, and anything it starts, must not take the watch for theirs.
  delete process.env[WATCHED_RUN_ENV];
  delete process.env[PARENT_PID_ENV];
}

export function watchCommand(command: RunCommand): Promise<never> {
  const refused = notRunnable(command.file);
  if (refused) {
    process.stderr.write(refused);
    process.exit(EXIT.graphError);
  }
  const supervisor = new WatchedRuns(resolve(command.file), runArgv(command));
  for (const name of CANCEL_SIGNALS) process.on(name, () => supervisor.stop(name));
  supervisor.start();
  return new Promise<never>(() => {});
}

/**
 * Fills the transpile cache with the edited files before the run starts: this process keeps the
 * compiler loaded from one run to the next, where each run, a fresh process, would load it again
 * (about half a second of CPU) for the file just saved. A file that does not transpile is left
 * for the run to report.
 */
function transpileAhead(files: string[]): void {
  for (const file of files) {
    if (!isTypeScriptFile(file)) continue;
    try {
      transpileFile(file, formatOf(file) === "commonjs" ? "commonjs" : "module-as-commonjs");
    } catch {
      // A syntax error: the run refuses the file in its own words.
    }
  }
}

class WatchedRuns {
  private run?: ChildProcess;
  private readonly watchers = new Map<string, FSWatcher>();
  private watched = new Set<string>();
  private changed = new Set<string>();
  private debounce?: NodeJS.Timeout;
  private stopping?: CancelSignal;
  private runs = 0;

  constructor(
    private readonly file: string,
    private readonly argv: string[],
  ) {}

  /** Reads what the program imports now (an edit may add an import), watches it, and runs the program. */
  start(): void {
    if (this.runs++ > 0) {
      if (process.stdout.isTTY) process.stdout.write(CLEAR_TERMINAL);
      const names = [...this.changed].map(displayPath).join(", ");
      process.stderr.write(`semisync: ${names} changed; running again\n`);
    }
    // An edited tsconfig.json may move what `paths` resolve to, and how the files transpile.
    forgetProjectOptions();
    this.changed.clear();
    const files = this.files();
    this.watch([...files, ...configFilesOf(files)]);
    transpileAhead(files);
    const env = { ...process.env, [WATCHED_RUN_ENV]: "1", [PARENT_PID_ENV]: String(process.pid) };
    const run = spawn(process.execPath, [...process.execArgv, bundlePath("cli"), ...this.argv], {
      stdio: "inherit",
      env,
    });
    this.run = run;
    // Out of processes or memory: said, and the next change tries again.
    run.on("error", (error) => {
      this.run = undefined;
      process.stderr.write(
        `semisync: could not start the run (${error.message}); it starts again at the next change\n`,
      );
    });
    run.on("exit", () => {
      this.run = undefined;
      if (this.stopping) process.exit(signalExitCode(this.stopping));
      if (this.changed.size > 0 && this.debounce === undefined) return this.start();
      process.stderr.write(
        `semisync: watching ${this.watched.size} file${this.watched.size === 1 ? "" : "s"} for changes (Ctrl-C to stop)\n`,
      );
    });
  }

  /** Ctrl-C (or SIGTERM, SIGHUP): the run in progress is cancelled as without --watch, and its exit code is the watch's. */
  stop(signal: CancelSignal): void {
    this.stopping ??= signal;
    clearTimeout(this.debounce);
    for (const watcher of this.watchers.values()) watcher.close();
    // At a terminal the run heard the Ctrl-C too; sent by `kill` to this process alone, it had not.
    if (this.run) this.run.kill(signal);
    else process.exit(signalExitCode(signal));
  }

  private files(): string[] {
    try {
      return programFiles([this.file]);
    } catch (error) {
      process.stderr.write(
        `semisync: could not read what ${displayPath(this.file)} imports (${(error as Error).message}); watching the file alone\n`,
      );
      return [this.file];
    }
  }

  /** Folders, not files: an editor that saves by writing a new file and renaming it over the old one replaces the file a watch would hold. */
  private watch(files: string[]): void {
    this.watched = new Set(files);
    const folders = new Set(files.map((file) => dirname(file)));
    for (const [folder, watcher] of this.watchers) {
      if (folders.has(folder)) continue;
      watcher.close();
      this.watchers.delete(folder);
    }
    for (const folder of folders) {
      if (this.watchers.has(folder)) continue;
      const watcher = watch(folder, (_event, name) => {
        const file = name && join(folder, basename(name));
        if (file && this.watched.has(file)) this.onChange(file);
      });
      watcher.on("error", () => {
        // A folder removed: what it held is gone from the program, and the next run's walk says so.
      });
      this.watchers.set(folder, watcher);
    }
  }

  private onChange(file: string): void {
    if (this.stopping) return;
    this.changed.add(file);
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      if (!this.run) return this.start();
      process.stderr.write(`semisync: ${displayPath(file)} changed; cancelling this run to start again\n`);
      this.run.kill("SIGTERM");
    }, DEBOUNCE_MS);
  }
}
