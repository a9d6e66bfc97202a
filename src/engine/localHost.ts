/**
 * The host of a plain Node program that imports the runtime and calls begin() itself:
 * callbacks print as they always would (and are recorded in the report), task output goes to
 * this process's own stdout/stderr, and failures are written to stderr so none goes unseen.
 */
import type { EngineHost } from "../runtime/state";
import { captureCallbackOutput } from "./outputCapture";
import { PooledHost } from "./pooledHost";
import type { RunEvent } from "../shared/protocol";

export function createLocalHost(): EngineHost {
  let host: PooledHost | undefined = undefined;
  const write = captureCallbackOutput(
    () => host?.current,
    () => false,
  );
  const report = (event: RunEvent) => {
    switch (event.type) {
      case "output":
        if (event.stream !== "callback") write[event.stream](event.text);
        break;
      case "task-failed":
        write.stderr(`semisync: ${event.key} failed: ${event.error.stack ?? event.error.message}\n`);
        break;
      case "task-timed-out":
        write.stderr(`semisync: ${event.key} timed out after ${event.timeoutMs} ms\n`);
        break;
      case "task-skipped":
        write.stderr(`semisync: ${event.key} skipped: ${event.reason}\n`);
        break;
    }
  };
  host = new PooledHost(report);
  return host;
}
