import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildGraph, graphInputOfRun, highlightOf } from "../../src/pictures/graphModel";
import { NodeStatuses } from "../../src/pictures/nodeStatus";
import { roundsOf } from "../../src/pictures/pictureDocument";
import { TimelineModel } from "../../src/pictures/timelineModel";
import type { RunEvent } from "../../src/shared/protocol";
import { fixtures } from "../helpers/paths";

/** Streams recorded from `semisync run --json` of examples/finance.ts and test/fixtures/engine/failures.ts. */
function recorded(name: string): RunEvent[] {
  return readFileSync(join(fixtures, "pictures", `${name}.jsonl`), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as RunEvent);
}

function runStart(events: RunEvent[]) {
  const start = events.find((event) => event.type === "run-start");
  assert.ok(start?.type === "run-start");
  return start;
}

function folded<T extends { apply(event: RunEvent): void }>(model: T, events: RunEvent[]): T {
  for (const event of events) model.apply(event);
  return model;
}

describe("pictures: the graph model", () => {
  it("groups a run's tasks by file and class, with an edge from each dependency to its dependent", () => {
    const model = buildGraph(graphInputOfRun(runStart(recorded("finance"))));
    assert.deepEqual(model.groups, [
      {
        id: "examples/finance.ts\u0000Finance",
        file: "examples/finance.ts",
        className: "Finance",
        nodes: ["Finance.revenue", "Finance.expenses", "Finance.profit"],
      },
    ]);
    assert.deepEqual(
      model.edges.map(({ from, to, inCycle }) => `${from} -> ${to}${inCycle ? " (cycle)" : ""}`),
      ["Finance.revenue -> Finance.profit", "Finance.expenses -> Finance.profit"],
    );
    assert.deepEqual(model.cycles, []);
    assert.deepEqual(model.dangling, []);
  });

  it("marks every cycle's members and edges, a self-dependency too, and leaves the rest alone", () => {
    const model = buildGraph({
      tasks: ["a", "b", "c", "self", "fine"].map((method) => ({ id: `Loops.${method}`, file: "cycles.ts" })),
      dependencies: {
        "Loops.a": ["Loops.b"],
        "Loops.b": ["Loops.c"],
        "Loops.c": ["Loops.a"],
        "Loops.self": ["Loops.self"],
        "Loops.fine": ["Loops.a"],
      },
    });
    assert.deepEqual(
      model.nodes.filter((node) => node.inCycle).map((node) => node.id),
      ["Loops.a", "Loops.b", "Loops.c", "Loops.self"],
    );
    assert.deepEqual(
      model.edges.filter((edge) => !edge.inCycle).map(({ from, to }) => `${from} -> ${to}`),
      ["Loops.a -> Loops.fine"],
    );
    assert.deepEqual(
      model.cycles.map((cycle) => cycle.path.join(" -> ")),
      ["Loops.a -> Loops.b -> Loops.c -> Loops.a", "Loops.self -> Loops.self"],
    );
  });

  it("draws a dependency that names no task as a dangling edge labelled with the name written", () => {
    const model = buildGraph({
      tasks: [{ id: "Books.revenue" }, { id: "Books.profit" }],
      dependencies: { "Books.profit": ["Books.revenue", "Books.missing"] },
      unknown: [{ task: "Books.profit", name: "revenu" }],
    });
    assert.deepEqual(model.dangling, [
      { to: "Books.profit", label: "Books.missing" },
      { to: "Books.profit", label: "revenu" },
    ]);
    assert.deepEqual(
      model.edges.map(({ from, to }) => `${from} -> ${to}`),
      ["Books.revenue -> Books.profit"],
    );
  });

  it("lights up everything a selected task needs and everything that needs it, and nothing beside", () => {
    const model = buildGraph({
      tasks: ["A.load", "A.clean", "A.join", "A.report", "A.mail", "B.apart"].map((id) => ({ id })),
      dependencies: { "A.clean": ["A.load"], "A.join": ["A.clean"], "A.report": ["A.join"], "A.mail": ["A.report"] },
    });
    const lit = highlightOf(model, "A.join");
    assert.deepEqual([...lit.upstream].sort(), ["A.clean", "A.load"]);
    assert.deepEqual([...lit.downstream].sort(), ["A.mail", "A.report"]);
  });
});

