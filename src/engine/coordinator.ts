/**
 * The coordinator process the editor starts for each run: a Coordination driven over IPC, or over
 * a socket when a debugger launched it (see coordinatorLink.ts). Its workers start the moment it
 * is forked, before it is told which file to run, so a coordinator forked ahead of need (a spare)
 * has its pool warm when the run is asked for.
 */
import { Coordination } from "./coordination";
import type { RunEvent } from "../shared/protocol";
import { watchParent } from "./watchParent";
import { bundlePath } from "../shared/bundles";
import { coordinatorLink } from "./coordinatorLink";
import { THROUGH_REDIS_ENV, loadRedisExecutor } from "./redisTasks";

const link = coordinatorLink();
const send = link.send;

// A run of thousands of tasks emits tens of thousands of events, a few per task: they travel
// together, at most every few milliseconds, sooner than any person or view could tell.
const EVENT_BATCH_MS = 5;
/** A message this long is sent at once: a client reads a long one in many pieces, joined as they come. */
const EVENT_BATCH_MAX = 500;
let pending: RunEvent[] = [];
const flushEvents = () => {
  if (pending.length === 0) return;
  const events = pending;
  pending = [];
  send({ type: "events", events });
};
const emit = (event: RunEvent) => {
  const count = pending.push(event);
  if (count === 1) setTimeout(flushEvents, EVENT_BATCH_MS);
  else if (count >= EVENT_BATCH_MAX) flushEvents();
};

const coordination = new Coordination({
  emit,
  finish: (code) => {
    flushEvents();
    send({ type: "exit", code }, () => process.exit(code));
  },
});

// Forked for a run through Redis, it needs no worker of this machine, but the Redis executor.
const throughRedis = process.env[THROUGH_REDIS_ENV] === "1";
delete process.env[THROUGH_REDIS_ENV];

watchParent();
if (!throughRedis) coordination.prestart();
// What the user's file imports first, loaded while this process waits to be told the run: no user code, only ours.
setImmediate(() => {
  require(bundlePath("runtime"));
  require(bundlePath("transpiler"));
  if (throughRedis) loadRedisExecutor();
});
link.onClose(() => coordination.cancel());
link.onRequest((request) => {
  if (request.type !== "start") return coordination.cancel();
  link.release();
  void coordination.start(request);
});
