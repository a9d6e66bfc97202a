import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ESLint } from "eslint";
import { root } from "../helpers/paths";

/** The layering of src/ as README's "Source layout" table states it: each folder and the folders it may import. */
function layersInReadme(): Map<string, string[]> {
  const rows = readFileSync(join(root, "README.md"), "utf8")
    .split("\n")
    .filter((line) => /^\| `src\/\w+` \|/.test(line))
    .map((line) => line.split("|").map((cell) => cell.trim()));
  const folders = rows.map(([, folder]) => folder.slice("`src/".length, -1));
  return new Map(
    rows.map(([, , , mayImport], i) => {
      const named = [...mayImport.matchAll(/`(\w+)`/g)].map((match) => match[1]);
      if (mayImport.startsWith("nothing")) return [folders[i], []];
      if (mayImport.startsWith("all but"))
        return [folders[i], folders.filter((f) => f !== folders[i] && !named.includes(f))];
      return [folders[i], named];
    }),
  );
}

/** Every way TypeScript code can reach another module, each of which the rule must see. */
const FORMS = [
  (module: string) => `import { thing } from "${module}";\nexport const kept = thing;\n`,
  (module: string) => `export { thing } from "${module}";\n`,
  (module: string) => `export const kept = require("${module}");\n`,
  (module: string) => `export const kept = import("${module}");\n`,
  (module: string) => `export type Kept = typeof import("${module}");\n`,
];

describe("lint: enforces the layering of src/ that the README states", () => {
  const layers = layersInReadme();
  const eslint = new ESLint({ cwd: root });
  const complaints = async (fromFolder: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: join(root, "src", fromFolder, "probe.ts") });
    return result.messages
      .filter((message) => message.ruleId === "no-restricted-imports" || message.ruleId === "no-restricted-syntax")
      .map((message) => message.message);
  };

  it("reads a layer for every folder of src/", () => {
    assert.deepEqual([...layers.keys()].sort(), [
      "cli",
      "engine",
      "extension",
      "graph",
      "pictures",
      "project",
      "runtime",
      "scanner",
      "shared",
      "webview",
    ]);
  });

  for (const [folder, allowed] of layersInReadme()) {
    it(`lets src/${folder} import ${allowed.join(", ") || "nothing of ours"}, and refuses the rest in every form`, async () => {
      for (const other of [...layers.keys()].filter((each) => each !== folder)) {
        for (const form of FORMS) {
          const code = form(`../${other}/module`);
          const messages = await complaints(folder, code);
          if (allowed.includes(other)) assert.deepEqual(messages, [], `src/${folder} may import src/${other}: ${code}`);
          else assert.match(messages.join("\n"), new RegExp(`src/${folder} may import .*not src/${other}`), code);
        }
      }
    });
  }

  it("refuses 'vscode' everywhere but src/extension, in every form", async () => {
    for (const folder of layers.keys()) {
      for (const form of FORMS) {
        const messages = await complaints(folder, form("vscode"));
        if (folder === "extension") assert.deepEqual(messages, []);
        else assert.match(messages.join("\n"), /Only src\/extension .* may import 'vscode'/, form("vscode"));
      }
    }
  });
});
