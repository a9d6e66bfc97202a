// The pictures at the scanner benchmark's size: `npm run build`, then `node bench/pictures.mjs [runs]`.
// Writes the static graph of the generated 5,000-file workspace (800 tasks, bench/scanGenerate.mjs)
// with `semisync graph --format html`, opens it in headless Chromium (Debian's, as the tests do)
// with no network, and reports, as the median of fresh pages: the layout, the time from the
// page's navigation start to the graph drawn (the target: laid out in under 2 s), and
// how long a click on a class's header takes to fold it into one node (a new layout and drawing),
// and a file's likewise.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launchChromium } from "../test/vscode/workspace.mjs";
import { generate } from "./scanGenerate.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const runs = Number(process.argv[2] ?? 5);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const load = () =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(" ");

const workspace = join(here, "workspaces", "ws-5000");
if (!existsSync(workspace)) generate(5000, workspace);
const scratch = mkdtempSync(join(tmpdir(), "semisync-bench-pictures-"));
const page = join(scratch, "graph.html");
const graph = spawnSync(process.execPath, [join(here, "..", "dist", "cli.js"), "graph", "--format", "html"], {
  cwd: workspace,
  encoding: "utf8",
  maxBuffer: 1 << 30,
});
if (graph.status !== 0) throw new Error(`semisync graph --format html failed:\n${graph.stderr}`);
writeFileSync(page, graph.stdout);
const tasks = (graph.stdout.match(/"id":"/g) ?? []).length;

console.log(
  `Machine: ${cpus()[0].model}, ${availableParallelism()} cores, Node ${process.version}; load average ${load()}`,
);
console.log(`Date: ${new Date().toISOString()}. ${tasks} tasks, page ${(graph.stdout.length / 1e3).toFixed(0)} KB.`);
const browser = await launchChromium();
const results = [];
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.route("**/*", (route) =>
      route.request().url() === pathToFileURL(page).href ? route.continue() : route.abort(),
    );
    const tab = await context.newPage();
    await tab.goto(pathToFileURL(page).href);
    await tab.locator("#semisync-pictures[data-ready=true]").waitFor({ timeout: 120_000 });
    const timings = await tab.evaluate(() => window.semisyncTimings);
    const nodes = await tab.locator(".node").count();
    const fold = (selector) =>
      tab.evaluate(async (selector) => {
        const started = performance.now();
        document.querySelector(selector).dispatchEvent(new MouseEvent("click", { bubbles: true }));
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
        return performance.now() - started;
      }, selector);
    const collapseMs = await fold(".group-header:not(.file-header)");
    const fileMs = await fold(".file-header");
    results.push({ ...timings, nodes, collapseMs, fileMs });
    console.log(
      `  page ${i + 1}: layout ${timings.layoutMs.toFixed(0)} ms, drawn ${timings.drawnMs.toFixed(0)} ms after navigation, ${nodes} nodes; a class folded in ${collapseMs.toFixed(0)} ms, then a file in ${fileMs.toFixed(0)} ms`,
    );
    await context.close();
  }
} finally {
  await browser.close();
  rmSync(scratch, { recursive: true, force: true });
}
console.log(
  `800-task graph, median of ${runs}: layout ${median(results.map((r) => r.layoutMs)).toFixed(0)} ms, laid out and drawn ${median(results.map((r) => r.drawnMs)).toFixed(0)} ms after navigation (target < 2 s), a class folded in ${median(results.map((r) => r.collapseMs)).toFixed(0)} ms, a file in ${median(results.map((r) => r.fileMs)).toFixed(0)} ms; load average at the end ${load()}`,
);
