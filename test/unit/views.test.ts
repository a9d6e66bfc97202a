import { strict as assert } from "node:assert";
import type { RunEvent } from "../../src/shared/protocol";
import { formatDuration } from "../../src/shared/format";
import { JsonView, LiveView, PlainView } from "../../src/cli/views";

const run: RunEvent[] = [
  {
    type: "run-start",
    version: 1,
    runId: 1,
    maxWorkers: 2,
    tasks: ["A.one", "A.two", "A.three"].map((key) => ({ key, id: key, call: 0, implicit: false })),
    dependencies: { "A.one": [], "A.two": [], "A.three": [] },
  },
  { type: "task-start", key: "A.one", atMs: 1, worker: 10 },
  { type: "task-start", key: "A.two", atMs: 1, worker: 11 },
  { type: "output", stream: "stdout", text: "program says hi\n" },
  { type: "output", key: "A.one", stream: "callback", text: "Revenue: $5\n" },
  { type: "task-succeeded", key: "A.one", atMs: 301, durationMs: 300 },
  {
    type: "task-failed",
    key: "A.two",
    atMs: 320,
    durationMs: 319,
    error: { name: "Error", message: "boom", stack: "Error: boom\n    at two (a.ts:3:9)" },
  },
  { type: "task-skipped", key: "A.three", reason: "upstream failed: A.two" },
  {
    type: "run-end",
    runId: 1,
    durationMs: 321,
    ok: false,
    tasks: [
      { key: "A.one", id: "A.one", call: 0, status: "succeeded", startMs: 1, endMs: 301 },
      {
        key: "A.two",
        id: "A.two",
        call: 0,
        status: "failed",
        startMs: 1,
        endMs: 320,
        error: { name: "Error", message: "boom", stack: "Error: boom\n    at two (a.ts:3:9)" },
      },
      { key: "A.three", id: "A.three", call: 0, status: "skipped", reason: "upstream failed: A.two" },
    ],
  },
];

const render = (make: (out: (text: string) => void) => { onEvent(event: RunEvent): void; close(): void }) => {
  let text = "";
  const view = make((chunk) => (text += chunk));
  for (const event of run) view.onEvent(event);
  view.close();
  return text;
};

/** What stays on screen in both human views: finished tasks with their output, then the summary. */
const finished = [
  "program says hi",
  "✓ succeeded A.one  300 ms",
  "    Revenue: $5",
  "✗ failed    A.two  319 ms",
  "    Error: boom",
  "        at two (a.ts:3:9)",
  "- skipped   A.three  upstream failed: A.two",
  "1 succeeded, 1 failed, 1 skipped in 321 ms",
];

