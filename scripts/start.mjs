// `npm start`: the extension in a real VS Code (code-server) opening examples/, in your browser.
// By default the extension is packaged (npm run package) and installed from the .vsix, so you
// see what users get. --dev loads it from this checkout instead (Extension Development Host):
// run `npm run watch` beside it and reload the window after a change.
//
//   npm start [-- --dev] [-- --port N] [-- --folder DIR] [-- --workspace-trust]
//
// Stays up until Ctrl-C, then stops code-server and everything it started.
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ensureCodeServer, repoRoot, startCodeServer } from "../test/vscode/codeServer.mjs";

const { values: options } = parseArgs({
  options: {
    dev: { type: "boolean", default: false },
    port: { type: "string", default: "0" },
    folder: { type: "string" },
    "workspace-trust": { type: "boolean", default: false },
  },
});
const folder = resolve(options.folder ?? join(repoRoot, "examples"));
const vsix = join(repoRoot, ".vscode-test", "semisync.vsix");

function run(command, args) {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`npm start: \`${command} ${args.join(" ")}\` failed (${result.error?.message ?? `exit ${result.status}`})`);
    process.exit(1);
  }
}

// The package script builds too; the dev path only needs the bundles.
if (options.dev) run(process.execPath, ["esbuild.js"]);
else run("npm", ["run", "--silent", "package", "--", "--out", vsix]);
ensureCodeServer();

const server = await startCodeServer({
  folder,
  port: Number(options.port),
  workspaceTrust: options["workspace-trust"],
  installExtensions: options.dev ? [] : [vsix],
});
let address = `${server.url}/?folder=${encodeURIComponent(folder)}`;
if (options.dev) {
  const payload = [["extensionDevelopmentPath", `vscode-remote://127.0.0.1:${server.port}${repoRoot}`]];
  address += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
const source = options.dev ? "loaded from this checkout" : "installed from .vscode-test/semisync.vsix";
console.log(`\nVS Code (code-server) with semisync ${source}, opening ${folder}:\n\n  ${address}\n\nOpen it in a browser on this machine (or forward the port). Ctrl-C stops it.`);

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  await server.stop();
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stop(0));
server.process.on("exit", (code, signal) => {
  if (stopping) return;
  console.error(`npm start: code-server exited (${signal ?? `exit ${code}`}):\n${server.output()}`);
  stop(1);
});
