// A newcomer's first run, in a real VS Code (code-server) driven through Debian's Chromium: a
// TypeScript project without semisync, the packaged .vsix installed, the walkthrough opened from
// the command palette, its "Open the Example" button, the notification that offers to add the
// package (npm installs the tarball the extension carries, offline), then the example's lens run.
// Screenshots go to SEMISYNC_SCREENSHOTS (default out/screenshots), as editor.test.mjs's do.
import { strict as assert } from "node:assert";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { editorSession, screenshots, WAIT } from "./session.mjs";

describe("e2e: a newcomer goes from a project without semisync to a first run", function () {
  this.timeout(600_000);
  const session = editorSession("newcomer", {
    prepare: (workspace) => {
      // code-server opens its own walkthrough at start, over whatever was opened before it: none, here.
      writeFileSync(
        join(workspace.userDataDir, "User", "settings.json"),
        JSON.stringify({ "files.autoSave": "off", "workbench.startupEditor": "none" }),
      );
    },
  });
  let page, workspace;
  before(() => {
    ({ page, workspace } = session);
  });

  /** As a person does: F1, a few words, Enter on the entry that matches. */
  const palette = async (typed, entry) => {
    await page.keyboard.press("F1");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor(WAIT);
    await input.fill(`>${typed}`);
    await page.locator(".quick-input-list .monaco-list-row", { hasText: entry }).first().click(WAIT);
  };

  it("opens the walkthrough and its example: the file lands beside the project's code, with its lenses", async () => {
    await palette("Welcome: Open Walkthrough", "Open Walkthrough");
    // The walkthroughs' list is long (VS Code's own first): typing its name narrows it to ours.
    await page.locator(".quick-input-widget input").fill("Your first semisync run");
    await page
      .locator(".quick-input-list .monaco-list-row", { hasText: "Your first semisync run" })
      .first()
      .click(WAIT);
    const openExample = page.getByRole("button", { name: "Open the Example" });
    await openExample.waitFor(WAIT);
    await page.screenshot({ path: join(screenshots, "walkthrough.png") });
    await openExample.click();
    await page.locator(".tab.active", { hasText: "semisync-example.ts" }).waitFor(WAIT);
    await page.locator(".codelens-decoration a", { hasText: "Run semisync graph" }).first().waitFor(WAIT);
    assert.ok(existsSync(join(workspace.folder, "semisync-example.ts")));
  });

  it("offers to add the package TypeScript cannot find, and adds it with npm in a terminal", async () => {
    const offer = page.locator(".notification-toast", { hasText: 'imports "semisync"' });
    await offer.waitFor(WAIT);
    await page.screenshot({ path: join(screenshots, "add-to-project.png") });
    await offer.locator(".monaco-button", { hasText: "Add to Project" }).click(WAIT);
    await page.locator(".notification-toast", { hasText: "semisync is now a dev dependency" }).waitFor(WAIT);
    const manifest = JSON.parse(readFileSync(join(workspace.folder, "package.json"), "utf8"));
    assert.equal(manifest.devDependencies.semisync, "file:.semisync/semisync-0.1.0.tgz");
    // TypeScript finds the package: the import's red underline goes.
    await page
      .locator(".squiggly-error")
      .first()
      .waitFor({ ...WAIT, state: "detached" });
  });

  it("runs the example from its lens, and the run view shows breakfast served", async () => {
    await page.locator(".codelens-decoration a", { hasText: "Run semisync graph" }).first().click(WAIT);
    for (const task of ["Breakfast.toast", "Breakfast.eggs", "Breakfast.serve"])
      await page.locator(`[role="treeitem"][aria-label^="${task}, succeeded"]`).waitFor(WAIT);
    await page
      .locator('[role="treeitem"]', { hasText: "served: golden toast with scrambled eggs" })
      .first()
      .waitFor(WAIT);
    await page.screenshot({ path: join(screenshots, "first-run.png") });
  });
});
