import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type LaunchOptions, type Page } from "playwright-core";
import { root } from "./cli";

/** Debian's Chromium, launched as test/vscode/workspace.mjs launches it, from the flags both read. */
export function launchChromium(): Promise<Browser> {
  const launch = JSON.parse(readFileSync(join(root, "test", "vscode", "chromium.json"), "utf8")) as LaunchOptions;
  return chromium.launch({ ...launch, headless: true });
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
