// What every end-to-end file starts from: the packaged .vsix (the same packaging a release uses,
// so the tests prove what users install; made once for all the files of a mocha run) installed
// into code-server on a scratch copy of a fixture, and Chromium on its workbench.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { repoRoot, startCodeServer } from "../vscode/codeServer.mjs";
import { launchChromium, scratchWorkspace } from "../vscode/workspace.mjs";

export const screenshots = resolve(repoRoot, process.env.SEMISYNC_SCREENSHOTS ?? "out/screenshots");
export const WAIT = { timeout: 90_000 };

let packaged;
function packagedExtension() {
  if (packaged) return packaged;
  const scratch = mkdtempSync(join(tmpdir(), "semisync-e2e-vsix-"));
  process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));
  const vsix = join(scratch, "semisync.vsix");
  const result = spawnSync("npm", ["run", "--silent", "package", "--", "--out", vsix], {
    cwd: repoRoot,
    encoding: "utf8",
  });
  assert.equal(result.status, 0, `vsce package failed:\n${result.stdout}${result.stderr}`);
  return (packaged = vsix);
}

/** As if the user had run `npm install semisync`: TypeScript in the editor finds its types. */
export function linkRuntime(folder) {
  mkdirSync(join(folder, "node_modules"), { recursive: true });
  symlinkSync(repoRoot, join(folder, "node_modules", "semisync"));
}

/**
 * Registers the hooks of a describe block that opens test/fixtures/<fixture> in VS Code with the
 * extension installed. `prepare(workspace)` runs before the server starts. The returned object
 * holds `page` and `workspace` once the `before` hook has run; a failed test leaves a screenshot.
 */
export function editorSession(fixture, { prepare } = {}) {
  const session = {};
  let server, browser;
  before(async () => {
    const vsix = packagedExtension();
    session.workspace = scratchWorkspace(join(repoRoot, "test", "fixtures", fixture));
    prepare?.(session.workspace);
    server = await startCodeServer({
      folder: session.workspace.folder,
      userDataDir: session.workspace.userDataDir,
      installExtensions: [vsix],
    });
    browser = await launchChromium();
    session.page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await session.page.goto(`${server.url}/?${session.workspace.query}`);
    await session.page.locator(".monaco-workbench").waitFor(WAIT);
    mkdirSync(screenshots, { recursive: true });
  });

  afterEach(async function () {
    if (this.currentTest?.state === "failed")
      await session.page?.screenshot({
        path: join(screenshots, `failed-${this.currentTest.title.replace(/\W+/g, "-")}.png`),
      });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    session.workspace?.remove();
  });
  return session;
}
