import { fork, type ChildProcess, type ForkOptions } from "node:child_process";
import { bundlePath } from "../shared/bundles";
import { PARENT_PID_ENV } from "./watchParent";

/**
 * Starts one of our bundles as a child process that talks to this one over IPC. Messages are
 * structured clones ("advanced"), so Maps, Sets, Dates and typed arrays travel as they are; the
 * child gets none of this process's Node flags (an inspector port, a loader), only those asked for
 * here (a debugged worker's), and its stdout and stderr come back to us so that nothing it writes goes unseen.
 */
export function forkBundle(
  name: "worker" | "coordinator",
  options: Pick<ForkOptions, "cwd" | "env" | "execPath" | "detached" | "execArgv">,
): ChildProcess {
  return fork(bundlePath(name), [], {
    ...options,
    env: { ...(options.env ?? process.env), [PARENT_PID_ENV]: String(process.pid) },
    execArgv: options.execArgv ?? [],
    serialization: "advanced",
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
}
