import { strict as assert } from "node:assert";
import { join } from "node:path";
import {
  buildGraph,
  collapseGroups,
  graphInputOfScan,
  graphInputOfRun,
  groupNodeId,
  type GraphModel,
} from "../../src/pictures/graphModel";
import { NodeStatuses, nodeOfRunTask, statesByNode } from "../../src/pictures/nodeStatus";
import { scanPaths } from "../../src/scanner/scan";
import type { RunEvent } from "../../src/shared/protocol";
import { layoutGraph } from "../../src/webview/graphLayout";
import { fixtures } from "../helpers/paths";

/** Two programs in one folder, books/ and shop/, each declaring Finance.revenue and Finance.profit. */
const folder = join(fixtures, "groups");
const twins = () => {
  const scanned = scanPaths(["."], folder);
  return buildGraph(graphInputOfScan(scanned.tasks, scanned.problems));
};
const edgesOf = (model: GraphModel) => model.edges.map(({ from, to }) => `${from} -> ${to}`).sort();
const BOOKS = "books/finance.ts";
const SHOP = "shop/finance.ts";

describe("pictures: tasks grouped by file, then by class", () => {
  const model = buildGraph({
    tasks: [
      { id: "Prices.load", file: "load.ts" },
      { id: "Volumes.load", file: "load.ts" },
      { id: "Volumes.clean", file: "load.ts" },
      { id: "Sums.total", file: "sums.ts" },
    ],
    dependencies: {
      "Volumes.clean": ["Volumes.load"],
      "Sums.total": ["Prices.load", "Volumes.clean"],
    },
  });
  const load = model.files.find((file) => file.file === "load.ts")!;

  it("puts each file's classes in a group of the file, each task in its class's", () => {
    assert.deepEqual(
      model.files.map((file) => [file.file, file.classes.map((id) => id.split("\u0000")[1]), file.nodes]),
      [
        ["load.ts", ["Prices", "Volumes"], ["Prices.load", "Volumes.load", "Volumes.clean"]],
        ["sums.ts", ["Sums"], ["Sums.total"]],
      ],
    );
    assert.deepEqual(
      model.nodes.map((node) => [node.id, node.fileGroup]),
      [
        ["Prices.load", load.id],
        ["Volumes.load", load.id],
        ["Volumes.clean", load.id],
        ["Sums.total", model.files[1].id],
      ],
    );
  });

  it("draws no file group for a graph of one file: it would only frame the whole picture", () => {
    const single = buildGraph({
      tasks: [
        { id: "A.x", file: "a.ts" },
        { id: "B.y", file: "a.ts" },
      ],
      dependencies: {},
    });
    assert.deepEqual(single.files, []);
    assert.equal(single.groups.length, 2);
    assert.equal(
      single.nodes.some((node) => "fileGroup" in node),
      false,
    );
  });

  it("folds a file into one node that counts its classes and tasks, its edges to and from it once per neighbour", () => {
    const shown = collapseGroups(model, new Set([load.id]));
    const node = shown.nodes.find((each) => each.id === groupNodeId(load.id))!;
    assert.deepEqual([node.className, node.method, node.members], ["load.ts", "2 classes, 3 tasks", load.nodes]);
    assert.deepEqual(edgesOf(shown), [`${groupNodeId(load.id)} -> Sums.total`]);
    assert.deepEqual(
      shown.files.map((file) => file.file),
      ["sums.ts"],
    );
    assert.deepEqual(
      shown.groups.map((group) => group.className),
      ["Sums"],
      "the folded file's classes are not drawn",
    );
  });

  it("keeps a class folded inside a folded file, and folded again when the file opens", () => {
    const volumes = model.groups.find((group) => group.className === "Volumes")!.id;
    const both = collapseGroups(model, new Set([load.id, volumes]));
    assert.deepEqual(
      both.nodes.map((node) => node.id),
      ["Sums.total", groupNodeId(load.id)],
    );
    const classOnly = collapseGroups(model, new Set([volumes]));
    const folded = classOnly.nodes.find((node) => node.id === groupNodeId(volumes))!;
    assert.equal(folded.fileGroup, load.id, "a folded class stays in its file's band");
    assert.deepEqual(classOnly.files[0].nodes, ["Prices.load", groupNodeId(volumes)]);
  });
});