describe("pictures: each task's state", () => {
  it("names the failure a skipped task was skipped for, and gives a finished task its duration", () => {
    const statuses = folded(new NodeStatuses(), recorded("failures"));
    assert.deepEqual(statuses.state("Pipeline.broken"), {
      status: "failed",
      calls: 1,
      waitingFor: [],
      durationMs: 61,
      reason: undefined,
    });
    for (const skipped of ["Pipeline.report", "Pipeline.publish"]) {
      const state = statuses.state(skipped)!;
      assert.equal(state.status, "skipped");
      assert.equal(state.rootFailure, "Pipeline.broken");
      assert.equal(state.durationMs, undefined);
    }
    assert.equal(statuses.state("Pipeline.independent")?.status, "succeeded");
    assert.equal(statuses.state("Pipeline.independent")?.durationMs, 192);
  });

  it("says while a run goes what a waiting task still waits for, and that a started one runs", () => {
    const events = recorded("finance");
    const statuses = folded(
      new NodeStatuses(),
      events.slice(0, events.findIndex((event) => event.type === "task-succeeded") + 1),
    );
    assert.equal(statuses.state("Finance.revenue")?.status, "succeeded");
    assert.equal(statuses.state("Finance.expenses")?.status, "running");
    assert.deepEqual(statuses.state("Finance.profit")?.waitingFor, ["Finance.expenses"]);
    assert.equal(statuses.state("Finance.profit")?.status, "queued");
  });
});

