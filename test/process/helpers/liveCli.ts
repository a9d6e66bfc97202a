import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { cli, eventually, root } from "./cli";

/**
 * The real CLI in a child process, followed as it goes: a test waits for a line to appear, acts
 * (attaches a debugger, edits a file, sends a signal), and waits for the next.
 */
export class LiveCli {
  readonly child: ChildProcess;
  readonly mark = randomUUID();
  stdout = "";
  stderr = "";
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
    this.child = spawn(process.execPath, [cli, ...args], {
      cwd: options.cwd ?? root,
      env: { ...process.env, ...options.env, SEMISYNC_TEST_MARK: this.mark },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child.stdout!.setEncoding("utf8").on("data", (text: string) => (this.stdout += text));
    this.child.stderr!.setEncoding("utf8").on("data", (text: string) => (this.stderr += text));
    // A run that hangs must fail its test, not the suite.
    const guard = setTimeout(() => this.child.kill("SIGKILL"), 50_000);
    this.exited = new Promise((resolve) =>
      this.child.on("close", (code, signal) => {
        clearTimeout(guard);
        resolve({ code, signal });
      }),
    );
  }

  /** Waits until the stream shows the pattern `count` times, and gives every match so far. */
  until(stream: "stdout" | "stderr", pattern: RegExp, count = 1): Promise<RegExpMatchArray[]> {
    const every = new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`);
    return eventually(() => {
      const found = [...this[stream].matchAll(every)];
      return found.length >= count && found;
    }, `${stream} to show ${pattern} ${count} time(s)\n--- stdout\n${this.stdout}\n--- stderr\n${this.stderr}`);
  }
}
