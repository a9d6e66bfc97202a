// Not a test of speed (nothing here asserts a time): bench/editor.mjs runs this suite on a
// generated workspace and reads the MEASURE line it prints. It asserts only that the scan
// found what the generator wrote.
import { strict as assert } from "node:assert";
import * as vscode from "vscode";
import type { SemisyncApi } from "../../../src/extension/extension";
import { EXTENSION_ID, eventually } from "../helpers";

describe("measure: the extension on a large workspace", () => {
  it("activates, scans and publishes diagnostics", async () => {
    const extension = vscode.extensions.getExtension<SemisyncApi>(EXTENSION_ID)!;
    assert.equal(extension.isActive, false, "nothing has activated semisync yet (no TypeScript file is open)");
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const api = await extension.activate();
    const activateMs = performance.now() - started;
    await api.index.whenScanned();
    const scannedMs = performance.now() - started;
    const expected = api.index.problems.length;
    assert.ok(api.index.tasks.length > 0, "the generated workspace has tasks");
    const published = () =>
      vscode.languages
        .getDiagnostics()
        .reduce(
          (count, [, diagnostics]) =>
            count + diagnostics.filter((diagnostic) => diagnostic.source === "semisync").length,
          0,
        );
    await eventually(() => published() === expected, "every problem published as a diagnostic", 120_000);
    const diagnosticsMs = performance.now() - started;
    const heapAddedMB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    console.log(
      `MEASURE ${JSON.stringify({ activateMs, scannedMs, diagnosticsMs, heapAddedMB, tasks: api.index.tasks.length, problems: expected })}`,
    );
  });
});
