// The README's picture of the HTML report: runs examples/finance.ts with --report and photographs
// the page in headless Chromium. `npm run build`, then `node scripts/reportScreenshot.mjs [out.png]`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium } from "../test/vscode/workspace.mjs";
import { repoRoot } from "../test/vscode/codeServer.mjs";

const out = resolve(process.argv[2] ?? join(repoRoot, "media", "screenshots", "report.png"));
const scratch = mkdtempSync(join(tmpdir(), "semisync-report-shot-"));
const report = join(scratch, "run.html");
const run = spawnSync(
  process.execPath,
  [join(repoRoot, "dist", "cli.js"), "run", "examples/finance.ts", "--report", report],
  { cwd: repoRoot, encoding: "utf8" },
);
if (run.status !== 0) throw new Error(`semisync run failed:\n${run.stdout}${run.stderr}`);
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 640 } });
  await page.goto(pathToFileURL(report).href);
  await page.locator("#semisync-pictures[data-ready=true]").waitFor();
  await page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  rmSync(scratch, { recursive: true, force: true });
}