describe("pictures: a task is unique per file", () => {
  it("gives two files' Finance.profit a node each, labelled Class.method, with the edges the scanner resolved", () => {
    const model = twins();
    const profits = model.nodes.filter((node) => node.task === "Finance.profit");
    assert.deepEqual(
      profits.map((node) => [node.id, node.className, node.method, node.file]),
      [
        [`${BOOKS}\u0000Finance.profit`, "Finance", "profit", BOOKS],
        [`${SHOP}\u0000Finance.profit`, "Finance", "profit", SHOP],
      ],
    );
    assert.deepEqual(edgesOf(model), [
      `Finance.costs -> ${SHOP}\u0000Finance.profit`,
      `${BOOKS}\u0000Finance.revenue -> ${BOOKS}\u0000Finance.profit`,
      `${SHOP}\u0000Finance.profit -> Report.print`,
      `${SHOP}\u0000Finance.revenue -> ${SHOP}\u0000Finance.profit`,
    ]);
    assert.deepEqual(
      model.groups.map((group) => [group.file, group.className, group.nodes.length]),
      [
        [BOOKS, "Finance", 2],
        [SHOP, "Finance", 3],
        ["shop/report.ts", "Report", 1],
      ],
    );
  });

  it("puts an unknown dependency on its own file's task", () => {
    const model = buildGraph({
      tasks: [
        { id: "A.x", file: "one.ts", dependsOn: [] },
        { id: "A.x", file: "two.ts", dependsOn: [] },
      ],
      unknown: [{ task: "A.x", file: "two.ts", name: "A.missing" }],
    });
    assert.deepEqual(model.dangling, [{ to: "two.ts\u0000A.x", label: "A.missing" }]);
  });

  it("folds one file's Finance without the other's", () => {
    const model = twins();
    const books = model.groups.find((group) => group.file === BOOKS)!.id;
    const shown = collapseGroups(model, new Set([books]));
    assert.equal(shown.nodes.filter((node) => node.task === "Finance.profit").length, 1);
    assert.deepEqual(shown.nodes.find((node) => node.members)?.members, [
      `${BOOKS}\u0000Finance.revenue`,
      `${BOOKS}\u0000Finance.profit`,
    ]);
  });
});

describe("pictures: a run's statuses on the nodes of its file", () => {
  /** A run of shop's Report.print as the editor runs it: its tasks named by their full paths. */
  const shopRun = (root: string, separator = "/"): RunEvent[] => {
    const file = (name: string) => [root, "shop", name].join(separator);
    return [
      {
        type: "run-start",
        version: 4,
        runId: 1,
        maxWorkers: 2,
        tasks: [
          { key: "Finance.revenue", id: "Finance.revenue", call: 0, implicit: true, file: file("finance.ts") },
          { key: "Finance.costs", id: "Finance.costs", call: 0, implicit: true, file: file("finance.ts") },
          { key: "Finance.profit", id: "Finance.profit", call: 0, implicit: true, file: file("finance.ts") },
          { key: "Report.print", id: "Report.print", call: 0, implicit: false, file: file("report.ts") },
        ],
        dependencies: {
          "Finance.profit": ["Finance.revenue", "Finance.costs"],
          "Report.print": ["Finance.profit"],
        },
      },
      { type: "task-start", key: "Finance.revenue", atMs: 1, worker: 1 },
      { type: "task-failed", key: "Finance.revenue", atMs: 5, durationMs: 4, error: { name: "Error", message: "no" } },
    ];
  };
  const statusesOf = (events: RunEvent[]) => {
    const statuses = new NodeStatuses();
    for (const event of events) statuses.apply(event);
    return statuses;
  };

  it("finds the node of a run's task in its own file, for a timeline row that opens it", () => {
    const model = twins();
    const statuses = statusesOf(shopRun("/home/me/groups"));
    const node = nodeOfRunTask(model.nodes, "Finance.profit", statuses.fileOf("Finance.profit"));
    assert.equal(node?.id, `${SHOP}\u0000Finance.profit`);
  });

  it("shows a run of shop/ on shop's Finance tasks, and leaves books' with the same names alone", () => {
    const model = twins();
    const states = statesByNode(model.nodes, statusesOf(shopRun("/home/me/groups")));
    assert.deepEqual(
      [...states].map(([id, state]) => [id, state.status]),
      [
        [`${SHOP}\u0000Finance.revenue`, "failed"],
        ["Finance.costs", "queued"],
        [`${SHOP}\u0000Finance.profit`, "queued"],
        ["Report.print", "queued"],
      ],
    );
  });

  it("tells sub/finance.ts from finance.ts: the file the run's path ends with the longest", () => {
    const nodes = [
      { id: "finance.ts\u0000Finance.revenue", task: "Finance.revenue", file: "finance.ts" },
      { id: "shop/finance.ts\u0000Finance.revenue", task: "Finance.revenue", file: "shop/finance.ts" },
    ];
    assert.deepEqual(
      [...statesByNode(nodes, statusesOf(shopRun("/work/groups"))).keys()],
      ["shop/finance.ts\u0000Finance.revenue"],
    );
    assert.deepEqual(
      [...statesByNode(nodes, statusesOf(shopRun("C:\\work\\groups", "\\"))).keys()],
      ["shop/finance.ts\u0000Finance.revenue"],
      "and with Windows' backslashes",
    );
  });

  it("shows a run on the graph drawn from it, and not on another program's task of the same name", () => {
    const events = shopRun("/elsewhere");
    const start = events[0] as Extract<RunEvent, { type: "run-start" }>;
    const fromRun = buildGraph(graphInputOfRun(start));
    assert.equal(statesByNode(fromRun.nodes, statusesOf(events)).size, 4);
    const another = buildGraph({ tasks: [{ id: "Report.print", file: "books/report.ts" }], dependencies: {} });
    assert.deepEqual([...statesByNode(another.nodes, statusesOf(events)).keys()], []);
    assert.equal(nodeOfRunTask(another.nodes, "Report.print", "/elsewhere/shop/report.ts"), undefined);
  });
});

