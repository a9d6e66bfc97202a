// The module VS Code loads as extensionTestsPath (out/test/integration/index.js), in the
// extension host, with the real `vscode` API. The launchers are run.mjs (code-server, headless,
// what `npm test` uses) and runDesktop.mjs (a desktop VS Code through @vscode/test-electron).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import Mocha from "mocha";

/**
 * Runs every out/test/integration/*.test.js (or only those under the folder named by
 * SEMISYNC_INTEGRATION_SUITE, for a suite that needs another workspace or workspace trust)
 * and rejects when a test fails, which makes VS Code exit with code 1.
 */
export function run(): Promise<void> {
  const suite = process.env.SEMISYNC_INTEGRATION_SUITE;
  const root = join(__dirname, suite ?? "");
  // Without a suite, only the files beside this one: a suite folder needs its own launch.
  const files = readdirSync(root, { recursive: suite !== undefined, encoding: "utf8" })
    .filter((file) => file.endsWith(".test.js"))
    .sort()
    .map((file) => join(root, file));
  if (files.length === 0) return Promise.reject(new Error(`no *.test.js files under ${root}: run \`node esbuild.js --tests\` first`));

  // run.mjs starts echoing the workbench's log at this line (its SUITE_START).
  console.log(`semisync integration tests: ${files.length} file(s) under ${root}`);
  // Same style and limits as the unit tests (.mocharc.json), which this programmatic run does not read.
  const mocha = new Mocha({ ui: "bdd", timeout: 60_000, slow: 5_000 });
  for (const file of files) mocha.addFile(file);
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
