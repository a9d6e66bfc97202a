import { strict as assert } from "node:assert";
import * as vscode from "vscode";
import { eventually, fixture, semisync, semisyncDiagnostics } from "./helpers";

describe("diagnostics", () => {
  before(semisync);

  it("marks each decorator of a cycle as an error naming the whole path, pointing at the other member", () => {
    const diagnostics = semisyncDiagnostics(fixture("loop.ts"));
    assert.deepEqual(
      diagnostics.map((diagnostic) => [
        diagnostic.range.start.line + 1,
        diagnostic.severity,
        diagnostic.code,
        diagnostic.message,
      ]),
      [
        [4, vscode.DiagnosticSeverity.Error, "SS001", "dependency cycle: Loop.first -> Loop.second -> Loop.first"],
        [7, vscode.DiagnosticSeverity.Error, "SS001", "dependency cycle: Loop.first -> Loop.second -> Loop.first"],
      ],
    );
    assert.deepEqual(
      diagnostics.map((diagnostic) =>
        diagnostic.relatedInformation!.map(
          (related) => `${related.location.uri.fsPath}:${related.location.range.start.line + 1}`,
        ),
      ),
      [[`${fixture("loop.ts")}:7`], [`${fixture("loop.ts")}:4`]],
    );
    assert.deepEqual(semisyncDiagnostics(fixture("finance.ts")), []);
  });

  it("follows a file created, renamed and deleted on disk", async () => {
    const created = vscode.Uri.file(fixture("created-cycle.ts"));
    const renamed = vscode.Uri.file(fixture("renamed-cycle.ts"));
    const cycle =
      'import { semisync } from "semisync";\nexport class Twice {\n  @semisync({ dependencies: ["again"] })\n  static again() {}\n}\n';
    try {
      await vscode.workspace.fs.writeFile(created, new TextEncoder().encode(cycle));
      await eventually(() => semisyncDiagnostics(created.fsPath).length === 1, "a diagnostic on the created file");
      assert.equal(semisyncDiagnostics(created.fsPath)[0].message, "dependency cycle: Twice.again -> Twice.again");

      await vscode.workspace.fs.rename(created, renamed);
      await eventually(
        () => semisyncDiagnostics(renamed.fsPath).length === 1 && semisyncDiagnostics(created.fsPath).length === 0,
        "the diagnostic following the rename",
      );

      await vscode.workspace.fs.delete(renamed);
      await eventually(() => semisyncDiagnostics(renamed.fsPath).length === 0, "the diagnostic gone with the file");
    } finally {
      for (const uri of [created, renamed]) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    }
  });

  it("follows an edit to a tsconfig.json's paths: imports resolve through the new paths", async () => {
    const project = vscode.Uri.file(fixture("paths-project"));
    const write = (name: string, text: string) =>
      vscode.workspace.fs.writeFile(vscode.Uri.joinPath(project, name), new TextEncoder().encode(text));
    const paths = (target: string) =>
      write(
        "tsconfig.json",
        JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@lib/*": [`${target}/*`] } } }),
      );
    const base = (method: string) =>
      `import { semisync } from "semisync";\nexport class Base {\n  @semisync()\n  static ${method}() {}\n}\n`;
    const main = vscode.Uri.joinPath(project, "main.ts").fsPath;
    try {
      await paths("lib-a");
      await write("lib-a/base.ts", base("source"));
      await write("lib-b/base.ts", base("other"));
      await write(
        "main.ts",
        'import { semisync } from "semisync";\nimport { Base } from "@lib/base";\nexport class Main {\n  @semisync({ dependencies: [Base.source] })\n  static total() {}\n}\n',
      );
      const api = await semisync();
      await eventually(() => api.index.tasksIn(main).length === 1, "main.ts scanned");
      assert.deepEqual(semisyncDiagnostics(main), [], "Base.source resolves in lib-a");
      await paths("lib-b");
      await eventually(() => semisyncDiagnostics(main).length === 1, "a diagnostic once the paths lead to lib-b");
      assert.match(semisyncDiagnostics(main)[0].message, /source/);
    } finally {
      await vscode.workspace.fs.delete(project, { recursive: true }).then(undefined, () => undefined);
    }
  });

  it("follows a folder renamed and deleted: its files' problems move and go with it", async () => {
    const folder = vscode.Uri.file(fixture("nested"));
    const moved = vscode.Uri.file(fixture("moved"));
    const cycle =
      'import { semisync } from "semisync";\nexport class Nested {\n  @semisync({ dependencies: ["spin"] })\n  static spin() {}\n}\n';
    try {
      await vscode.workspace.fs.createDirectory(folder);
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, "spin.ts"), new TextEncoder().encode(cycle));
      await eventually(
        () => semisyncDiagnostics(fixture("nested/spin.ts")).length === 1,
        "a diagnostic in the new folder's file",
      );

      await vscode.workspace.fs.rename(folder, moved);
      await eventually(
        () =>
          semisyncDiagnostics(fixture("moved/spin.ts")).length === 1 &&
          semisyncDiagnostics(fixture("nested/spin.ts")).length === 0,
        "the diagnostic following the folder's rename",
      );

      await vscode.workspace.fs.delete(moved, { recursive: true });
      await eventually(
        () => semisyncDiagnostics(fixture("moved/spin.ts")).length === 0,
        "the diagnostic gone with the folder",
      );
    } finally {
      for (const uri of [folder, moved])
        await vscode.workspace.fs.delete(uri, { recursive: true }).then(undefined, () => undefined);
    }
  });

  it("follows unsaved text: fixing a cycle in the editor clears its errors before saving", async () => {
    const document = await vscode.workspace.openTextDocument(fixture("loop.ts"));
    const editor = await vscode.window.showTextDocument(document);
    try {
      const line = document.lineAt(6);
      await editor.edit((edit) => edit.replace(line.range, "  @semisync()"));
      await eventually(
        () => semisyncDiagnostics(document.uri.fsPath).length === 0,
        "the cycle's errors gone after the edit",
      );
    } finally {
      await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
    }
    await eventually(
      () => semisyncDiagnostics(fixture("loop.ts")).length === 2,
      "the cycle back once the edit is thrown away",
    );
  });
});
