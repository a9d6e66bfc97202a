import { strict as assert } from "node:assert";
import { byType, callbackOutput, runCli, type CliResult } from "../helpers/cli";
import { fault, nothingLeft, sortedStatuses as statuses } from "./matrix";

/**
 * Values that cannot travel between processes, and values that can though they look as if they
 * might not, each sent one way per run of faults/values.ts: as a call's argument, as a result, as
 * a shared() field. A bystander task runs in every run and must succeed whatever happens.
 */
type Way = "argument" | "result" | "namespace";

function send(kind: string, way: Way, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runCli(["run", fault("values.ts"), "--json"], { env: { VALUE_KIND: kind, VALUE_WAY: way, ...env } });
}

/** The task that carries the value each way, and the task whose callback shows what arrived. */
const CARRIER: Record<Way, { task: string; shows: string; prefix: string }> = {
  argument: { task: "Values.takes", shows: "Values.takes", prefix: "received" },
  result: { task: "Values.returns", shows: "Values.returns", prefix: "received" },
  namespace: { task: "Values.stores", shows: "Values.reads", prefix: "read" },
};

/** How each way words a value that cannot travel, up to the path of the value inside it. */
const CANNOT_TRAVEL: Record<Way, string> = {
  argument: "Values.takes: the arguments of this call cannot travel between processes: arguments[0]",
  result: "Values.returns: the value it returned cannot travel between processes: result",
  namespace: 'shared("faults").field cannot travel between processes: field',
};

describe("faults: values between processes", () => {
  for (const [kind, path] of [
    ["function", ".format (function format)"],
    ["symbol", ".tag (Symbol(tag))"],
  ] as const) {
    for (const way of ["argument", "result", "namespace"] as const) {
      it(`a ${kind} as ${way === "namespace" ? "a shared() value" : `a task's ${way}`} fails its task naming where it is, exit code 1, no process left`, async () => {
        const result = await send(kind, way);
        assert.equal(result.code, 1);
        const [failed] = byType(result.events, "task-failed");
        assert.equal(failed.key, CARRIER[way].task);
        assert.ok(
          failed.error.message.startsWith(`${CANNOT_TRAVEL[way]}${path} is not structured-clone data`),
          failed.error.message,
        );
        assert.deepEqual(
          statuses(result),
          way === "namespace"
            ? ["Values.bystander succeeded", "Values.reads skipped", "Values.stores failed"]
            : ["Values.bystander succeeded", `${CARRIER[way].task} failed`],
        );
        await nothingLeft(result.mark);
      });
    }
  }

  for (const way of ["argument", "result", "namespace"] as const) {
    it(`a circular object as ${way === "namespace" ? "a shared() value" : `a task's ${way}`} arrives whole, cycle included`, async () => {
      const result = await send("circular", way);
      assert.equal(result.code, 0);
      assert.equal(callbackOutput(result.events, CARRIER[way].shows), `${CARRIER[way].prefix} circular: true\n`);
      assert.ok(
        statuses(result).every((status) => status.endsWith(" succeeded")),
        statuses(result).join(", "),
      );
      await nothingLeft(result.mark);
    });
  }

  // 200 MB, as the issue tried: a few seconds and about 700 MB of memory per run on CI's two cores.
  const bytes = 200_000_000;
  for (const way of ["argument", "result", "namespace"] as const) {
    it(`a 200 MB string as ${way === "namespace" ? "a shared() value" : `a task's ${way}`} arrives whole`, async () => {
      const result = await send("big", way, { VALUE_BYTES: String(bytes) });
      assert.equal(result.code, 0);
      assert.equal(
        callbackOutput(result.events, CARRIER[way].shows),
        `${CARRIER[way].prefix} a string of ${bytes} characters\n`,
      );
      assert.ok(
        statuses(result).every((status) => status.endsWith(" succeeded")),
        statuses(result).join(", "),
      );
      await nothingLeft(result.mark);
    });
  }
});
