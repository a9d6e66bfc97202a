import { strict as assert } from "node:assert";
import { join } from "node:path";
import * as vscode from "vscode";
import type { RunOutcome } from "../../../src/extension/runController";
import { eventually, runViewText, semisync, semisyncDiagnostics } from "../helpers";

const folder = (name: string) => vscode.workspace.workspaceFolders!.find((each) => each.name === name)!.uri.fsPath;

describe("a multi-root workspace", () => {
  before(semisync);

  it("scans every folder as its own project: the same task id in two folders is not ambiguous", async () => {
    const api = await semisync();
    assert.deepEqual(
      vscode.workspace.workspaceFolders!.map((each) => each.name),
      ["billing", "shipping"],
    );
    assert.deepEqual(
      api.index
        .tasksIn(join(folder("billing"), "jobs.ts"))
        .map((task) => `${task.id} <- ${task.dependencies.join(",")}`),
      ["Jobs.fetch <- ", "Jobs.run <- Jobs.fetch"],
    );
    assert.deepEqual(semisyncDiagnostics(join(folder("billing"), "jobs.ts")), []);
    assert.deepEqual(
      semisyncDiagnostics(join(folder("shipping"), "jobs.ts")).map((diagnostic) => diagnostic.message),
      ["dependency cycle: Jobs.run -> Jobs.run"],
    );
  });

  it("follows files created in the second folder", async () => {
    const created = vscode.Uri.file(join(folder("shipping"), "extra.ts"));
    try {
      await vscode.workspace.fs.writeFile(
        created,
        new TextEncoder().encode(
          'import { semisync } from "semisync";\nexport class Extra {\n  @semisync({ dependencies: ["missing"] })\n  static go() {}\n}\n',
        ),
      );
      await eventually(() => semisyncDiagnostics(created.fsPath).length === 1, "a diagnostic in the created file");
      assert.match(semisyncDiagnostics(created.fsPath)[0].message, /dependency "missing" is not a known task/);
    } finally {
      await vscode.workspace.fs.delete(created);
    }
    await eventually(() => semisyncDiagnostics(created.fsPath).length === 0, "the diagnostic gone with the file");
  });

  it("runs a task in the folder it belongs to", async () => {
    const api = await semisync();
    const outcome = await vscode.commands.executeCommand<RunOutcome>(
      "semisync.runGraph",
      join(folder("billing"), "jobs.ts"),
      "Jobs.run",
    );
    assert.deepEqual(outcome, { exitCode: 0 });
    assert.deepEqual(
      runViewText(api).map((row) => `${row.label} ${row.description.split(" · ")[0]} ${row.lines.join("|")}`),
      ["Jobs.fetch succeeded billing fetched", "Jobs.run succeeded billing ran"],
    );
  });

  it("Run All runs every graph of the active file's folder, leaving out graphs with a cycle", async () => {
    const api = await semisync();
    await vscode.window.showTextDocument(vscode.Uri.file(join(folder("shipping"), "jobs.ts")));
    assert.deepEqual(
      await vscode.commands.executeCommand("semisync.runAll"),
      { leftOut: ["Jobs.run"] },
      "shipping's only graph is a cycle: left out, nothing to run",
    );
    await vscode.window.showTextDocument(vscode.Uri.file(join(folder("billing"), "jobs.ts")));
    assert.deepEqual(await vscode.commands.executeCommand<RunOutcome>("semisync.runAll"), { exitCode: 0 });
    assert.deepEqual(
      runViewText(api).map((row) => row.label),
      ["Jobs.fetch", "Jobs.run"],
    );
  });
});
