// A person's loop after a failure, in a real VS Code (code-server) driven through Debian's
// Chromium: run a graph, see the failure and the tasks it skipped, fix the file in the editor,
// click Rerun Failed, and the run view goes green. The packaged .vsix is installed as a user
// installs it. Screenshots go to SEMISYNC_SCREENSHOTS (default out/screenshots).
import { strict as assert } from "node:assert";
import { readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../vscode/codeServer.mjs";
import { editorSession, linkRuntime, screenshots, WAIT } from "./session.mjs";

describe("e2e: a person reruns what failed", function () {
  this.timeout(600_000);
  const session = editorSession("rerun", {
    prepare: (workspace) => {
      linkRuntime(workspace.folder);
      // The fixture writes files with Node's modules: their types, as a project with @types/node has them.
      symlinkSync(join(repoRoot, "node_modules", "@types"), join(workspace.folder, "node_modules", "@types"));
    },
  });
  let page, workspace;
  before(() => {
    ({ page, workspace } = session);
  });

  const runPane = () => page.locator(".pane", { has: page.locator(".pane-header h3.title", { hasText: /^Run$/ }) });
  const row = (label) => runPane().locator(`[role="treeitem"][aria-label^="${label}"]`);

  it("runs a failing graph, fixes the file, clicks Rerun Failed, and every rerun task succeeds", async () => {
    // The Explorer may be open already: a click on its icon would close it.
    if (!(await page.locator(".explorer-folders-view").isVisible()))
      await page.locator('.activitybar .action-item a[aria-label^="Explorer"]').click(WAIT);
    await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "pipeline.ts" }).first().click(WAIT);
    await page.locator(".tab.active", { hasText: "pipeline.ts" }).waitFor(WAIT);
    // Every graph of the folder: the pipeline, and the clock's branch of its own.
    await page.locator('.activitybar .action-item a[aria-label^="semisync"]').click(WAIT);
    await page.locator(".welcome-view-content .monaco-button", { hasText: "Run Every Graph" }).click(WAIT);
    await row("Clock.tick, succeeded").waitFor(WAIT);
    await row("Pipeline.fetch, failed").waitFor(WAIT);
    await row("Pipeline.fetch, failed").filter({ hasText: "3 skipped because of it" }).waitFor(WAIT);
    await row("Pipeline.publish, skipped, upstream failed: Pipeline.fetch").waitFor(WAIT);

    // Wide enough to read each row's reason, with the Graph view folded away.
    await page.locator(".pane-header", { has: page.locator("h3.title", { hasText: /^Graph$/ }) }).click();
    const sidebar = await page.locator(".part.sidebar").boundingBox();
    await page.mouse.move(sidebar.x + sidebar.width + 1, sidebar.y + sidebar.height / 2);
    await page.mouse.down();
    await page.mouse.move(760, sidebar.y + sidebar.height / 2, { steps: 10 });
    await page.mouse.up();
    await runPane().locator(".pane-header").hover();
    await runPane().locator('.action-item a[aria-label="Rerun Failed"]').waitFor(WAIT);
    await page.screenshot({ path: join(screenshots, "rerun-failed.png") });

    // The fix, as a person types it: the line that throws becomes a comment.
    const source = readFileSync(join(workspace.folder, "pipeline.ts"), "utf8").split("\n");
    const throwing = source.findIndex((line) => line.includes("the feed is down")) + 1;
    await page.locator(".monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+G");
    await page.keyboard.type(String(throwing));
    await page.keyboard.press("Enter");
    await page.keyboard.press("Home");
    await page.keyboard.press("Shift+End");
    await page.keyboard.type("// the feed is back");
    await page.keyboard.press("Control+S");
    await page.locator(".tab.active.dirty").waitFor({ ...WAIT, state: "detached" });

    // Rerun Failed shows in the Run view's title once the run has something to rerun.
    const runHeader = runPane().locator(".pane-header");
    await runHeader.hover();
    await runHeader.locator('.action-item a[aria-label="Rerun Failed"]').click(WAIT);

    for (const task of ["Pipeline.fetch", "Pipeline.parse", "Pipeline.publish", "Pipeline.report"])
      await row(`${task}, succeeded`).filter({ hasText: "rerun:" }).waitFor(WAIT);
    await row("Pipeline.source, succeeded").filter({ hasText: "needed by Pipeline.fetch" }).waitFor(WAIT);
    assert.equal(await row("Clock.").count(), 0, "the branch that succeeded did not run again");
    await runHeader.hover();
    await page.screenshot({ path: join(screenshots, "rerun.png") });
    // Nothing failed now: the button is gone.
    await runHeader.hover();
    await runHeader.locator('.action-item a[aria-label="Rerun Failed"]').waitFor({ ...WAIT, state: "detached" });
  });
});
