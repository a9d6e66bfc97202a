/**
 * The coordinator process the editor starts for each run: a Coordination driven over IPC. Its
 * workers start the moment it is forked, before it is told which file to run, so a coordinator
 * forked ahead of need (a spare) has its pool warm when the run is asked for.
 */
import { Coordination } from "./coordination";
import type { CoordinatorReply, CoordinatorRequest } from "../shared/protocol";
import { watchParent } from "./watchParent";
import { bundlePath } from "../shared/bundles";

const send = (reply: CoordinatorReply, done?: () => void) => {
  if (process.connected) process.send!(reply, undefined, {}, done);
  else done?.();
};

const coordination = new Coordination({
  emit: (event) => send({ type: "event", event }),
  finish: (code) => send({ type: "exit", code }, () => process.exit(code)),
});

watchParent();
coordination.prestart();
// What the user's file imports first, loaded while this process waits to be told the run: no user code, only ours.
setImmediate(() => require(bundlePath("runtime")));
process.on("disconnect", () => coordination.cancel());
process.on("message", (request: CoordinatorRequest) => {
  if (request.type !== "start") return coordination.cancel();
  // Waiting for the request kept this process alive; from now on the program's own work does, so its end is seen.
  process.channel?.unref();
  void coordination.start(request);
});
