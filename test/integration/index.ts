// The module VS Code loads as extensionTestsPath (out/test/integration/index.js), in the
// extension host, with the real `vscode` API. The launchers are run.mjs (code-server, headless,
// what `npm test` uses) and runDesktop.mjs (a desktop VS Code through @vscode/test-electron).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { format } from "node:util";
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
  if (files.length === 0)
    return Promise.reject(new Error(`no *.test.js files under ${root}: run \`node esbuild.js --tests\` first`));

  // Same style and limits as the unit tests (.mocharc.json), which this programmatic run does not read.
  const mocha = new Mocha({ ui: "bdd", timeout: 60_000, slow: 5_000 });
  tagReport(process.env.SEMISYNC_TEST_LOG_TAG);
  for (const file of files) mocha.addFile(file);
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}

/**
 * In code-server the extension host's console reaches run.mjs mixed into the workbench's own
 * log, with nothing to tell them apart; run.mjs passes a tag and prints mocha's report, the lines
 * carrying it, as they are. (The console itself cannot be wrapped: VS Code makes it read-only.)
 */
function tagReport(tag: string | undefined): void {
  if (!tag) return;
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(tag + format(...args));
}
