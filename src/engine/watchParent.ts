import { Worker } from "node:worker_threads";

/**
 * Exit when the parent process dies, even while user code keeps this process's main thread
 * busy (a CPU-bound task never gets to see an IPC 'disconnect'). A thread of its own watches
 * the parent id and kills the process, so a killed CLI or editor leaves no orphan behind.
 */
export function watchParent(): void {
  const source = `
    const { workerData } = require("node:worker_threads");
    setInterval(() => {
      if (process.ppid !== workerData.parent) process.kill(process.pid, "SIGKILL");
    }, 200);
  `;
  const watcher = new Worker(source, { eval: true, workerData: { parent: process.ppid } });
  watcher.unref();
}
