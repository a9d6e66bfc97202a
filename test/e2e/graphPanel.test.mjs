// The graph panel as a person uses it, in a real VS Code (code-server) driven through Chromium:
// Show graph from the lens, the fixture's tasks and edges drawn inside the webview (an iframe in
// an iframe), a cycle in the error style, a click on a node opening the task, and a run seen live
// on the graph (succeeded, failed, skipped in words) and on its timeline, the folder's graph from
// the Graph view's title with a file folded and opened again. Screenshots of the graph
// and the timeline go to SEMISYNC_SCREENSHOTS (`npm run screenshots` refreshes the README's).
import { strict as assert } from "node:assert";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { editorSession, linkRuntime, screenshots, WAIT } from "./session.mjs";

describe("e2e: a person looks at the graph in VS Code", function () {
  this.timeout(600_000);
  const session = editorSession("editor", { prepare: (workspace) => linkRuntime(workspace.folder) });
  let page, graph;
  before(() => {
    page = session.page;
    graph = page.frameLocator("iframe.webview").frameLocator("iframe#active-frame");
  });

  /** In the first editor group, beside the panel (a file opened in the panel's group would hide it). */
  const openFile = async (name) => {
    const firstGroup = page.locator(".editor-group-container").first();
    if ((await firstGroup.locator(".tab").count()) > 0) await firstGroup.locator(".tab").first().click(WAIT);
    const explorer = page.locator(".explorer-folders-view");
    if (!(await explorer.isVisible()))
      await page.locator('.activitybar .action-item a[aria-label^="Explorer"]').click(WAIT);
    await page.locator(".explorer-folders-view .monaco-list-row", { hasText: name }).first().click(WAIT);
    await firstGroup.locator(".tab.active", { hasText: name }).waitFor(WAIT);
  };
  /**
   * Developer: Reload Window, as a person reloads VS Code: the workbench saves its layout (the
   * panel among its editors) before it goes. A bare page reload may leave before the save.
   */
  const reloadWindow = async () => {
    const loaded = page.waitForEvent("load", WAIT);
    await page.keyboard.press("F1");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor(WAIT);
    await input.fill(">Developer: Reload Window");
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "Reload Window" }).first().click(WAIT);
    await loaded;
    await page.locator(".monaco-workbench").waitFor(WAIT);
  };
  const lens = (text) => page.locator(".codelens-decoration a", { hasText: text }).first();
  const node = (id) => graph.locator(`g.node[data-task="${id}"]`);

  it("Show graph draws the task's graph, every task by name and every edge", async () => {
    await openFile("finance.ts");
    await lens("Show graph").click(WAIT);
    for (const id of ["Finance.revenue", "Finance.expenses", "Finance.profit", "Report.print", "Audit.check"])
      await graph.locator(`g.node[aria-label^="${id}"]`).waitFor(WAIT);
    assert.equal(await graph.locator("g.node").count(), 5);
    const edges = await graph
      .locator("path.edge")
      .evaluateAll((paths) => paths.map((path) => `${path.dataset.from} -> ${path.dataset.to}`).sort());
    assert.deepEqual(edges, [
      "Finance.expenses -> Finance.profit",
      "Finance.profit -> Report.print",
      "Finance.revenue -> Audit.check",
      "Finance.revenue -> Finance.profit",
    ]);
    assert.equal(await node("Report.print").locator(".node-method").textContent(), "print");
  });

  it("a click on a node opens the task's file at its decorator, beside the panel", async () => {
    await node("Report.print").click(WAIT);
    await page
      .locator(".editor-group-container")
      .first()
      .locator(".tab.active", { hasText: "report.ts" })
      .waitFor(WAIT);
    await page.locator(".statusbar-item", { hasText: "Ln 6, Col 3" }).waitFor(WAIT);
  });

  it("a cycle is drawn in the error style, with its path in words", async () => {
    await openFile("loop.ts");
    await lens("Show graph").click(WAIT);
    await graph.locator("g.node.in-cycle").nth(1).waitFor(WAIT);
    assert.equal(await graph.locator("g.node").count(), 2, "the panel now shows loop.ts's graph only");
    assert.equal(await graph.locator("path.edge.in-cycle").count(), 2);
    await graph
      .locator(".problem", { hasText: "dependency cycle: Loop.first → Loop.second → Loop.first" })
      .waitFor(WAIT);
  });

  it("a run shows on the nodes in words: failed, and skipped for the failure", async () => {
    await openFile("failing.ts");
    await lens("Show graph").click(WAIT);
    await node("Failing.broken").waitFor(WAIT);
    await lens("Run semisync graph").click(WAIT);
    await node("Failing.broken").locator(".node-status", { hasText: "failed" }).waitFor(WAIT);
    await node("Failing.after").locator(".node-status", { hasText: "skipped" }).waitFor(WAIT);
    assert.match(
      await node("Failing.after").getAttribute("aria-label"),
      /Failing\.after, skipped .*Failing\.broken failed/,
    );
  });

  it("a run that succeeds: every node says so, and the timeline has a bar per task and the speed-up", async () => {
    await openFile("finance.ts");
    await lens("Show graph").click(WAIT);
    await node("Report.print").waitFor(WAIT);
    await lens("Run semisync graph").click(WAIT);
    for (const id of ["Finance.revenue", "Finance.expenses", "Finance.profit", "Report.print", "Audit.check"])
      await node(id).locator(".node-status", { hasText: "succeeded" }).waitFor(WAIT);
    // Faster or slower: these tasks take milliseconds, and on a busy machine starting the workers can outweigh them.
    await graph
      .locator(".timeline .summary", { hasText: /× (faster|slower) than one at a time, \d workers?, critical path / })
      .waitFor(WAIT);
    assert.equal(await graph.locator(".timeline-row").count(), 5, "one row per task call");
    assert.equal(await graph.locator(".timeline-row .bar.own").count(), 5, "one bar per task");
    await page.screenshot({ path: join(screenshots, "graph-panel.png") });
    await graph.locator(".timeline").screenshot({ path: join(screenshots, "graph-timeline.png") });
  });

  it("a later run keeps the timeline's zoom and opened rows, and clears the nodes it did not run", async () => {
    const revenueRow = graph.locator('.timeline-row[data-key="Finance.revenue"]');
    await revenueRow.click(WAIT);
    assert.equal(await revenueRow.getAttribute("aria-expanded"), "true");
    await graph.getByRole("button", { name: "Widen the time axis" }).click(WAIT);
    await graph.getByRole("button", { name: "Widen the time axis" }).click(WAIT);
    await lens("Run task").click(WAIT);
    // Report.print was not in this run: no status words, no last run in its label.
    await graph.locator('g.node[data-task="Report.print"][aria-label="Report.print"]').waitFor(WAIT);
    assert.equal(await node("Report.print").locator(".node-status").textContent(), "");
    assert.doesNotMatch(await node("Report.print").locator("title").textContent(), /last run/);
    // The new run's timeline is drawn (the last run's rows are gone) and, with its summary, complete.
    await graph.locator('.timeline-row[data-key="Report.print"]').waitFor({ ...WAIT, state: "detached" });
    await graph.locator(".timeline .summary").waitFor(WAIT);
    assert.equal(await revenueRow.getAttribute("aria-expanded"), "true", "the opened row stays open");
    assert.equal(await graph.locator(".timeline .zoom-level").textContent(), "×2.25", "the zoom stays");
  });

  it("comes back after a reload of the window, on the graph it showed", async () => {
    await reloadWindow();
    await node("Report.print").waitFor(WAIT);
    assert.equal(await graph.locator("g.node").count(), 5);
  });

  it("follows the editor's text: a task typed into loop.ts joins its graph without a save", async () => {
    await openFile("loop.ts");
    await lens("Show graph").click(WAIT);
    await node("Loop.second").waitFor(WAIT);
    await page.locator(".editor-group-container").first().locator(".view-lines").click(WAIT);
    await page.keyboard.press("Control+End");
    await page.keyboard.insertText(
      '\nexport class Typed {\n  @semisync({ dependencies: ["Loop.first"] })\n  static later() {}\n}\n',
    );
    await node("Typed.later").waitFor(WAIT);
    const edges = await graph
      .locator("path.edge")
      .evaluateAll((paths) => paths.map((path) => `${path.dataset.from} -> ${path.dataset.to}`));
    assert.ok(edges.includes("Loop.first -> Typed.later"), edges.join(", "));
  });

  it("keeps a folded class folded and its selection through an edit and a reload", async () => {
    await node("Loop.first").click(WAIT);
    await graph.locator('.group-header[aria-label^="Loop,"]').click(WAIT);
    const folded = graph.locator('g.group-node[aria-label^="Loop,"]');
    await folded.waitFor(WAIT);
    await page.locator(".editor-group-container").first().locator(".view-lines").click(WAIT);
    await page.keyboard.press("Control+End");
    await page.keyboard.insertText(
      '\nexport class More {\n  @semisync({ dependencies: ["Loop.second"] })\n  static once() {}\n}\n',
    );
    await node("More.once").waitFor(WAIT);
    assert.equal(await folded.count(), 1, "the edit's new graph keeps Loop folded");
    assert.match(await folded.getAttribute("class"), /\bselected\b/, "and Loop.first selected, on Loop's node");

    await reloadWindow();
    await folded.waitFor(WAIT);
  });

  it("a click on a row's task name opens the task in the editor, and leaves the row as it was", async () => {
    await openFile("finance.ts");
    await lens("Show graph").click(WAIT);
    await node("Report.print").waitFor(WAIT);
    await lens("Run semisync graph").click(WAIT);
    await graph.locator(".timeline .summary").waitFor(WAIT);
    const row = graph.locator('.timeline-row[data-key="Report.print"]');
    const expanded = await row.getAttribute("aria-expanded");
    await row.getByRole("button", { name: "Open Report.print in the editor" }).click(WAIT);
    await page
      .locator(".editor-group-container")
      .first()
      .locator(".tab.active", { hasText: "report.ts" })
      .waitFor(WAIT);
    await page.locator(".statusbar-item", { hasText: "Ln 6, Col 3" }).waitFor(WAIT);
    assert.equal(await row.getAttribute("aria-expanded"), expanded, "the name opens the task, not the row's output");
    await row.focus();
    await page.keyboard.press("Enter");
    assert.equal(await row.getAttribute("aria-expanded"), "true", "Enter on the row shows the output under it");
    await row.locator(".worker").click(WAIT);
    assert.equal(await row.getAttribute("aria-expanded"), "false", "and a click on the row, off its name, hides it");
  });

  it("draws its controls with the library's styles under the panel's Content-Security-Policy", async () => {
    const zoomIn = graph.locator('.graph vscode-button[aria-label="Zoom in"]');
    // The button's own stylesheet (a constructed one, adopted by its shadow root) lays its face out as flex.
    const face = await zoomIn.evaluate((button) => {
      const base = button.shadowRoot.querySelector(".base");
      return { display: getComputedStyle(base).display, background: getComputedStyle(base).backgroundColor };
    });
    assert.equal(face.display, "flex");
    assert.notEqual(face.background, "rgba(0, 0, 0, 0)", "the theme's button colour, not none");
  });

  it("the zoom buttons change the graph's view and the timeline's, and a reload keeps both", async () => {
    const content = graph.locator("svg.graph-canvas > g");
    const before = await content.getAttribute("transform");
    await graph.getByRole("button", { name: "Zoom in", exact: true }).click(WAIT);
    await graph.getByRole("button", { name: "Zoom in", exact: true }).click(WAIT);
    const zoomed = await content.getAttribute("transform");
    assert.notEqual(zoomed, before);
    assert.match(zoomed, /scale\(/);
    await graph.getByRole("button", { name: "Fit the whole run" }).click(WAIT);
    for (let i = 0; i < 3; i++) await graph.getByRole("button", { name: "Widen the time axis" }).click(WAIT);
    const level = graph.locator(".timeline .zoom-level");
    assert.equal(await level.textContent(), "×3.38");
    const width = () => graph.locator(".timeline-rows").evaluate((rows) => rows.getBoundingClientRect().width);
    const zoomedWidth = await width();

    await reloadWindow();
    await graph.locator(`svg.graph-canvas > g[transform="${zoomed}"]`).waitFor(WAIT);
    // A reloaded window has no run to show: the next run's timeline is drawn at the zoom kept. The
    // editor beside the panel still shows report.ts (the row's name opened it), whose lens runs the graph.
    await page.locator(".editor-group-container").first().locator(".tab", { hasText: "report.ts" }).click(WAIT);
    await lens("Run semisync graph").click(WAIT);
    await graph.locator(".timeline .summary").waitFor(WAIT);
    assert.equal(await level.textContent(), "×3.38");
    assert.equal(await width(), zoomedWidth, "the time axis as wide as before the reload");
    await graph.getByRole("button", { name: "Fit the whole run" }).click(WAIT);
    assert.equal(await level.textContent(), "×1");
    assert.ok((await width()) < zoomedWidth, "Fit narrows the time axis back to the whole run");
  });

  it("the scope switch shows the whole folder's graph, and goes back to the task's", async () => {
    await graph.locator("vscode-single-select.scope-switch").click(WAIT);
    await graph.getByRole("option", { name: "Whole folder" }).click(WAIT);
    await node("Loop.first").waitFor(WAIT);
    await node("Failing.broken").waitFor(WAIT);
    await graph.locator("h1", { hasText: /^Every task in / }).waitFor(WAIT);
    await node("Report.print").waitFor(WAIT);

    await graph.locator("vscode-single-select.scope-switch").click(WAIT);
    await graph.getByRole("option", { name: "This task's graph" }).click(WAIT);
    await node("Loop.first").waitFor({ ...WAIT, state: "detached" });
    assert.equal(await graph.locator("g.node").count(), 5, "the task's graph again: Finance's five tasks");
  });

  it("Show graph from the Graph view's title draws every task of the folder, each file in a band of its own", async () => {
    const graphPane = page.locator(".pane", { has: page.locator(".pane-header h3.title", { hasText: /^Graph$/ }) });
    // A click on the container's icon while it shows would close it.
    if (!(await graphPane.isVisible()))
      await page.locator('.activitybar .action-item a[aria-label^="semisync"]').click(WAIT);
    await graphPane.locator(".pane-header").hover();
    await graphPane.locator('.pane-header .action-item a[aria-label="Show Graph"]').click(WAIT);
    await node("Slow.wait").waitFor(WAIT);
    for (const file of ["audit.ts", "failing.ts", "finance.ts", "loop.ts", "neighbours.ts", "report.ts", "slow.ts"])
      await graph.locator(`.file-header[aria-label^="${file},"]`).waitFor(WAIT);
    await graph.locator('.file-header[aria-label="finance.ts, 1 class, 3 tasks, expanded"]').waitFor(WAIT);
  });

  it("a file folds into one node with a click on its header, stays folded through a reload, and opens again with Enter on that node", async () => {
    await graph.locator('.file-header[aria-label^="report.ts,"]').click(WAIT);
    const folded = graph.locator('g.group-node[aria-label^="report.ts, 1 class, 1 task, collapsed"]');
    await folded.waitFor(WAIT);
    assert.equal(await node("Report.print").count(), 0, "its task is inside the folded node");
    const edges = await graph
      .locator("path.edge")
      .evaluateAll((paths) => paths.map((path) => `${path.dataset.from} -> ${path.dataset.to}`));
    assert.ok(edges.includes("Finance.profit -> \u0000group:report.ts"), edges.join(", "));

    await reloadWindow();
    await folded.waitFor(WAIT);
    await folded.press("Enter");
    await node("Report.print").waitFor(WAIT);
    assert.equal(await folded.count(), 0);
    assert.equal(
      await graph
        .locator('.file-header[aria-label^="report.ts,"]')
        .evaluate((header) => header === document.activeElement),
      true,
      "the keyboard is on the file's header again",
    );
  });
});

