import { strict as assert } from "node:assert";
import { join, relative } from "node:path";
import { graphMessage, taskToOpen } from "../../src/extension/graphPanelDocument";
import { graphPanelPage } from "../../src/extension/graphPanelPage";
import { scanPaths } from "../../src/scanner/scan";
import { isFromPanel, isToPanel, panelStateOf } from "../../src/shared/panelMessages";
import { fixtures } from "../helpers/paths";

const folder = join(fixtures, "editor");
const scanned = scanPaths(["."], folder);
/** As the editor has them: every path absolute, a dependency's resolved file too. */
const absolute = {
  tasks: scanned.tasks.map((task) => ({
    ...task,
    file: join(folder, task.file),
    dependencyLocations: task.dependencyLocations.map((at) =>
      at.targetFile ? { ...at, targetFile: join(folder, at.targetFile) } : at,
    ),
  })),
  problems: scanned.problems.map((problem) => ({ ...problem, file: join(folder, problem.file) })),
};
const message = (scope: Parameters<typeof graphMessage>[0]) =>
  graphMessage(scope, absolute.tasks, absolute.problems, (file) => relative(folder, file));

describe("graph panel: what it draws for a scope", () => {
  it("a task's scope is every task joined to it, across files, with each task's file and line", () => {
    const drawn = message({ kind: "task", file: join(folder, "report.ts"), task: "Report.print" });
    assert.deepEqual(drawn.graph.tasks.map((task) => task.id).sort(), [
      "Audit.check",
      "Finance.expenses",
      "Finance.profit",
      "Finance.revenue",
      "Report.print",
    ]);
    assert.deepEqual(
      drawn.graph.tasks.find((task) => task.id === "Finance.profit"),
      {
        id: "Finance.profit",
        file: "finance.ts",
        line: 25,
        dependsOn: [
          { task: "Finance.revenue", file: "finance.ts" },
          { task: "Finance.expenses", file: "finance.ts" },
        ],
      },
    );
    assert.deepEqual(drawn.graph.tasks.find((task) => task.id === "Report.print")?.dependsOn, [
      { task: "Finance.profit", file: "finance.ts" },
    ]);
    assert.equal(drawn.title, "The graph of Report.print");
    assert.deepEqual(drawn.problems, [], "no problem of another graph's file");
  });

  it("a cycle's scope carries its problems, located", () => {
    const drawn = message({ kind: "task", file: join(folder, "loop.ts"), task: "Loop.first" });
    assert.deepEqual(drawn.graph.tasks.map((task) => task.id).sort(), ["Loop.first", "Loop.second"]);
    assert.ok(
      drawn.problems.some((problem) => problem.message.startsWith("loop.ts:4:3 dependency cycle: Loop.first")),
      JSON.stringify(drawn.problems),
    );
  });

  it("a folder's scope is all its tasks; a task no longer declared draws nothing", () => {
    assert.equal(message({ kind: "folder", folder }).graph.tasks.length, scanned.tasks.length);
    assert.equal(message({ kind: "folder", folder }).title, "Every task in editor");
    assert.deepEqual(message({ kind: "task", file: join(folder, "loop.ts"), task: "Loop.gone" }).graph.tasks, []);
  });

  it("an unknown dependency becomes a dangling edge of its task", () => {
    const task = { ...absolute.tasks[0], id: "Typo.task", dependencies: [] };
    const typo = {
      ...absolute.problems[0],
      code: "SS002" as const,
      file: task.file,
      message: 'Typo.task: dependency "Finance.revenu" is not a known task; did you mean "Finance.revenue"?',
    };
    const drawn = graphMessage({ kind: "task", file: task.file, task: "Typo.task" }, [task], [typo], (file) => file);
    assert.deepEqual(drawn.graph.unknown, [{ task: "Typo.task", file: task.file, name: "Finance.revenu" }]);
  });

  it("is a message the page accepts", () => {
    assert.ok(isToPanel(message({ kind: "folder", folder })));
  });
});

