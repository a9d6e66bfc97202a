// Runs the integration tests (out/test/integration, built by `node esbuild.js --tests`) inside a
// real VS Code on a machine without a display: code-server serves the workbench, Debian's
// Chromium (driven by playwright-core) opens it with the tests' payload, and the extension host
// runs out/test/integration/index.js. Exits with the suite's code. This is what `npm test` uses;
// runDesktop.mjs runs the same suite in a desktop VS Code.
//
//   node test/integration/run.mjs [--folder DIR] [--suite NAME] [--workspace-trust] [--timeout SECONDS]
//
// --folder           the workspace the tests get a copy of (or SEMISYNC_TEST_WORKSPACE); default test/fixtures/editor.
//                    A folder holding semisync.code-workspace opens as that multi-root workspace.
// --suite            run only out/test/integration/NAME/**/*.test.js (a suite needing another folder or trust)
// --workspace-trust  keep workspace trust on: the folder opens untrusted (restricted mode)
// --timeout          give up after this many seconds, once code-server is installed; default 600
// --in-place         open the folder itself, not a copy (bench/editor.mjs reopens one folder)
import { existsSync } from "node:fs";
import { constants } from "node:os";
import { join, resolve } from "node:path";
import { format, parseArgs } from "node:util";
import { ensureCodeServer, repoRoot, startCodeServer } from "../vscode/codeServer.mjs";
import { CHROMIUM, launchChromium, scratchWorkspace } from "../vscode/workspace.mjs";

/** index.ts prefixes mocha's report with this, telling it from the rest of the workbench's log. */
const LOG_TAG = "[semisync-test] ";

const { values: options } = parseArgs({
  options: {
    folder: { type: "string" },
    suite: { type: "string" },
    "workspace-trust": { type: "boolean", default: false },
    timeout: { type: "string", default: "600" },
    "in-place": { type: "boolean", default: false },
  },
});
const fixture = resolve(
  options.folder ?? process.env.SEMISYNC_TEST_WORKSPACE ?? join(repoRoot, "test", "fixtures", "editor"),
);
const timeoutMs = Number(options.timeout) * 1000;
const testsPath = join(repoRoot, "out", "test", "integration");

function fail(message) {
  console.error(`integration tests: ${message}`);
  process.exit(1);
}

if (!existsSync(join(testsPath, "index.js")))
  fail(`${testsPath}/index.js is missing: run \`node esbuild.js --tests\` first (npm test does).`);
if (!existsSync(join(repoRoot, "dist", "extension.js")))
  fail("dist/extension.js is missing: run `node esbuild.js` first.");
if (!existsSync(fixture)) fail(`the workspace folder ${fixture} does not exist.`);
if (!existsSync(CHROMIUM)) fail(`${CHROMIUM} is missing: apt-get install -y chromium`);
if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) fail(`--timeout takes a number of seconds, not ${options.timeout}`);

let workspace;
let server;
let browser;
let page;
let cleaning;
function cleanUp() {
  cleaning ??= (async () => {
    await browser
      ?.close()
      .catch((error) => console.error(`integration tests: closing Chromium failed: ${error.message}`));
    await server?.stop();
    workspace?.remove();
  })();
  return cleaning;
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.once(signal, () => {
    console.error(`integration tests: ${signal}, stopping code-server and Chromium`);
    cleanUp().then(() => process.exit(128 + constants.signals[signal]));
  });
}

try {
  await ensureCodeServer();
} catch (error) {
  fail(error.message);
}

workspace = scratchWorkspace(fixture, { inPlace: options["in-place"] });
const { folder, userDataDir } = workspace;

const started = Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
/** Every line seen, echoed or not, so a timeout can say what happened last. */
const recent = [];
function remember(line) {
  recent.push(line);
  if (recent.length > 40) recent.shift();
}
const lastLines = () => `The last lines seen:\n${recent.join("\n") || "(none)"}`;

