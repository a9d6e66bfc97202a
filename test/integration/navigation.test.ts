import { strict as assert } from "node:assert";
import * as vscode from "vscode";
import { open, semisync } from "./helpers";

const definitionsAt = async (document: vscode.TextDocument, line: number, text: string) => {
  const character = document.lineAt(line - 1).text.indexOf(text) + 1;
  assert.ok(character > 0, `"${text}" is on line ${line}`);
  const found = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>(
    "vscode.executeDefinitionProvider",
    document.uri,
    new vscode.Position(line - 1, character),
  );
  return found.map((each) =>
    "targetUri" in each
      ? `${vscode.workspace.asRelativePath(each.targetUri)}:${each.targetRange.start.line + 1}`
      : `${vscode.workspace.asRelativePath(each.uri)}:${each.range.start.line + 1}`,
  );
};

describe("navigation", () => {
  before(semisync);

  it("Go to Definition on a dependency name or a reference in a thunk opens that task's decorator", async () => {
    assert.deepEqual(await definitionsAt(await open("finance.ts"), 25, '"expenses"'), ["finance.ts:18"]);
    // TypeScript answers for the method too; semisync adds the task.
    assert.ok((await definitionsAt(await open("audit.ts"), 6, "revenue")).includes("finance.ts:11"));
  });

  it("a hover over a task shows what it runs after, what needs it, and its last run", async () => {
    const document = await open("finance.ts");
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      "vscode.executeHoverProvider",
      document.uri,
      new vscode.Position(25, 10),
    );
    const text = hovers
      .flatMap((hover) => hover.contents.map((content) => (typeof content === "string" ? content : content.value)))
      .join("\n");
    assert.match(text, /\*\*Finance\.profit\*\* \(semisync task\)/);
    assert.match(text, /Runs after: `Finance\.revenue`, `Finance\.expenses`/);
    assert.match(text, /Needed by: `Report\.print`/);
    assert.match(text, /Last run: not run in this window yet/);

    await vscode.commands.executeCommand("semisync.runTask", document.uri.fsPath, "Finance.profit");
    const after = await vscode.commands.executeCommand<vscode.Hover[]>(
      "vscode.executeHoverProvider",
      document.uri,
      new vscode.Position(25, 10),
    );
    assert.match(
      after
        .flatMap((hover) => hover.contents.map((content) => (typeof content === "string" ? content : content.value)))
        .join("\n"),
      /Last run: succeeded in \d+ ms/,
    );
  });
});