describe("cli: views", () => {
  it("plain view: one line per finished task with status in words, its output and error under it, a summary", () => {
    assert.equal(
      render((out) => new PlainView(out, out)),
      ["semisync: 3 tasks, up to 2 computing at once", ...finished, ""].join("\n"),
    );
  });

  it("JSON view: one event per line, the run-end line last, skipped tasks without times, errors without stacks", () => {
    const lines = render((out) => new JsonView(out))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    assert.equal(lines.length, run.length);
    const end = lines[lines.length - 1];
    assert.equal(end.type, "run-end");
    assert.deepEqual(end.tasks[2], {
      key: "A.three",
      id: "A.three",
      call: 0,
      status: "skipped",
      reason: "upstream failed: A.two",
    });
    assert.deepEqual(end.tasks[1].error, { name: "Error", message: "boom" });
  });

  it("live view: redraws running tasks in place and leaves finished ones printed for good", () => {
    const text = render((out) => new LiveView(out, out, () => 24));
    assert.deepEqual(applyAnsi(text), finished);
    assert.match(text.replace(/\x1b\[\d*m/g, ""), /▸ running {3}A\.one/, "running tasks were shown while they ran");
  });
});

describe("cli: views of a run through Redis", () => {
  /** The same run, its tasks on semisync workers: a run-start bounded by `maxWorkers`, each start naming its worker. */
  const throughRedis = (maxWorkers: number) =>
    run.map((event): RunEvent => {
      if (event.type === "run-start") return { ...event, maxWorkers };
      if (event.type === "task-start") return { ...event, workerName: event.key === "A.one" ? "build-1" : "build-2" };
      return event;
    });
  const renderRun = (events: RunEvent[], make: (out: (text: string) => void) => PlainView | LiveView) => {
    let text = "";
    const view = make((chunk) => (text += chunk));
    for (const event of events) view.onEvent(event);
    view.close();
    return text;
  };

  it("plain view: the header says where the tasks go, not a bound the workers' concurrency sets; each task names its worker", () => {
    const text = renderRun(throughRedis(256), (out) => new PlainView(out, out, false, "redis://alice:***@queue:6379"));
    assert.deepEqual(text.split("\n").slice(0, 6), [
      "semisync: 3 tasks, sent to semisync workers through Redis at redis://alice:***@queue:6379",
      "program says hi",
      "✓ succeeded A.one  300 ms  on build-1",
      "    Revenue: $5",
      "✗ failed    A.two  319 ms  on build-2",
      "    Error: boom",
    ]);
    assert.match(text, /^- skipped {3}A\.three {2}upstream failed: A\.two$/m, "a task never started names no worker");
  });

  it("plain view: a --max-workers chosen below the default is said as the bound on what is out at once", () => {
    const [header] = renderRun(throughRedis(8), (out) => new PlainView(out, out, false, "redis://queue:6379")).split(
      "\n",
    );
    assert.equal(
      header,
      "semisync: 3 tasks, sent to semisync workers through Redis at redis://queue:6379, up to 8 at once",
    );
  });

  it("live view: the first line says where the tasks go, as the plain view's does; a local run's live view has none", () => {
    const url = "redis://alice:***@queue:6379";
    const text = renderRun(throughRedis(256), (out) => new LiveView(out, out, () => 24, url));
    assert.equal(
      applyAnsi(text)[0],
      "semisync: 3 tasks, sent to semisync workers through Redis at redis://alice:***@queue:6379",
    );
    assert.ok(!render((out) => new LiveView(out, out, () => 24)).includes("semisync: 3 tasks"));
  });

  it("live view: a running task names the worker it runs on", () => {
    const text = renderRun(throughRedis(256).slice(0, 2), (out) => new LiveView(out, out, () => 24));
    assert.match(text.replace(/\x1b\[\d*m/g, ""), /▸ running {3}A\.one {2}\d+ ms {2}on build-1/);
  });
});

describe("cli: views of a run of thousands of tasks", () => {
  it("live view: draws the unfinished tasks a terminal has room for, at most once per 100 ms however many events come", () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => `Big.t${i}`);
    let text = "";
    const view = new LiveView(
      (chunk) => (text += chunk),
      (chunk) => (text += chunk),
      () => 24,
    );
    const started = performance.now();
    view.onEvent({
      type: "run-start",
      version: 3,
      runId: 1,
      maxWorkers: 2,
      tasks: keys.map((key) => ({ key, id: key, call: 0, implicit: false })),
      dependencies: Object.fromEntries(keys.map((key) => [key, []])),
    });
    for (const key of keys) view.onEvent({ type: "task-start", key, atMs: 1, worker: 1 });
    const elapsed = performance.now() - started;
    view.close();
    const draws = text.split("… and ").length - 1;
    assert.ok(draws >= 1, "the running tasks were drawn");
    assert.ok(draws <= 1 + Math.ceil(elapsed / 100), `${draws} redraws in ${Math.round(elapsed)} ms`);
    assert.match(text, /… and \d+ more\n/, "one line says how many more there are");
  });
});

describe("cli: durations", () => {
  it("reads as whole milliseconds below a second, seconds above", () => {
    assert.equal(formatDuration(295.4253050000001), "295 ms");
    assert.equal(formatDuration(1234), "1.23 s");
  });
});

/** What a terminal shows after the text: colours dropped, `ESC[nF ESC[J` erasing the last n lines. */
function applyAnsi(text: string): string[] {
  const lines: string[] = [""];
  const pattern = /\x1b\[(\d*)([A-Za-z])|([^\x1b]+)/g;
  for (const [, count, command, plain] of text.matchAll(pattern)) {
    if (plain !== undefined) {
      const parts = plain.split("\n");
      lines[lines.length - 1] += parts[0];
      for (const part of parts.slice(1)) lines.push(part);
    } else if (command === "F") {
      lines.splice(lines.length - 1 - Number(count), Number(count) + 1, "");
    }
  }
  return lines.filter((line, i) => line !== "" || i < lines.length - 1);
}
