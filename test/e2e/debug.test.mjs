// A person debugs a task, in a real VS Code (code-server) driven through Debian's Chromium: the
// packaged .vsix installed, a breakpoint set with F9, a click on the Debug task lens, the editor
// paused on that line, F5 to continue, and the run view green. The screenshot of the pause goes
// to SEMISYNC_SCREENSHOTS (default out/screenshots); `npm run screenshots` refreshes the README's.
import { strict as assert } from "node:assert";
import { join } from "node:path";
import { editorSession, linkRuntime, screenshots, WAIT } from "./session.mjs";

describe("e2e: a person debugs a task in VS Code", function () {
  this.timeout(600_000);
  const session = editorSession("debug", { prepare: (workspace) => linkRuntime(workspace.folder) });
  let page;
  before(() => (page = session.page));

  it("sets a breakpoint, clicks Debug task, is paused on that line with the local shown, continues, and the run succeeds", async () => {
    const explorer = page.locator(".explorer-folders-view");
    if (!(await explorer.isVisible()))
      await page.locator('.activitybar .action-item a[aria-label^="Explorer"]').click(WAIT);
    await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "tank.ts" }).first().click(WAIT);
    await page.locator(".tab.active", { hasText: "tank.ts" }).waitFor(WAIT);
    const lens = page.locator(".codelens-decoration a", { hasText: "Debug task" }).first();
    await lens.waitFor(WAIT);

    // Line 13, `return litres;` in Tank.fill: go there as a person does (Ctrl+G), and F9.
    await page.locator(".monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+G");
    await page.keyboard.type("13");
    await page.keyboard.press("Enter");
    await page.keyboard.press("F9");
    await page.locator(".codicon-debug-breakpoint").first().waitFor(WAIT);

    await lens.click();
    const paused = page.locator(".debug-top-stack-frame-line");
    await paused.waitFor(WAIT);
    await page.locator(".debug-view-content .monaco-list-row", { hasText: "litres" }).first().waitFor(WAIT);
    const variable = await page
      .locator(".debug-view-content .monaco-list-row", { hasText: "litres" })
      .first()
      .innerText();
    assert.match(variable.replace(/\s+/g, " "), /litres ?[:=] ?3/);
    await page.screenshot({ path: join(screenshots, "debug.png") });

    await page.keyboard.press("F5");
    await paused.waitFor({ ...WAIT, state: "detached" });
    await page.locator('.activitybar .action-item a[aria-label^="semisync"]').click(WAIT);
    await page.locator('[role="treeitem"][aria-label^="Tank.fill, succeeded"]').waitFor(WAIT);
  });
});
