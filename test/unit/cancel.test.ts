import { strict as assert } from "node:assert";
import { join } from "node:path";
import { RunProgress, signalExitCode } from "../../src/cli/cancel";
import type { RunEvent } from "../../src/shared/protocol";

const file = join(process.cwd(), "books.ts");
const start: RunEvent = { type: "run-start", version: 2, runId: 1, maxWorkers: 2, tasks: [], dependencies: {} };
const end: RunEvent = { type: "run-end", runId: 1, durationMs: 5, ok: false, tasks: [] };

function progressAfter(before: RunEvent[], after: RunEvent[] = []): RunProgress {
  const progress = new RunProgress();
  for (const event of before) progress.onEvent(event);
  progress.cancelled();
  for (const event of after) progress.onEvent(event);
  return progress;
}

describe("cli: a cancelled run", () => {
  it("exits 128 + the signal's number, as shells report a process a signal stopped", () => {
    assert.deepEqual((["SIGINT", "SIGTERM", "SIGHUP"] as const).map(signalExitCode), [130, 143, 129]);
  });

  it("says it was cancelled when no summary will: before any task, between rounds, or cut short", () => {
    assert.equal(
      progressAfter([]).cancelNote(file),
      "semisync: run cancelled before any task started: books.ts was still loading\n",
    );
    assert.equal(
      progressAfter([start, end]).cancelNote(file),
      "semisync: run cancelled after 1 round of tasks, before books.ts began another\n",
    );
    assert.equal(
      progressAfter([start]).cancelNote(file),
      "semisync: run cancelled; the tasks still running were stopped\n",
    );
  });

  it("says nothing more when the round's summary reports the cancelled tasks, or nothing was cancelled", () => {
    assert.equal(progressAfter([start], [end]).cancelNote(file), undefined);
    const notCancelled = new RunProgress();
    notCancelled.onEvent(start);
    assert.equal(notCancelled.cancelNote(file), undefined);
  });
});