describe("pictures: the timeline model", () => {
  it("makes a row per call grouped by class, bars split where the task returned, and the summary line", () => {
    const timeline = folded(new TimelineModel(), recorded("finance")).timeline();
    assert.deepEqual(
      timeline.groups.map((group) => [group.className, group.rows.map((row) => row.key)]),
      [["Finance", ["Finance.expenses", "Finance.revenue", "Finance.profit"]]],
    );
    const revenue = timeline.groups[0].rows[1];
    assert.deepEqual(
      [revenue.startMs, revenue.returnedAtMs, revenue.endMs, revenue.status],
      [84, 386, 400, "succeeded"],
    );
    assert.deepEqual(timeline.criticalPath, ["Finance.expenses", "Finance.profit"]);
    // 316 + 513 + 1 ms of work in 550 ms.
    assert.equal(
      timeline.summary,
      "0.83 s of work in 0.55 s: 1.51× faster than one at a time, 2 workers, critical path Finance.expenses → Finance.profit",
    );
  });

  it("gives skipped calls a row without a bar, with the reason, and ends the critical path where the run ended", () => {
    const timeline = folded(new TimelineModel(), recorded("failures")).timeline();
    const rows = timeline.groups.flatMap((group) => group.rows);
    const report = rows.find((row) => row.key === "Pipeline.report")!;
    assert.deepEqual(
      [report.status, report.startMs, report.reason],
      ["skipped", undefined, "upstream failed: Pipeline.broken"],
    );
    assert.deepEqual(timeline.criticalPath, ["Pipeline.independent"]);
    assert.match(timeline.summary!, /^0\.25 s of work in 0\.29 s: 1\.14× slower than one at a time, 2 workers,/);
  });

  it("follows the critical path through the call of a dependency that ended last, not its first call", () => {
    const events: RunEvent[] = [
      {
        type: "run-start",
        version: 3,
        runId: 1,
        maxWorkers: 2,
        tasks: [
          { key: "A.fetch", id: "A.fetch", call: 0, implicit: false },
          { key: "A.fetch#2", id: "A.fetch", call: 1, implicit: false },
          { key: "A.quick", id: "A.quick", call: 0, implicit: false },
          { key: "A.sum", id: "A.sum", call: 0, implicit: false },
        ],
        dependencies: { "A.sum": ["A.fetch", "A.quick"] },
      },
      { type: "task-start", key: "A.fetch", atMs: 0, worker: 1 },
      { type: "task-start", key: "A.fetch#2", atMs: 0, worker: 2 },
      { type: "task-succeeded", key: "A.fetch", atMs: 100, durationMs: 100 },
      { type: "task-start", key: "A.quick", atMs: 100, worker: 1 },
      { type: "task-succeeded", key: "A.quick", atMs: 150, durationMs: 50 },
      { type: "task-succeeded", key: "A.fetch#2", atMs: 300, durationMs: 300 },
      { type: "task-start", key: "A.sum", atMs: 300, worker: 1 },
      { type: "task-succeeded", key: "A.sum", atMs: 310, durationMs: 10 },
      { type: "run-end", runId: 1, durationMs: 310, ok: true, tasks: [] },
    ];
    const timeline = folded(new TimelineModel(), events).timeline();
    assert.deepEqual(timeline.criticalPath, ["A.fetch#2", "A.sum"]);
    assert.equal(
      timeline.summary,
      "0.46 s of work in 0.31 s: 1.48× faster than one at a time, 2 workers, critical path A.fetch → A.sum",
    );
    const marked = timeline.groups.flatMap((group) => group.rows).filter((row) => row.critical);
    assert.deepEqual(
      marked.map((row) => row.key),
      ["A.fetch#2", "A.sum"],
    );
  });

  it("through Redis, names each row's semisync worker and counts a process id once per machine", () => {
    const events: RunEvent[] = [
      {
        type: "run-start",
        version: 4,
        runId: 1,
        maxWorkers: 256,
        tasks: ["A.one", "A.two"].map((key) => ({ key, id: key, call: 0, implicit: false })),
        dependencies: {},
      },
      // Two machines, each running its task in a process that happens to have the same id.
      { type: "task-start", key: "A.one", atMs: 0, worker: 40, workerName: "build-1" },
      { type: "task-start", key: "A.two", atMs: 0, worker: 40, workerName: "build-2" },
      { type: "task-succeeded", key: "A.one", atMs: 100, durationMs: 100 },
      { type: "task-succeeded", key: "A.two", atMs: 100, durationMs: 100 },
      { type: "run-end", runId: 1, durationMs: 100, ok: true, tasks: [] },
    ];
    const timeline = folded(new TimelineModel(), events).timeline();
    assert.deepEqual(
      timeline.groups[0].rows.map((row) => [row.key, row.worker, row.workerName]),
      [
        ["A.one", 40, "build-1"],
        ["A.two", 40, "build-2"],
      ],
    );
    assert.equal(timeline.workers, 2);
  });

  it("through Redis, counts the semisync workers by name and says so, however many calls each ran at once", () => {
    const events: RunEvent[] = [
      {
        type: "run-start",
        version: 4,
        runId: 1,
        maxWorkers: 256,
        tasks: ["A.one", "A.two", "A.three"].map((key) => ({ key, id: key, call: 0, implicit: false })),
        dependencies: {},
      },
      // build-2 runs with --concurrency 2: two calls at once, one worker.
      { type: "task-start", key: "A.one", atMs: 0, worker: 1, workerName: "build-2" },
      { type: "task-start", key: "A.two", atMs: 0, worker: 1, workerName: "build-2" },
      { type: "task-succeeded", key: "A.one", atMs: 100, durationMs: 100 },
      { type: "task-succeeded", key: "A.two", atMs: 100, durationMs: 100 },
      { type: "run-end", runId: 1, durationMs: 100, ok: true, tasks: [] },
    ];
    const one = folded(new TimelineModel(), events);
    assert.match(one.timeline().summary!, /, 1 semisync worker, /);
    const two = folded(new TimelineModel(), [
      ...events.slice(0, 3),
      { type: "task-start", key: "A.three", atMs: 0, worker: 2, workerName: "build-3" },
      { type: "task-succeeded", key: "A.three", atMs: 100, durationMs: 100 },
      ...events.slice(3),
    ]);
    assert.match(two.timeline().summary!, /, 2 semisync workers, /);
  });

  it("grows a running call's bar to now, and has no summary before the run ends", () => {
    const events = recorded("finance");
    const timeline = folded(new TimelineModel(), events.slice(0, 6)).timeline(200);
    const running = timeline.groups[0].rows.filter((row) => row.status === "running");
    assert.deepEqual(
      running.map((row) => [row.key, row.endMs]),
      [
        ["Finance.expenses", 200],
        ["Finance.revenue", 200],
      ],
    );
    assert.equal(timeline.summary, undefined);
  });

  it("splits a program's events into its rounds, one per begin()", () => {
    const finance = recorded("finance");
    assert.deepEqual(
      roundsOf([...finance, ...finance]).map((round) => round.length),
      [finance.length, finance.length],
    );
  });
});
