import { strict as assert } from "node:assert";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import type { AddOutcome } from "../../src/extension/addToProject";
import { isMissingSemisync } from "../../src/extension/missingRuntime";
import { EXTENSION_ID, eventually, fixture, semisync } from "./helpers";

interface WalkthroughStep {
  id: string;
  description: string;
  media: { markdown?: string; image?: string };
}

/** Waits until the file's lenses include `count` "Run semisync graph" lenses (the index reads a new file from its watcher). */
async function graphLenses(file: string, count: number): Promise<void> {
  const until = Date.now() + 20_000;
  for (;;) {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      "vscode.executeCodeLensProvider",
      vscode.Uri.file(file),
    );
    if (lenses.filter((lens) => lens.command?.command === "semisync.runGraph").length === count) return;
    if (Date.now() > until) throw new Error(`gave up waiting: ${count} lenses in ${file}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("from an empty folder to a first run", () => {
  before(semisync);
  // The suites after this one count the fixture's tasks and files.
  after(async () => {
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    for (const name of ["semisync-example.ts", "first-steps"])
      await vscode.workspace.fs.delete(vscode.Uri.file(fixture(name)), { recursive: true, useTrash: false });
    const api = await semisync();
    await eventually(
      () => !api.index.tasks.some((task) => task.id.startsWith("Breakfast.")),
      "the example's tasks gone",
    );
  });

  it("contributes a walkthrough whose steps show media the extension carries and run its commands", () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const [walkthrough] = extension.packageJSON.contributes.walkthroughs as Array<{ steps: WalkthroughStep[] }>;
    assert.deepEqual(
      walkthrough.steps.map((step) => step.id),
      ["firstTask", "types", "run", "runView", "debug"],
    );
    for (const step of walkthrough.steps) {
      const media = step.media.markdown ?? step.media.image!;
      assert.ok(existsSync(join(extension.extensionPath, media)), `${step.id}: ${media} is in the extension`);
    }
    const commands = walkthrough.steps.flatMap((step) =>
      [...step.description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]),
    );
    assert.deepEqual(commands, [
      "semisync.openExample",
      "semisync.addToProject",
      "semisync.runAll",
      "semisync.run.focus",
      "semisync.debugTask",
    ]);
  });

  it("Open the Example copies the example beside the user's code, its lenses appear, and a second time it is left as it is", async () => {
    const file = await vscode.commands.executeCommand<string>("semisync.openExample");
    assert.equal(file, fixture("semisync-example.ts"));
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, file);
    await graphLenses(file, 3);
    writeFileSync(file, readFileSync(file, "utf8") + "// mine\n");
    assert.equal(await vscode.commands.executeCommand<string>("semisync.openExample"), file);
    assert.match(readFileSync(file, "utf8"), /\/\/ mine\n$/, "the file already there is not overwritten");
  });

  it("offers a quick fix on an unresolved import of semisync that adds the package, and TypeScript then finds it", async function () {
    // TypeScript's server starts, then npm installs: each can take tens of seconds on a busy machine.
    this.timeout(240_000);
    const project = fixture("first-steps");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "first-steps", private: true }, null, 2));
    writeFileSync(
      join(project, "package-lock.json"),
      JSON.stringify(
        { name: "first-steps", lockfileVersion: 3, requires: true, packages: { "": { name: "first-steps" } } },
        null,
        2,
      ),
    );
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", strict: true } }),
    );
    const app = join(project, "app.ts");
    writeFileSync(app, 'import { semisync } from "semisync";\n\nexport const begin = semisync.begin;\n');
    const document = await vscode.workspace.openTextDocument(app);
    await vscode.window.showTextDocument(document);

    const missing = () => vscode.languages.getDiagnostics(document.uri).find(isMissingSemisync);
    const diagnostic = await eventually(missing, "TypeScript's Cannot find module 'semisync'", 120_000);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      "vscode.executeCodeActionProvider",
      document.uri,
      diagnostic.range,
    );
    const fix = actions.find((action) => action.title === "Add semisync to this project (for its types)");
    assert.ok(fix?.command, `no quick fix among ${actions.map((action) => action.title).join(", ")}`);
    const outcome = await vscode.commands.executeCommand<AddOutcome>(
      fix.command.command,
      ...(fix.command.arguments ?? []),
    );
    assert.deepEqual(outcome, {
      root: project,
      command: "npm install --save-dev --no-audit --no-fund ./.semisync/semisync-0.1.0.tgz",
      exitCode: 0,
    });
    assert.equal(
      JSON.parse(readFileSync(join(project, "package.json"), "utf8")).devDependencies.semisync,
      "file:.semisync/semisync-0.1.0.tgz",
    );
    await eventually(() => !missing(), "TypeScript resolving semisync", 120_000);
  });
});