describe("webview: the layout of nested groups", () => {
  const model = buildGraph({
    tasks: ["A.a", "B.b", "A.c", "C.d", "B.e", "D.f"].map((id) => ({
      id,
      file: "AB".includes(id[0]) ? "ab.ts" : "cd.ts",
    })),
    dependencies: {},
  });

  it("keeps a file's tasks together in a column, and each class's inside it", () => {
    const layout = layoutGraph(model);
    const top = (id: string) => layout.nodes.get(id)!.y;
    const order = [...layout.nodes.keys()].sort((a, b) => top(a) - top(b)).map((id) => id[0]);
    const files = order.map((letter) => ("AB".includes(letter) ? "ab" : "cd"));
    assert.ok(/^(ab)+(cd)+$|^(cd)+(ab)+$/.test(files.join("")), order.join(""));
    assert.ok(/^(A+B+|B+A+)(C+D+|D+C+)$|^(C+D+|D+C+)(A+B+|B+A+)$/.test(order.join("")), order.join(""));
  });

  it("draws each file's band around its classes' bands, and apart from the other file's", () => {
    const layout = layoutGraph(model);
    const inside = (inner: { x: number; y: number; width: number; height: number }, outer: typeof inner) =>
      inner.x >= outer.x &&
      inner.y >= outer.y &&
      inner.x + inner.width <= outer.x + outer.width &&
      inner.y + inner.height <= outer.y + outer.height;
    for (const file of model.files) {
      const [band] = layout.files.find((each) => each.id === file.id)!.bands;
      for (const group of file.classes)
        assert.ok(inside(layout.groups.find((each) => each.id === group)!.bands[0], band), `${group} in ${file.file}`);
      assert.ok(band.y >= 0, `${file.file}'s header is inside the drawing`);
    }
    const [ab, cd] = layout.files.map((file) => file.bands[0]);
    assert.ok(ab.y + ab.height <= cd.y || cd.y + cd.height <= ab.y, "the two files' bands do not overlap");
  });

  it("keeps files' bands apart, and classes' bands, when an edge passes between two files in a column", () => {
    type Box = { x: number; y: number; width: number; height: number };
    const overlap = (a: Box, b: Box) =>
      a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    let seed = 1;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let graph = 0; graph < 100; graph++) {
      const files = 2 + Math.floor(random() * 3);
      const tasks = Array.from({ length: 6 + Math.floor(random() * 20) }, (_, i) => ({
        id: `C${Math.floor(random() * 3)}.m${i}`,
        file: `f${Math.floor(random() * files)}.ts`,
        dependsOn: [] as Array<{ task: string; file: string }>,
      }));
      for (const task of tasks)
        for (let k = 0; k < 2; k++) {
          const dependency = tasks[Math.floor(random() * tasks.length)];
          if (random() < 0.5 && dependency !== task)
            task.dependsOn.push({ task: dependency.id, file: dependency.file });
        }
      const layout = layoutGraph(buildGraph({ tasks }));
      for (const bands of [layout.files, layout.groups])
        bands.forEach((one, i) =>
          bands.slice(i + 1).forEach((other) => {
            for (const a of one.bands)
              for (const b of other.bands)
                assert.ok(!overlap(a, b), `graph ${graph}: ${one.id} and ${other.id} overlap`);
          }),
        );
    }
  });
});