describe("e2e: the graph in a high-contrast theme", function () {
  this.timeout(600_000);
  const session = editorSession("editor", {
    prepare: (workspace) => {
      linkRuntime(workspace.folder);
      writeFileSync(
        join(workspace.userDataDir, "User", "settings.json"),
        JSON.stringify({ "workbench.colorTheme": "Default High Contrast", "workbench.startupEditor": "none" }),
      );
    },
  });

  it("every word on the nodes and headers stands out from what it is drawn on", async () => {
    const { page } = session;
    const graph = page.frameLocator("iframe.webview").frameLocator("iframe#active-frame");
    if (!(await page.locator(".explorer-folders-view").isVisible()))
      await page.locator('.activitybar .action-item a[aria-label^="Explorer"]').click(WAIT);
    await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "finance.ts" }).first().click(WAIT);
    await page.locator(".codelens-decoration a", { hasText: "Show graph" }).first().click(WAIT);
    await graph.locator("body.vscode-high-contrast").waitFor(WAIT);
    await graph.locator('g.node[aria-label^="Finance.profit"]').waitFor(WAIT);
    const pairs = await graph.locator("svg.graph-canvas").evaluate((canvas) => {
      const rgb = (colour) =>
        colour
          .match(/\d+(\.\d+)?/g)
          .slice(0, 3)
          .map(Number);
      const luminance = (colour) => {
        const [r, g, b] = rgb(colour).map((c) => {
          const s = c / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const contrast = (a, b) => {
        const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
        return (light + 0.05) / (dark + 0.05);
      };
      const page = getComputedStyle(document.body).backgroundColor;
      const found = [];
      for (const node of canvas.querySelectorAll("g.node")) {
        const box = getComputedStyle(node.querySelector("rect")).fill;
        for (const text of node.querySelectorAll("text"))
          if (text.textContent) found.push([text.textContent, contrast(getComputedStyle(text).fill, box)]);
      }
      for (const text of canvas.querySelectorAll(".group-header text, .file-header text"))
        found.push([text.textContent, contrast(getComputedStyle(text).fill, page)]);
      return found;
    });
    assert.ok(pairs.length >= 10, `words found: ${pairs.length}`);
    const faint = pairs.filter(([, ratio]) => ratio < 4.5);
    assert.deepEqual(faint, [], "every word at least 4.5:1 against what it is drawn on");
    await page.screenshot({ path: join(screenshots, "graph-panel-high-contrast.png") });
  });
});
