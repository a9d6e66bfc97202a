import { strict as assert } from "node:assert";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";

/** As test/vscode/workspace.mjs launches Debian's Chromium (REAL-VSCODE.md), for tests compiled to CommonJS. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * Opens a report with every request but the file itself refused, as on a machine with no
 * network, and waits until it has drawn. `requests` lists what the page asked for.
 */
export async function openReport(browser: Browser, file: string): Promise<{ page: Page; requests: string[] }> {
  const url = pathToFileURL(file).href;
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const requests: string[] = [];
  context.on("request", (request) => requests.push(request.url()));
  await context.route("**/*", (route) => (route.request().url() === url ? route.continue() : route.abort()));
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(url);
  await page.locator("#semisync-pictures[data-ready=true]").waitFor({ timeout: 30_000 });
  assert.deepEqual(errors, [], "the page drew without an error");
  return { page, requests };
}
