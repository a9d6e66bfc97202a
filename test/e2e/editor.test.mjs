// A person's first run, in a real VS Code (code-server) driven through Debian's Chromium: the
// packaged .vsix installed as a user installs it, a click on the CodeLens, the run view filling
// in, and a cycle in the Problems panel. Screenshots go to SEMISYNC_SCREENSHOTS (default
// out/screenshots); `npm run screenshots` refreshes the README's copies in media/screenshots.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { repoRoot, startCodeServer } from "../vscode/codeServer.mjs";
import { launchChromium, scratchWorkspace } from "../vscode/workspace.mjs";

const screenshots = resolve(repoRoot, process.env.SEMISYNC_SCREENSHOTS ?? "out/screenshots");
const WAIT = { timeout: 90_000 };

describe("e2e: a person runs a graph in VS Code", function () {
  this.timeout(600_000);
  let server, browser, page, scratch, workspace;

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), "semisync-e2e-"));
    const vsix = join(scratch, "semisync.vsix");
    // The same packaging a release uses, so the test proves what users install.
    const packaged = spawnSync("npm", ["run", "--silent", "package", "--", "--out", vsix], {
      cwd: repoRoot,
      encoding: "utf8",
    });
    assert.equal(packaged.status, 0, `vsce package failed:\n${packaged.stdout}${packaged.stderr}`);
    workspace = scratchWorkspace(join(repoRoot, "test", "fixtures", "editor"));
    // As if the user had run `npm install semisync`: TypeScript in the editor finds its types.
    mkdirSync(join(workspace.folder, "node_modules"));
    symlinkSync(repoRoot, join(workspace.folder, "node_modules", "semisync"));
    server = await startCodeServer({
      folder: workspace.folder,
      userDataDir: workspace.userDataDir,
      installExtensions: [vsix],
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${server.url}/?${workspace.query}`);
    await page.locator(".monaco-workbench").waitFor(WAIT);
    mkdirSync(screenshots, { recursive: true });
  });

  afterEach(async function () {
    if (this.currentTest?.state === "failed")
      await page?.screenshot({ path: join(screenshots, `failed-${this.currentTest.title.replace(/\W+/g, "-")}.png`) });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    workspace?.remove();
  });

  /** As a person does: a click on the file in the Explorer. */
  const openFile = async (name) => {
    const explorer = page.locator(".explorer-folders-view");
    if (!(await explorer.isVisible()))
      await page.locator('.activitybar .action-item a[aria-label^="Explorer"]').click(WAIT);
    await page.locator(".explorer-folders-view .monaco-list-row", { hasText: name }).first().click(WAIT);
    await page.locator(".tab.active", { hasText: name }).waitFor(WAIT);
  };

  it("clicks Run semisync graph and watches every task succeed with its callback output", async () => {
    await openFile("finance.ts");
    const lens = page.locator(".codelens-decoration a", { hasText: "Run semisync graph" }).first();
    await lens.waitFor(WAIT);
    await page.screenshot({ path: join(screenshots, "codelens.png") });
    await lens.click();

    for (const task of ["Finance.revenue", "Finance.expenses", "Finance.profit", "Report.print", "Audit.check"]) {
      await page.locator(`[role="treeitem"][aria-label^="${task}, succeeded"]`).waitFor(WAIT);
    }
    for (const line of ["Revenue: $600", "Expenses: $400", "Profit: $200", "report printed"]) {
      await page.locator(`[role="treeitem"]`, { hasText: line }).first().waitFor(WAIT);
    }
    await page.locator(".codelens-decoration a", { hasText: "last run: succeeded" }).first().waitFor(WAIT);
    await page.screenshot({ path: join(screenshots, "run-view.png") });
  });

  it("shows a long run in the status bar and a notification whose Cancel stops it", async () => {
    await openFile("slow.ts");
    await page.locator(".codelens-decoration a", { hasText: "Run task" }).first().click(WAIT);
    await page.locator(".statusbar-item", { hasText: "semisync 0/1" }).waitFor(WAIT);
    const notification = page.locator(".notification-toast", { hasText: "semisync: Slow.wait" });
    await notification.waitFor(WAIT);
    await page.screenshot({ path: join(screenshots, "running.png") });
    await notification.locator(".monaco-button", { hasText: "Cancel" }).click(WAIT);
    await page.locator('[role="treeitem"][aria-label^="Slow.wait, cancelled"]').waitFor(WAIT);
    await page.locator(".statusbar-item", { hasText: "semisync 0/1" }).waitFor({ ...WAIT, state: "detached" });
  });

  it("finds a cycle in the Problems panel before anything runs", async () => {
    await openFile("loop.ts");
    await page.keyboard.press("Control+Shift+M");
    const problem = page.locator(".markers-panel .monaco-list-row", {
      hasText: "dependency cycle: Loop.first -> Loop.second -> Loop.first",
    });
    await problem.first().waitFor(WAIT);
    assert.equal(await problem.count(), 2, "one error on each decorator of the cycle");
    await page.screenshot({ path: join(screenshots, "problems.png") });
  });
});
