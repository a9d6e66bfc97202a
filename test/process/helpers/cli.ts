import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { RunEvent } from "../../../src/shared/protocol";
import { root } from "../../helpers/paths";
import { liveProcesses } from "../../helpers/processes";

export { fixtures, root } from "../../helpers/paths";
export const cli = join(root, "dist", "cli.js");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  events: RunEvent[];
  /** Set in the environment of the CLI and so of every process it starts. */
  mark: string;
}

export interface CliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** The mark to put in the environment; a fresh one by default. */
  mark?: string;
  /** Called with each JSON event as it arrives (only with --json). */
  onEvent?: (event: RunEvent, child: ReturnType<typeof spawn>) => void;
  /** How long before a run counts as hung and is killed; longer for runs that share the machine with many others. */
  hungAfterMs?: number;
}

/** Runs the real CLI in a child process and collects what a user or a script would see. */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const mark = options.mark ?? randomUUID();
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: options.cwd ?? root,
    env: { ...process.env, ...options.env, SEMISYNC_TEST_MARK: mark },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let pending = "";
  const events: RunEvent[] = [];
  const json = args.includes("--json");
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    if (!json) return;
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop()!;
    for (const line of lines) {
      const event = JSON.parse(line) as RunEvent;
      events.push(event);
      options.onEvent?.(event, child);
    }
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  // A hung run must fail its test, not hang the suite.
  const hungAfterMs = options.hungAfterMs ?? 45_000;
  const guard = setTimeout(() => child.kill("SIGKILL"), hungAfterMs);
  return new Promise((resolve, reject) =>
    child.on("close", (code, signal) => {
      clearTimeout(guard);
      if (signal === "SIGKILL" && code === null && !options.onEvent)
        reject(new Error(`semisync ${args.join(" ")} did not exit within ${hungAfterMs / 1000} s\n${stderr}`));
      else resolve({ code, stdout, stderr, events, mark });
    }),
  );
}

/** Pids of live processes whose environment carries `mark`: what a run left behind. */
export function processesWithMark(mark: string): number[] {
  return liveProcesses((pid) => readFileSync(`/proc/${pid}/environ`, "utf8").includes(`SEMISYNC_TEST_MARK=${mark}`));
}

export { eventually } from "../../helpers/wait";

export function byType<T extends RunEvent["type"]>(events: RunEvent[], type: T): Array<Extract<RunEvent, { type: T }>> {
  return events.filter((event): event is Extract<RunEvent, { type: T }> => event.type === type);
}

export function lastRunEnd(events: RunEvent[]) {
  const ends = byType(events, "run-end");
  return ends[ends.length - 1];
}

export function statusOf(events: RunEvent[], key: string): string | undefined {
  return lastRunEnd(events)?.tasks.find((task) => task.key === key)?.status;
}

export function callbackOutput(events: RunEvent[], key: string): string {
  return byType(events, "output")
    .filter((event) => event.key === key && event.stream === "callback")
    .map((event) => event.text)
    .join("");
}
