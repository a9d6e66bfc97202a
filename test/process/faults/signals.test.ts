import { strict as assert } from "node:assert";
import { randomUUID } from "node:crypto";
import { startRun } from "../../../src/engine/client";
import type { RunEvent } from "../../../src/shared/protocol";
import { byType, lastRunEnd, runCli, type CliResult } from "../helpers/cli";
import { coordinatorOf, engineFixture, fault, nothingLeft, sortedStatuses as statuses } from "./matrix";

/**
 * Signals to the CLI, and to the coordinator process the editor starts, at each stage of a run.
 * Ctrl-C to the CLI while tasks run, and SIGKILL of the CLI, are in engine.test.ts ("engine:
 * cancel leaves no process behind"). The CLI coordinates in its own process, so only the
 * editor's path has a coordinator to signal.
 */

/** Runs engine/cancel.ts (one task spinning, one awaiting for ever) and sends `signal` to the CLI once both run. */
function signalMidRun(signal: NodeJS.Signals): Promise<CliResult> {
  const mark = randomUUID();
  let started = 0;
  return runCli(["run", engineFixture("cancel"), "--json"], {
    mark,
    onEvent: (event, child) => {
      if (event.type === "task-start" && ++started === 2) child.kill(signal);
    },
  });
}

/** The same run through the editor's client, with `signal` sent to its coordinator once both tasks run. */
async function signalEditorCoordinator(signal: NodeJS.Signals) {
  const mark = randomUUID();
  const events: RunEvent[] = [];
  let started = 0;
  const run = startRun({ file: engineFixture("cancel"), env: { ...process.env, SEMISYNC_TEST_MARK: mark } });
  run.on("event", (event) => {
    events.push(event);
    if (event.type === "task-start" && ++started === 2) process.kill(coordinatorOf(mark)!, signal);
  });
  return { code: await run.exited, events, mark };
}

describe("faults: signals", () => {
  for (const [signal, code] of [
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const) {
    it(`${signal} to the CLI while tasks run: they are reported cancelled, exit code ${code} as shells expect, no process left`, async () => {
      const result = await signalMidRun(signal);
      assert.equal(result.code, code);
      assert.deepEqual(statuses(result), ["Forever.spin cancelled", "Forever.wait cancelled"]);
      assert.equal(result.stderr, "");
      await nothingLeft(result.mark);
    });
  }

  it("Ctrl-C before any task started (the program still loading): says the run was cancelled, exit code 130, no process left", async () => {
    const result = await runCli(["run", fault("slowStart.ts"), "--json"], {
      onEvent: (event, child) => {
        if (event.type === "output" && event.text.includes("top level started")) child.kill("SIGINT");
      },
    });
    assert.equal(result.code, 130);
    assert.deepEqual(byType(result.events, "run-start"), []);
    assert.deepEqual(
      byType(result.events, "output").map((event) => event.text),
      [
        "top level started\n",
        "semisync: run cancelled before any task started: test/fixtures/faults/slowStart.ts was still loading\n",
      ],
    );
    await nothingLeft(result.mark);
  });

  for (const signal of ["SIGINT", "SIGTERM", "SIGKILL"] as const) {
    it(`${signal} to the editor's coordinator while tasks run: the editor is told so, exit code 2, no worker left`, async () => {
      const result = await signalEditorCoordinator(signal);
      assert.equal(result.code, 2);
      assert.equal(lastRunEnd(result.events), undefined, "no task was reported finished: none finished");
      assert.deepEqual(
        byType(result.events, "graph-error").map((event) => event.message),
        [`semisync's coordinator process was killed by ${signal} before the run finished`],
      );
      await nothingLeft(result.mark);
    });
  }
});
