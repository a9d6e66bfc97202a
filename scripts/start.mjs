// `npm start`: the extension in a real VS Code (code-server) opening examples/, in your browser.
// By default the extension is packaged (npm run package) and installed from the .vsix, so you
// see what users get. --dev loads it from this checkout instead (Extension Development Host):
// run `npm run watch` beside it and reload the window after a change.
//
//   npm start [-- [--dev] [--port N] [--folder DIR] [--workspace-trust]]
//
// Stays up until Ctrl-C, then stops code-server and everything it started.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { repoRoot, startCodeServer } from "../test/vscode/codeServer.mjs";

const { values: options } = parseArgs({
  options: {
    dev: { type: "boolean", default: false },
    port: { type: "string", default: "0" },
    folder: { type: "string" },
    "workspace-trust": { type: "boolean", default: false },
  },
});
const folder = resolve(options.folder ?? join(repoRoot, "examples"));
const port = Number(options.port);
const vsix = join(repoRoot, ".vscode-test", "semisync.vsix");

function fail(message) {
  console.error(`npm start: ${message}`);
  process.exit(1);
}

if (!existsSync(folder)) fail(`the folder ${folder} does not exist.`);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(`--port takes a port number (0 for any free one), not ${options.port}`);

let server;
let stopping = false;
/** Ctrl-C at any point: a code-server still starting is killed by startCodeServer's exit hook. */
async function stop(code) {
  if (stopping) return;
  stopping = true;
  await server?.stop();
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stop(0));

/** Runs a build step in the foreground, asynchronously so that Ctrl-C is handled meanwhile. */
async function run(command, args) {
  const child = spawn(command, args, { cwd: repoRoot, stdio: "inherit" });
  const [code, signal] = await new Promise((resolve) => {
    child.on("error", (error) => fail(`\`${command}\` could not start: ${error.message}`));
    child.on("exit", (...result) => resolve(result));
  });
  if (code !== 0) fail(`\`${command} ${args.join(" ")}\` failed (${signal ?? `exit ${code}`})`);
}

// The package script builds too; the dev path only needs the bundles.
if (options.dev) await run(process.execPath, ["esbuild.js"]);
else await run("npm", ["run", "--silent", "package", "--", "--out", vsix]);
try {
  // Installs code-server first if it is missing.
  server = await startCodeServer({
    folder,
    port,
    workspaceTrust: options["workspace-trust"],
    installExtensions: options.dev ? [] : [vsix],
  });
} catch (error) {
  fail(error.message);
}
server.process.on("exit", (code, signal) => {
  if (stopping) return;
  console.error(`npm start: code-server exited (${signal ?? `exit ${code}`}):\n${server.output()}`);
  stop(1);
});

let address = `${server.url}/?folder=${encodeURIComponent(folder)}`;
if (options.dev) {
  const payload = [["extensionDevelopmentPath", `vscode-remote://127.0.0.1:${server.port}${repoRoot}`]];
  address += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
const source = options.dev ? "loaded from this checkout" : "installed from .vscode-test/semisync.vsix";
console.log(
  `\nVS Code (code-server) with semisync ${source}, opening ${folder}:\n\n  ${address}\n\nOpen it in a browser on this machine (or forward the port). Ctrl-C stops it.`,
);
