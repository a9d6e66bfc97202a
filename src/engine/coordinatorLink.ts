/**
 * How a coordinator process hears its client: fork's IPC channel (the editor's usual runs), or a
 * socket it connects to when it was launched by someone else (a debugger; see coordinatorSocket.ts).
 */
import { writeSync } from "node:fs";
import type { CoordinatorReply, CoordinatorRequest } from "../shared/protocol";
import { connectToClient } from "./coordinatorSocket";

export interface CoordinatorLink {
  /** `done` is called once the reply is on its way, or at once when the client is gone. */
  send(reply: CoordinatorReply, done?: () => void): void;
  onRequest(listener: (request: CoordinatorRequest) => void): void;
  /** The client is gone. */
  onClose(listener: () => void): void;
  /** Waiting for the client kept this process alive; from now on the program's own work does, so its end is seen. */
  release(): void;
}

export function coordinatorLink(): CoordinatorLink {
  // A coordinator forked with an IPC channel is the client's own child, even when a task of a debug
  // run forked it and the debug run's address is still in the environment it inherited.
  return (process.send ? undefined : socketLink()) ?? ipcLink();
}

function ipcLink(): CoordinatorLink {
  return {
    send: (reply, done) => {
      if (process.connected) process.send!(reply, undefined, {}, done);
      else done?.();
    },
    onRequest: (listener) => process.on("message", listener),
    onClose: (listener) => process.on("disconnect", listener),
    release: () => process.channel?.unref(),
  };
}

function socketLink(): CoordinatorLink | undefined {
  const client = connectToClient();
  if (!client) return undefined;
  client.socket.once("error", (error) => {
    // The debugger's Restart launches this process again with the ended run's address: it has no run to serve.
    // Written at once: the socket's close, next, ends this process.
    writeSync(
      2,
      `semisync: this process could not reach the editor that started its run (${error.message}); the run has ended. Use Debug Task again to start a new one.\n`,
    );
  });
  return {
    send: (reply, done) => client.send(reply, done),
    onRequest: (listener) => client.on("message", (message) => listener(message as CoordinatorRequest)),
    onClose: (listener) => client.on("close", listener),
    release: () => client.socket.unref(),
  };
}