describe("graph panel: two programs in one folder, each with its Finance.profit", () => {
  const twins = join(fixtures, "groups");
  const { tasks } = scanPaths(["."], twins);
  const inFolder = tasks.map((task) => ({
    ...task,
    file: join(twins, task.file),
    dependencyLocations: task.dependencyLocations.map((at) =>
      at.targetFile ? { ...at, targetFile: join(twins, at.targetFile) } : at,
    ),
  }));
  const shown = (file: string) => relative(twins, file);
  const report = { kind: "task" as const, file: join(twins, "shop", "report.ts"), task: "Report.print" };

  it("a task's graph follows the file each dependency resolves to, not every task of that name", () => {
    const drawn = graphMessage(report, inFolder, [], shown);
    assert.deepEqual(
      drawn.graph.tasks.map((task) => `${task.file} ${task.id}`),
      [
        "shop/finance.ts Finance.revenue",
        "shop/finance.ts Finance.costs",
        "shop/finance.ts Finance.profit",
        "shop/report.ts Report.print",
      ],
    );
    assert.ok(isToPanel(drawn));
  });

  it("opens the task of the file the page names, and nothing for a file outside the graph shown", () => {
    const open = (scope: Parameters<typeof taskToOpen>[0], id: string, file?: string) => {
      const task = taskToOpen(scope, inFolder, shown, id, file);
      return task && `${shown(task.file)}:${task.line}`;
    };
    const folder = { kind: "folder" as const, folder: twins };
    assert.equal(open(folder, "Finance.profit", "books/finance.ts"), "books/finance.ts:8");
    assert.equal(open(folder, "Finance.profit", "shop/finance.ts"), "shop/finance.ts:10");
    assert.equal(
      open(report, "Finance.profit", "books/finance.ts"),
      undefined,
      "books/ is not in Report.print's graph",
    );
    assert.equal(open(report, "Finance.profit", "/etc/passwd"), undefined);
    assert.equal(open(report, "Finance.profit", "shop/report.ts"), undefined, "a file of the graph, not the task's");
    assert.equal(open(report, "Finance.profit"), "shop/finance.ts:10", "a page that names no file");
  });
});

