// A person debugs a task, in a real VS Code (code-server) driven through Debian's Chromium: the
// packaged .vsix installed, a breakpoint set with F9, a click on the Debug task lens, the editor
// paused on that line, F5 to continue, and the run view green. The screenshot of the pause goes
// to SEMISYNC_SCREENSHOTS (default out/screenshots); `npm run screenshots` refreshes the README's.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { repoRoot, startCodeServer } from "../vscode/codeServer.mjs";
import { launchChromium, scratchWorkspace } from "../vscode/workspace.mjs";

const screenshots = resolve(repoRoot, process.env.SEMISYNC_SCREENSHOTS ?? "out/screenshots");
const WAIT = { timeout: 90_000 };

describe("e2e: a person debugs a task in VS Code", function () {
  this.timeout(600_000);
  let server, browser, page, scratch, workspace;

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), "semisync-e2e-debug-"));
    const vsix = join(scratch, "semisync.vsix");
    const packaged = spawnSync("npm", ["run", "--silent", "package", "--", "--out", vsix], {
      cwd: repoRoot,
      encoding: "utf8",
    });
    assert.equal(packaged.status, 0, `vsce package failed:\n${packaged.stdout}${packaged.stderr}`);
    workspace = scratchWorkspace(join(repoRoot, "test", "fixtures", "debug"));
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
