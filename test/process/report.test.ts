import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { pathToFileURL } from "node:url";
import { fixtures, root, runCli } from "./helpers/cli";
import { launchChromium, openReport } from "./helpers/reportPage";

const engine = (name: string) => join(fixtures, "engine", name);

describe("cli: the HTML report, opened in Chromium with no network", function () {
  this.timeout(120_000);
  let browser: Browser;
  let scratch: string;

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), "semisync-report-"));
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** The page asked for nothing but itself: the bundle and the run are inside it. */
  const onlyItself = (requests: string[], file: string) => assert.deepEqual(requests, [pathToFileURL(file).href]);

  const nodeLabel = (page: Page, id: string) => page.locator(`.node[data-task="${id}"]`).getAttribute("aria-label");
  const rowText = (page: Page, key: string) => page.locator(`.timeline-row[data-key="${key}"]`).innerText();

  it("draws every task of a run as a node and a row with its status in words, and the speed-up line", async () => {
    const report = join(scratch, "finance.html");
    const { code, stderr } = await runCli(["run", "examples/finance.ts", "--report", report], { cwd: root });
    assert.equal(code, 0, stderr);
    assert.match(stderr, new RegExp(`report written to ${report.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    const { page, requests } = await openReport(browser, report);
    for (const task of ["Finance.revenue", "Finance.expenses", "Finance.profit"]) {
      assert.match((await nodeLabel(page, task))!, new RegExp(`^${task}, succeeded \\d`));
      assert.match(await rowText(page, task), /✓ succeeded \d/);
    }
    assert.match(
      await page.locator(".summary").innerText(),
      /^\d\.\d\d s of work in \d\.\d\d s: \d\.\d\d× (faster|slower) than one at a time, \d+ workers?, critical path Finance\.\w+ → Finance\.profit$/,
    );
    assert.equal(await page.locator(".edge").count(), 2);
    // No editor to open a task in: a row's name is plain text, no control.
    assert.equal(await page.locator(".timeline-row .task-name, .timeline-row button, .timeline-row a").count(), 0);
    assert.match(
      await page.locator('.timeline-row[data-key="Finance.profit"] .row-label').innerText(),
      /^★ Finance\.profit worker \d+$/,
    );
    onlyItself(requests, report);
  });

  it("widens the time axis with its buttons and fits it back, in the colours of a page without VS Code", async () => {
    const report = join(scratch, "zoom.html");
    const { code, stderr } = await runCli(["run", "examples/finance.ts", "--report", report], { cwd: root });
    assert.equal(code, 0, stderr);
    const { page } = await openReport(browser, report);
    const width = () => page.locator(".timeline-rows").evaluate((rows) => rows.getBoundingClientRect().width);
    const fitted = await width();
    for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Widen the time axis" }).click();
    assert.equal(await page.locator(".zoom-level").innerText(), "×3.38");
    assert.ok((await width()) > 2 * fitted, `${await width()} against ${fitted}`);
    await page.getByRole("button", { name: "Fit the whole run" }).click();
    assert.equal(await width(), fitted);
    // The buttons' fallback colours (one neither focused nor under the mouse): a light face with
    // dark text, not the library's dark default.
    const face = await page.getByRole("button", { name: "Narrow the time axis" }).evaluate((button) => {
      const style = getComputedStyle(button.shadowRoot!.querySelector(".base")!);
      return [style.backgroundColor, style.color];
    });
    assert.deepEqual(face, ["rgb(229, 229, 229)", "rgb(31, 31, 31)"]);
  });

  it("is written when the run fails, and says which task failed and which were skipped for it", async () => {
    const report = join(scratch, "failures.html");
    const { code, stderr } = await runCli(["run", engine("failures.ts"), "--report", report]);
    assert.equal(code, 1, stderr);
    const { page, requests } = await openReport(browser, report);
    assert.match((await nodeLabel(page, "Pipeline.broken"))!, /^Pipeline\.broken, failed/);
    for (const skipped of ["Pipeline.report", "Pipeline.publish"]) {
      assert.equal(await nodeLabel(page, skipped), `${skipped}, skipped (Pipeline.broken failed)`);
      assert.equal(await rowText(page, skipped), `${skipped}\n⊘ skipped — upstream failed: Pipeline.broken`);
    }
    assert.match(await rowText(page, "Pipeline.independent"), /✓ succeeded/);
    const broken = page.locator('.timeline-row[data-key="Pipeline.broken"]');
    await broken.click();
    assert.equal(await broken.getAttribute("aria-expanded"), "true");
    assert.match(
      await page.locator(".row-details:not([hidden]) .detail.error").first().innerText(),
      /^Error: the ledger is locked$/,
    );

    // Folded, the class still says how its tasks ran: the worst first, each with its count.
    await page.locator('.group-header[aria-label^="Pipeline,"]').click();
    const folded = page.locator(".group-node");
    assert.equal(
      await folded.getAttribute("aria-label"),
      "Pipeline, 4 tasks, collapsed, 1 failed, 2 skipped, 1 succeeded",
    );
    assert.equal(await folded.locator(".node-status").textContent(), "✗ 1 failed, 2 skipped, 1 succeeded");
    assert.match((await folded.getAttribute("class"))!, /\bstatus-failed\b/);
    onlyItself(requests, report);
  });

  it("keeps a bounded part of a task that prints megabytes, says how much it cut and where the rest is", async () => {
    const report = join(scratch, "loud.html");
    const { code, stderr } = await runCli(["run", join(fixtures, "pictures", "loud.ts"), "--report", report]);
    assert.equal(code, 0, stderr);
    // The task printed 3 MB; the report carries its first and last 100 lines, beside the page itself.
    assert.ok(statSync(report).size < 400_000, `the report is ${statSync(report).size} bytes`);
    const { page } = await openReport(browser, report);
    const details = async (key: string) => {
      await page.locator(`.timeline-row[data-key="${key}"]`).click();
      return page.locator(`.timeline-row[data-key="${key}"] + .row-details .detail`).allInnerTexts();
    };
    const shout = await details("Loud.shout");
    assert.equal(shout.length, 201);
    assert.equal(shout[0], "line 0 of a task that prints far more than anyone reads");
    assert.equal(
      shout[100],
      "… 49,800 more lines of output (3.0 MB) not shown here; the report keeps 200 lines or 64,000 characters of each task; the terminal shows more, `semisync run --json` all of it",
    );
    assert.equal(shout[200], "line 49999 of a task that prints far more than anyone reads");
    assert.deepEqual(await details("Loud.quiet"), ["just one line"]);
  });

  it("is written when the graph cannot run, with the problem named", async () => {
    const report = join(scratch, "cycles.html");
    const { code } = await runCli(["run", engine("cycles.ts"), "--report", report]);
    assert.equal(code, 2);
    const { page } = await openReport(browser, report);
    assert.match(
      await page.locator(".problem").first().innerText(),
      /SS001 .*Loops\.a -> Loops\.b -> Loops\.c -> Loops\.a/,
    );
  });

  it("collapses a class to one node that its edges lead to, once each, and expands it again, by keyboard and by click", async () => {
    const { code, stdout } = await runCli(["graph", join(fixtures, "pictures", "groups.ts"), "--format", "html"]);
    assert.equal(code, 0);
    const file = join(scratch, "groups.html");
    writeFileSync(file, stdout);
    const { page } = await openReport(browser, file);
    const tasks = () => page.locator(".node[data-task]").evaluateAll((nodes) => nodes.map((node) => node.dataset.task));
    const header = page.locator('.group-header[aria-label^="Sums,"]');
    assert.equal(await header.getAttribute("aria-label"), "Sums, 2 tasks, expanded");
    assert.equal(await header.getAttribute("aria-expanded"), "true");
    assert.equal(await page.locator(".edge").count(), 6);

    await header.focus();
    await page.keyboard.press("Tab");
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute("aria-label"));
    assert.match((await focused())!, /^Sums\.t/, "Tab walks a class's tasks right after its name");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Enter");
    assert.deepEqual((await tasks()).sort(), ["Report.print", "Sources.prices", "Sources.volumes"]);
    const group = page.locator(".group-node");
    assert.equal(await group.count(), 1);
    assert.equal(await group.getAttribute("aria-label"), "Sums, 2 tasks, collapsed");
    assert.equal(await group.getAttribute("aria-expanded"), "false");
    assert.equal(await group.evaluate((node) => node === document.activeElement), true, "the keyboard stays on it");
    // Into it from both sources, and one edge out to Report.print for its two; prices -> print stays.
    assert.equal(await page.locator(".edge").count(), 4);

    await group.click();
    assert.deepEqual((await tasks()).sort(), [
      "Report.print",
      "Sources.prices",
      "Sources.volumes",
      "Sums.total",
      "Sums.twice",
    ]);
    assert.equal(await page.locator(".group-node").count(), 0);
    assert.equal(await page.locator(".edge").count(), 6);
  });

  it("keeps the selection and its lit neighbours when a class folds, on the node the class becomes", async () => {
    const { stdout } = await runCli(["graph", join(fixtures, "pictures", "groups.ts"), "--format", "html"]);
    const file = join(scratch, "groups-selection.html");
    writeFileSync(file, stdout);
    const { page } = await openReport(browser, file);
    const classes = (selector: string) => page.locator(selector).getAttribute("class");
    await page.locator('.node[data-task="Report.print"]').click();
    await page.locator('.group-header[aria-label^="Sums,"]').click();
    const folded = page.locator(".group-node");
    assert.match((await classes(".group-node"))!, /\bupstream\b/, "Sums.total and Sums.twice feed the selected task");
    assert.match((await classes('.node[data-task="Report.print"]'))!, /\bselected\b/);
    const lit = await page
      .locator(".edge.lit")
      .evaluateAll((paths) => paths.map((path) => `${path.dataset.from} -> ${path.dataset.to}`).sort());
    assert.deepEqual(
      lit,
      [
        "Sources.prices -> Report.print",
        "Sources.prices -> \u0000group:" + (await folded.getAttribute("data-group")),
        "Sources.volumes -> \u0000group:" + (await folded.getAttribute("data-group")),
        "\u0000group:" + (await folded.getAttribute("data-group")) + " -> Report.print",
      ].sort(),
    );
    assert.equal(await folded.getAttribute("aria-pressed"), null, "a folded class expands; it is not pressed");

    // The selected task inside a folded class: the class's node stands for it.
    await folded.click();
    await page.locator('.node[data-task="Sums.twice"]').click();
    await page.locator('.group-header[aria-label^="Sums,"]').click();
    assert.match((await classes(".group-node"))!, /\bselected\b/);
    assert.match((await classes('.node[data-task="Report.print"]'))!, /\bdownstream\b/);
  });

  it("brings a class's name into view when the keyboard reaches it on a zoomed graph", async () => {
    const { stdout } = await runCli(["graph", join(fixtures, "pictures", "groups.ts"), "--format", "html"]);
    const file = join(scratch, "groups-zoomed.html");
    writeFileSync(file, stdout);
    const { page } = await openReport(browser, file);
    for (let i = 0; i < 12; i++) await page.getByRole("button", { name: "Zoom in" }).click();
    const canvas = (await page.locator(".graph-canvas").boundingBox())!;
    const inView = async (selector: string) => {
      const box = (await page.locator(selector).boundingBox())!;
      return (
        box.x >= canvas.x &&
        box.y >= canvas.y &&
        box.x + box.width <= canvas.x + canvas.width &&
        box.y + box.height <= canvas.y + canvas.height
      );
    };
    for (const name of ["Sources", "Sums", "Report"]) {
      const header = `.group-header[aria-label^="${name},"]`;
      await page.locator(header).focus();
      assert.ok(await inView(header), `${name}'s header is in view once focused`);
    }
  });

  it("draws the static graph of `graph --format html` with its cycles in the error style", async () => {
    const { code, stdout } = await runCli(["graph", engine("cycles.ts"), "--format", "html"]);
    assert.equal(code, 0);
    const file = join(scratch, "graph.html");
    writeFileSync(file, stdout);
    const { page, requests } = await openReport(browser, file);
    const ids = await page.locator(".node").evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-task")));
    assert.deepEqual(ids.sort(), ["Loops.a", "Loops.b", "Loops.c", "Loops.fine", "Loops.self", "Loops.x", "Loops.y"]);
    assert.equal(await nodeLabel(page, "Loops.a"), "Loops.a, in a dependency cycle");
    assert.equal(await nodeLabel(page, "Loops.fine"), "Loops.fine");
    const stroke = (id: string) =>
      page.locator(`.node[data-task="${id}"] rect`).evaluate((rect) => getComputedStyle(rect).stroke);
    const errorColour = await page
      .locator(".problem")
      .first()
      .evaluate((note) => getComputedStyle(note).color);
    assert.equal(await stroke("Loops.a"), errorColour, "a cycle's member is drawn in the error colour");
    assert.notEqual(await stroke("Loops.fine"), errorColour);
    assert.equal(await page.locator(".edge.in-cycle").count(), 6);
    const notes = await page.locator(".graph .problem").allInnerTexts();
    assert.deepEqual(notes, [
      "✗ dependency cycle: Loops.a → Loops.b → Loops.c → Loops.a",
      "✗ dependency cycle: Loops.self → Loops.self",
      "✗ dependency cycle: Loops.x → Loops.y → Loops.x",
    ]);
    onlyItself(requests, file);
  });
});