// One clock for the whole run, wherever it is stuck: starting code-server, opening the page, a test.
setTimeout(async () => {
  const screenshot = join(repoRoot, ".vscode-test", "integration-timeout.png");
  const picture = page
    ? await page.screenshot({ path: screenshot }).then(
        () => `The page at that moment: ${screenshot}`,
        (error) => `No screenshot: ${error.message}`,
      )
    : "The page was not open yet.";
  console.error(`integration tests: no result after ${timeoutMs / 1000} s (--timeout). ${lastLines()}\n${picture}`);
  await cleanUp();
  process.exit(1);
}, timeoutMs).unref();

async function main() {
  server = await startCodeServer({
    folder,
    userDataDir,
    workspaceTrust: options["workspace-trust"],
    // No extension gallery (open-vsx.org is unreachable here, and tests must not need the network).
    env: {
      EXTENSIONS_GALLERY: "{}",
      SEMISYNC_TEST_LOG_TAG: LOG_TAG,
      ...(options.suite ? { SEMISYNC_INTEGRATION_SUITE: options.suite } : {}),
    },
  });
  console.error(`integration tests: code-server at ${server.url} after ${seconds()}, workspace ${folder}`);

  // Signals are ours to handle: Playwright's own handlers would exit before code-server is stopped.
  browser = await launchChromium({ handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });

  let suiteStarted = false;
  let settle;
  const exited = new Promise((resolve) => (settle = resolve));
  // Once cleaning up has begun (a signal, the timeout), the page and code-server closing are expected.
  const exit = (result) => cleaning || settle(result);
  // The workbench calls these when opened with extensionTestsPath: every log line (its own and
  // the extension host's console), then the extension host's exit code once index.js's run()
  // has settled (0 when it resolved). Echoed: mocha's report as it is; errors labelled; other
  // lines labelled once the suite runs (a test's console.log among them), not the start-up chatter.
  await page.exposeFunction("codeAutomationLog", (type, args) => {
    const line = format(...args);
    const report = line.startsWith(LOG_TAG);
    suiteStarted ||= report;
    const shown = report ? line.slice(LOG_TAG.length) : `[vscode ${type}] ${line}`;
    remember(shown);
    if (type === "error" || (suiteStarted && type === "warn")) console.error(shown);
    else if (report || (suiteStarted && type === "info")) console.log(shown);
  });
  await page.exposeFunction("codeAutomationExit", (code) => exit({ code }));
  page.on("crash", () => exit({ error: "the Chromium page crashed" }));
  server.process.on("exit", (code, signal) =>
    exit({ error: `code-server exited (${signal ?? `exit ${code}`}):\n${server.output()}` }),
  );

  const remote = (path) => `vscode-remote://127.0.0.1:${server.port}${path}`;
  const payload = [
    ["extensionDevelopmentPath", remote(repoRoot)],
    ["extensionTestsPath", remote(testsPath)],
    ["skipWelcome", "true"],
  ];
  // No time limits of Playwright's own: the run's clock above is the only one.
  page
    .goto(`${server.url}/?${workspace.query}&payload=${encodeURIComponent(JSON.stringify(payload))}`, { timeout: 0 })
    .then(() => page.locator(".monaco-workbench").waitFor({ timeout: 0 }))
    .then(
      () => console.error(`integration tests: workbench ready after ${seconds()}`),
      (error) => exit({ error: `opening the workbench failed: ${error.message}` }),
    );

  const result = await exited;
  if (result.error) {
    console.error(`integration tests: ${result.error}\n${lastLines()}`);
    return 1;
  }
  console.error(
    `integration tests: ${result.code === 0 ? "passed" : `failed (extension host exit ${result.code})`} after ${seconds()}`,
  );
  return result.code;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  if (!cleaning) console.error(`integration tests: ${error.stack ?? error}\n${lastLines()}`);
} finally {
  await cleanUp();
}
process.exit(code);
