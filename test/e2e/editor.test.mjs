// A person's first run, in a real VS Code (code-server) driven through Debian's Chromium: the
// packaged .vsix installed as a user installs it, a click on the CodeLens, the run view filling
// in, and a cycle in the Problems panel. Screenshots go to SEMISYNC_SCREENSHOTS (default
// out/screenshots); `npm run screenshots` refreshes the README's copies in media/screenshots.
import { strict as assert } from "node:assert";
import { join } from "node:path";
import { editorSession, linkRuntime, screenshots, WAIT } from "./session.mjs";

describe("e2e: a person runs a graph in VS Code", function () {
  this.timeout(600_000);
  const session = editorSession("editor", { prepare: (workspace) => linkRuntime(workspace.folder) });
  let page;
  before(() => (page = session.page));

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
