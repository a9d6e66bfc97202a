// Not a test of speed (nothing here asserts a time): bench/editor.mjs runs this suite on a
// generated workspace and reads the MEASURE line it prints. It asserts only that the scan
// found what the generator wrote.
import { strict as assert } from "node:assert";
import * as vscode from "vscode";
import type { SemisyncApi } from "../../../src/extension/extension";
import { EXTENSION_ID, eventually } from "../helpers";

const published = () =>
  vscode.languages
    .getDiagnostics()
    .reduce(
      (count, [, diagnostics]) => count + diagnostics.filter((diagnostic) => diagnostic.source === "semisync").length,
      0,
    );

describe("measure: the extension on a large workspace", () => {
  it("activates, scans and publishes diagnostics", async () => {
    const extension = vscode.extensions.getExtension<SemisyncApi>(EXTENSION_ID)!;
    assert.equal(extension.isActive, false, "nothing has activated semisync yet (no TypeScript file is open)");
    const heapBefore = process.memoryUsage().heapUsed;
    // A reopened folder shows its diagnostics before its scan is through: note when each count was reached.
    const counts: Array<{ count: number; ms: number }> = [];
    const started = performance.now();
    const listening = vscode.languages.onDidChangeDiagnostics(() =>
      counts.push({ count: published(), ms: performance.now() - started }),
    );
    const api = await extension.activate();
    const activateMs = performance.now() - started;
    await api.index.whenScanned();
    const scannedMs = performance.now() - started;
    const expected = api.index.problems.length;
    assert.ok(api.index.tasks.length > 0, "the generated workspace has tasks");
    await eventually(() => published() === expected, "every problem published as a diagnostic", 120_000);
    listening.dispose();
    // The last time the count became the final one: from then on every diagnostic was shown.
    const last = counts.findLastIndex((each) => each.count !== expected);
    const diagnosticsMs = counts[last + 1]?.ms ?? performance.now() - started;
    const heapAddedMB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    // What listing the folder costs, which every opening pays before it can trust a saved scan.
    const folder = vscode.workspace.workspaceFolders![0];
    const listing = performance.now();
    await vscode.workspace.findFiles(
      new vscode.RelativePattern(folder, "**/*.{ts,tsx,mts,cts}"),
      "**/{node_modules,dist,out,.git}/**",
    );
    const findFilesMs = performance.now() - listing;
    console.log(
      `MEASURE ${JSON.stringify({ activateMs, diagnosticsMs, scannedMs, findFilesMs, heapAddedMB, tasks: api.index.tasks.length, problems: expected })}`,
    );
  });
});
