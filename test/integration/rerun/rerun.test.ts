// Runs in test/fixtures/rerun (see the `integration` script): a pipeline whose fetch fails until a
// file named "fixed" lies beside it, what depends on it, and a branch of its own.
import { strict as assert } from "node:assert";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as vscode from "vscode";
import type { SemisyncApi } from "../../../src/extension/extension";
import type { RunOutcome } from "../../../src/extension/runController";
import type { RunNode } from "../../../src/extension/runView";
import { fixture, runViewText, semisync } from "../helpers";

const PIPELINE = ["Pipeline.source", "Pipeline.fetch", "Pipeline.parse", "Pipeline.publish", "Pipeline.audit"];
const ALL = [...PIPELINE, "Pipeline.report", "Clock.start", "Clock.tick"];

/** The tasks that ran since the last call, read from what each task wrote as it ran. */
function ranSinceLastAsked(): string[] {
  const log = fixture("ran.log");
  if (!existsSync(log)) return [];
  const text = readFileSync(log, "utf8");
  rmSync(log);
  return text.split("\n").filter(Boolean).sort();
}

function rowsOf(api: SemisyncApi) {
  const rows = runViewText(api);
  const row = (label: string) => {
    const found = rows.find((each) => each.label === label);
    assert.ok(found, `${label} has a row: ${rows.map((each) => each.label).join(", ")}`);
    return found;
  };
  return { labels: rows.map((each) => each.label).sort(), row };
}

function taskNode(api: SemisyncApi, key: string): RunNode {
  const node = api.views.run.getChildren().find((each) => each.kind === "task" && each.key === key);
  assert.ok(node, `${key} has a row`);
  return node;
}

const tooltipOf = (api: SemisyncApi, key: string) => String(api.views.run.getTreeItem(taskNode(api, key)).tooltip);

describe("rerunning what failed, and running from a row", () => {
  before(async () => {
    await semisync();
    rmSync(fixture("fixed"), { force: true });
  });
  beforeEach(ranSinceLastAsked);

  it("a failing run: the root failure counts the skips it caused, and each skip names that root", async () => {
    const api = await semisync();
    assert.deepEqual(await vscode.commands.executeCommand<RunOutcome>("semisync.runAll"), { exitCode: 1 });
    assert.deepEqual(ranSinceLastAsked(), [
      "Clock.start",
      "Clock.tick",
      "Pipeline.audit",
      "Pipeline.fetch",
      "Pipeline.source",
    ]);
    const { labels, row } = rowsOf(api);
    assert.deepEqual(labels, [...ALL].sort());
    assert.match(row("Pipeline.fetch").description, /^failed · .* · 3 skipped because of it$/);
    assert.equal(row("Pipeline.report").description, "skipped · upstream failed: Pipeline.fetch");
    assert.match(
      tooltipOf(api, "Pipeline.publish"),
      /Skipped because Pipeline\.fetch failed upstream \(the root failure\); it never ran\./,
    );
    const skippedBy = /The root failure that skipped (.*)\.$/m.exec(tooltipOf(api, "Pipeline.fetch"));
    assert.deepEqual(skippedBy?.[1].split(", ").sort(), ["Pipeline.parse", "Pipeline.publish", "Pipeline.report"]);
    assert.match(tooltipOf(api, "Clock.tick"), /In the run because you chose it\./);
    assert.equal(api.views.run.getTreeItem(taskNode(api, "Pipeline.fetch")).contextValue, "task-failed");
  });

  it("Rerun Failed runs exactly the failed and skipped tasks with what they need upstream, and says why each is there", async () => {
    const api = await semisync();
    assert.deepEqual(await vscode.commands.executeCommand<RunOutcome>("semisync.rerunFailed"), { exitCode: 1 });
    // Clock's branch succeeded and needs nothing that failed: it did not run again.
    assert.deepEqual(ranSinceLastAsked(), ["Pipeline.audit", "Pipeline.fetch", "Pipeline.source"]);
    const { labels, row } = rowsOf(api);
    assert.deepEqual(labels, [...PIPELINE, "Pipeline.report"].sort());
    assert.match(row("Pipeline.fetch").description, /^failed · .* · rerun: failed last run · 3 skipped because of it$/);
    assert.equal(
      row("Pipeline.parse").description,
      "skipped · upstream failed: Pipeline.fetch · rerun: was skipped last run",
    );
    assert.match(row("Pipeline.source").description, /^succeeded · .* · needed by Pipeline\.fetch$/);
    assert.match(row("Pipeline.audit").description, /^succeeded · .* · needed by Pipeline\.report$/);
    assert.match(tooltipOf(api, "Pipeline.fetch"), /Rerun because it failed last run\./);
    assert.match(
      tooltipOf(api, "Pipeline.audit"),
      /In the run because Pipeline\.report needs it \(needed upstream\)\./,
    );
  });

  it("after the fix, Rerun Failed runs the same set and all of it succeeds; then there is nothing left to rerun", async () => {
    const api = await semisync();
    writeFileSync(fixture("fixed"), "");
    assert.deepEqual(await vscode.commands.executeCommand<RunOutcome>("semisync.rerunFailed"), { exitCode: 0 });
    assert.deepEqual(ranSinceLastAsked(), [...PIPELINE, "Pipeline.report"].sort());
    const { labels, row } = rowsOf(api);
    assert.deepEqual(labels, [...PIPELINE, "Pipeline.report"].sort());
    for (const label of labels) assert.match(row(label).description, /^succeeded/);
    assert.equal(await vscode.commands.executeCommand<RunOutcome>("semisync.rerunFailed"), undefined);
    assert.deepEqual(ranSinceLastAsked(), [], "nothing ran");
  });

  it("Run from here runs the row's task and what the last run reached downstream of it, with what they need", async () => {
    const api = await semisync();
    assert.deepEqual(await vscode.commands.executeCommand<RunOutcome>("semisync.runAll"), { exitCode: 0 });
    ranSinceLastAsked();
    assert.deepEqual(
      await vscode.commands.executeCommand<RunOutcome>("semisync.runFromHere", taskNode(api, "Pipeline.parse")),
      { exitCode: 0 },
    );
    // parse, and after it publish and report; report needs audit, and parse needs fetch and source.
    assert.deepEqual(ranSinceLastAsked(), [...PIPELINE, "Pipeline.report"].sort());
    const { labels, row } = rowsOf(api);
    assert.deepEqual(labels, [...PIPELINE, "Pipeline.report"].sort());
    assert.match(row("Pipeline.parse").description, /^succeeded · \S+ ms$/);
    assert.match(row("Pipeline.publish").description, /^succeeded · .* · downstream of Pipeline\.parse$/);
    assert.match(row("Pipeline.report").description, /^succeeded · .* · downstream of Pipeline\.parse$/);
    assert.match(row("Pipeline.fetch").description, /^succeeded · .* · needed by Pipeline\.parse$/);
    assert.match(tooltipOf(api, "Pipeline.parse"), /In the run because you chose it\./);

    // From a row with nothing downstream: that task alone, with its upstream.
    assert.deepEqual(
      await vscode.commands.executeCommand<RunOutcome>("semisync.runFromHere", taskNode(api, "Pipeline.publish")),
      { exitCode: 0 },
    );
    assert.deepEqual(ranSinceLastAsked(), ["Pipeline.fetch", "Pipeline.parse", "Pipeline.publish", "Pipeline.source"]);
    assert.deepEqual(rowsOf(api).labels, ["Pipeline.fetch", "Pipeline.parse", "Pipeline.publish", "Pipeline.source"]);
  });
});