describe("graph panel: messages are checked on arrival", () => {
  it("the editor accepts ready and open, and nothing else", () => {
    assert.ok(isFromPanel({ type: "ready" }));
    assert.ok(isFromPanel({ type: "open", task: "Finance.profit" }));
    assert.ok(isFromPanel({ type: "open", task: "Finance.profit", file: "books/finance.ts" }));
    for (const bad of [
      undefined,
      null,
      "ready",
      [],
      {},
      { type: "open" },
      { type: "open", task: 3 },
      { type: "open", task: "" },
      { type: "open", task: "Finance.profit", file: 3 },
      { type: "open", task: "Finance.profit", file: "" },
      { type: "open", task: "Finance.profit", file: ["a.ts"] },
      { type: "run-task", task: "Finance.profit" },
    ])
      assert.equal(isFromPanel(bad), false, JSON.stringify(bad));
  });

  it("the editor accepts a switch of scope to a task's graph or the folder's, and nothing else", () => {
    assert.ok(isFromPanel({ type: "scope", kind: "task" }));
    assert.ok(isFromPanel({ type: "scope", kind: "folder" }));
    for (const bad of [{ type: "scope" }, { type: "scope", kind: "workspace" }, { type: "scope", kind: 1 }])
      assert.equal(isFromPanel(bad), false, JSON.stringify(bad));
  });

  it("the page accepts the task a folder's graph can go back to, named or not at all", () => {
    const graph = message({ kind: "folder", folder });
    assert.ok(isToPanel({ ...graph, lastTask: "Report.print" }));
    assert.equal(isToPanel({ ...graph, lastTask: 3 }), false);
  });

  it("the page accepts a well-formed graph or run, and drops a malformed one", () => {
    const graph = message({ kind: "folder", folder });
    assert.ok(isToPanel({ type: "run", run: 1, events: [{ type: "run-end", durationMs: 1, ok: true, tasks: [] }] }));
    for (const bad of [
      { ...graph, scope: { kind: "task", file: "x.ts" } },
      { ...graph, graph: { ...graph.graph, tasks: [{ id: 7 }] } },
      { ...graph, graph: { ...graph.graph, dependencies: { a: "b" } } },
      { ...graph, graph: { ...graph.graph, tasks: [{ id: "A.x", dependsOn: ["A.y"] }] } },
      { ...graph, graph: { ...graph.graph, tasks: [{ id: "A.x", dependsOn: [{ task: "A.y", file: 1 }] }] } },
      { ...graph, graph: { ...graph.graph, unknown: [{ task: "A.x", file: 1, name: "y" }] } },
      { ...graph, problems: [{ code: "SS001" }] },
      { type: "run", run: "1", events: [] },
      { type: "run", run: 1, events: [null] },
      { type: "draw", html: "<script>" },
    ])
      assert.equal(isToPanel(bad), false, JSON.stringify(bad).slice(0, 120));
  });

  it("a restored panel's state is used only if it names a scope", () => {
    assert.deepEqual(panelStateOf({ scope: { kind: "folder", folder } }), { scope: { kind: "folder", folder } });
    assert.equal(panelStateOf({ scope: { kind: "folder" } }), undefined);
    assert.equal(panelStateOf(undefined), undefined);
  });

  it("a restored panel's folded classes and files are used only if they are a list of names", () => {
    const scope = { kind: "folder", folder };
    assert.deepEqual(panelStateOf({ scope, collapsed: ["a.ts\u0000Sums", "b.ts"] })?.collapsed, [
      "a.ts\u0000Sums",
      "b.ts",
    ]);
    assert.deepEqual(panelStateOf({ scope, collapsed: "Sums" }), { scope });
    assert.deepEqual(panelStateOf({ scope, collapsed: [1] }), { scope });
  });

  it("a restored panel's zoom and pan are used only if they are finite numbers; a bad one leaves the rest of the state", () => {
    const scope = { kind: "folder", folder };
    const view = { graphView: { scale: 0.5, x: -120, y: 8 }, timelineZoom: 2.25 };
    assert.deepEqual(panelStateOf({ scope, ...view }), { scope, ...view });
    assert.deepEqual(
      panelStateOf({ scope, collapsed: [] }),
      { scope, collapsed: [] },
      "a state kept before the view was",
    );
    for (const bad of [
      { graphView: { scale: 0, x: 0, y: 0 } },
      { graphView: { scale: 1, x: "0", y: 0 } },
      { graphView: { scale: 1, x: Number.NaN, y: 0 } },
      { graphView: [1, 0, 0] },
      { timelineZoom: 0.5 },
      { timelineZoom: Number.POSITIVE_INFINITY },
      { timelineZoom: "2" },
    ])
      assert.deepEqual(
        panelStateOf({ scope, collapsed: ["b.ts"], ...bad }),
        { scope, collapsed: ["b.ts"] },
        JSON.stringify(bad),
      );
  });
});

describe("graph panel: its page", () => {
  const page = graphPanelPage(
    {
      cspSource: "https://csp.example",
      script: "https://csp.example/dist/webview.js",
      style: "https://csp.example/dist/webview.css",
    },
    "N0NCE",
  );
  const policy = page.match(/Content-Security-Policy" content="([^"]+)"/)?.[1];

  it("lets in only its own script, by nonce, and its own stylesheet", () => {
    assert.equal(
      policy,
      "default-src 'none'; script-src 'nonce-N0NCE'; style-src https://csp.example; img-src https://csp.example data:; font-src https://csp.example",
    );
    assert.match(page, /<script nonce="N0NCE" src="https:\/\/csp.example\/dist\/webview.js"><\/script>/);
    assert.match(page, /<link rel="stylesheet" href="https:\/\/csp.example\/dist\/webview.css">/);
    assert.doesNotMatch(page, /unsafe-inline|https?:\/\/(?!csp\.example)/);
  });

  it("gets a new nonce each time", () => {
    const nonce = (text: string) => text.match(/nonce="([^"]+)"/)?.[1];
    const ours = { cspSource: "x", script: "s", style: "c" };
    assert.notEqual(nonce(graphPanelPage(ours)), nonce(graphPanelPage(ours)));
  });
});
