// Runs the same integration suite as run.mjs in a desktop VS Code, through @vscode/test-electron
// (the ecosystem's launcher): it downloads VS Code 1.100.3 into .vscode-test/ on first use, so it
// needs the network and a display (on Linux without one: xvfb-run -a node test/integration/runDesktop.mjs).
// Not part of `npm test`, which runs run.mjs on code-server. Build first: node esbuild.js --tests
//
//   node test/integration/runDesktop.mjs [--folder DIR] [--suite NAME] [--workspace-trust]
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { runTests } from "@vscode/test-electron";
import { repoRoot } from "../vscode/codeServer.mjs";
import { scratchWorkspace } from "../vscode/workspace.mjs";

const { values: options } = parseArgs({
  options: {
    folder: { type: "string" },
    suite: { type: "string" },
    "workspace-trust": { type: "boolean", default: false },
  },
});
const fixture = resolve(
  options.folder ?? process.env.SEMISYNC_TEST_WORKSPACE ?? join(repoRoot, "test", "fixtures", "editor"),
);
const workspace = scratchWorkspace(fixture);

try {
  await runTests({
    // The VS Code inside code-server 4.100.3, so both launchers test the same editor.
    version: "1.100.3",
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(repoRoot, "out", "test", "integration"),
    extensionTestsEnv: options.suite ? { SEMISYNC_INTEGRATION_SUITE: options.suite } : {},
    launchArgs: [
      workspace.opens,
      "--user-data-dir",
      workspace.userDataDir,
      "--disable-extensions",
      ...(options["workspace-trust"] ? [] : ["--disable-workspace-trust"]),
    ],
  });
} catch (error) {
  console.error(`integration tests (desktop VS Code): ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  workspace.remove();
}
