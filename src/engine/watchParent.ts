import { Worker } from "node:worker_threads";

/** The process that forked this one, as it said at the fork: a parent gone before we look is still noticed. */
export const PARENT_PID_ENV = "SEMISYNC_PARENT_PID";

/**
 * Exit when the parent process dies, even while user code keeps this process's main thread
 * busy (a CPU-bound task never gets to see an IPC 'disconnect'). A thread of its own watches
 * the parent id and kills the process, so a killed CLI or editor leaves no orphan behind.
 */
export function watchParent(): void {
  const parent = parentPid();
  const source = `
    const { workerData } = require("node:worker_threads");
    const check = () => {
      if (process.ppid !== workerData.parent) process.kill(process.pid, "SIGKILL");
    };
    check();
    setInterval(check, 200);
  `;
  const watcher = new Worker(source, { eval: true, workerData: { parent } });
  watcher.unref();
}

function parentPid(): number {
  return Number(process.env[PARENT_PID_ENV]) || process.ppid;
}

/**
 * The watch's first look, on this thread, for a process that does not need the watching thread
 * yet: while its main thread is free, the IPC channel's 'disconnect' says the parent is gone.
 */
export function checkParent(): void {
  if (process.ppid !== parentPid()) process.kill(process.pid, "SIGKILL");
}
