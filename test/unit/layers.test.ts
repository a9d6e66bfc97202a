import { strict as assert } from "node:assert";
import { join } from "node:path";
import { ESLint } from "eslint";
import { root } from "../helpers/paths";

/** The layering of src/ as README's "Source layout" states it: each folder and the folders it may import. */
const MAY_IMPORT: Record<string, string[]> = {
  shared: [],
  graph: ["shared"],
  project: ["shared"],
  runtime: ["shared"],
  engine: ["shared", "graph", "project", "runtime"],
  scanner: ["shared", "graph", "project"],
  cli: ["shared", "graph", "project", "engine", "scanner"],
  extension: ["shared", "graph", "engine", "scanner"],
};

describe("lint: enforces the layering of src/", () => {
  const eslint = new ESLint({ cwd: root });
  const restricted = async (fromFolder: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: join(root, "src", fromFolder, "probe.ts") });
    return result.messages
      .filter((message) => message.ruleId === "no-restricted-imports")
      .map((message) => message.message);
  };

  for (const [folder, allowed] of Object.entries(MAY_IMPORT)) {
    it(`lets src/${folder} import ${allowed.join(", ") || "nothing of ours"}, and refuses the rest`, async () => {
      for (const other of Object.keys(MAY_IMPORT).filter((each) => each !== folder)) {
        const messages = await restricted(
          folder,
          `import { thing } from "../${other}/module";\nexport const kept = thing;\n`,
        );
        if (allowed.includes(other)) assert.deepEqual(messages, [], `src/${folder} may import src/${other}`);
        else assert.match(messages.join("\n"), new RegExp(`src/${folder} may import .*not src/${other}`));
      }
    });
  }

  it("refuses 'vscode' everywhere but src/extension", async () => {
    const code = `import * as vscode from "vscode";\nexport const kept = vscode;\n`;
    for (const folder of Object.keys(MAY_IMPORT)) {
      const messages = await restricted(folder, code);
      if (folder === "extension") assert.deepEqual(messages, []);
      else assert.match(messages.join("\n"), /Only src\/extension .* may import 'vscode'/);
    }
  });
});
