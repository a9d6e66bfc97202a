// What every launcher of a real VS Code (run.mjs, runDesktop.mjs, the e2e test) opens: a scratch
// copy of a fixture, so tests that edit, create and delete files leave the fixture in git as it
// is, with a user-data dir whose settings make those edits predictable.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { chromium } from "playwright-core";

// Debian's Chromium and its flags, as REAL-VSCODE.md verified them, shared with the tests compiled to
// CommonJS (test/process/helpers/reportPage.ts). Without the background-networking flags Chromium
// keeps calling hosts this machine cannot reach.
const chromiumLaunch = JSON.parse(readFileSync(new URL("./chromium.json", import.meta.url), "utf8"));
export const CHROMIUM = chromiumLaunch.executablePath;

/** Debian's Chromium, headless, as REAL-VSCODE.md verified it; `options` go to playwright's launch. */
export function launchChromium(options = {}) {
  return chromium.launch({ ...chromiumLaunch, headless: true, ...options });
}

/** `inPlace` opens the fixture itself, not a copy: a benchmark reopening one folder needs the same paths and stamps. */
export function scratchWorkspace(fixture, { inPlace = false } = {}) {
  const scratch = mkdtempSync(join(tmpdir(), "semisync-workspace-"));
  const folder = inPlace ? fixture : join(scratch, basename(fixture));
  if (!inPlace) cpSync(fixture, folder, { recursive: true });
  // code-server saves edits after a second by default; the tests decide themselves what is saved.
  const userDataDir = join(scratch, "user-data");
  mkdirSync(join(userDataDir, "User"), { recursive: true });
  writeFileSync(join(userDataDir, "User", "settings.json"), JSON.stringify({ "files.autoSave": "off" }));
  // A fixture holding semisync.code-workspace opens as that multi-root workspace.
  const workspaceFile = join(folder, "semisync.code-workspace");
  const multiRoot = existsSync(workspaceFile);
  return {
    folder,
    userDataDir,
    /** What a desktop VS Code is given on its command line. */
    opens: multiRoot ? workspaceFile : folder,
    /** The workbench URL's query that opens it in code-server. */
    query: multiRoot ? `workspace=${encodeURIComponent(workspaceFile)}` : `folder=${encodeURIComponent(folder)}`,
    remove: () => rmSync(scratch, { recursive: true, force: true }),
  };
}
