// A real VS Code on a machine without a display: code-server (VS Code's workbench and its Node
// extension host, published on npm). Installs it once into a git-ignored cache and starts it
// for a test run or `npm start`. The recipe, and why each step is needed, is
// /work/shared/REAL-VSCODE.md: its postinstall cannot run here (root, ripgrep download, prompts).
import { spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const CODE_SERVER_VERSION = "4.100.3";
/** The Node major version code-server 4.100.3 runs on (its engines.node); newer Node needs a newer code-server. */
const NODE_MAJOR = 20;

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const cacheDir = join(repoRoot, ".vscode-test", `code-server-${CODE_SERVER_VERSION}`);
const entry = join(cacheDir, "node_modules", "code-server", "out", "node", "entry.js");

function log(message) {
  console.error(`[code-server] ${message}`);
}

/**
 * Installs code-server into cacheDir unless it is already there; resolves to cacheDir. Every
 * step is asynchronous, so the launchers' Ctrl-C handlers run during the install too.
 */
export async function ensureCodeServer() {
  checkNode();
  if (existsSync(cacheDir)) return cacheDir;
  const rg = requireTool("rg", "ripgrep (VS Code's search)", "apt-get install -y ripgrep");
  requireTool(
    "g++",
    "a C++ compiler (native modules are rebuilt for this Node)",
    "apt-get install -y g++ make python3",
  );
  requireTool("make", "make (native modules are rebuilt for this Node)", "apt-get install -y g++ make python3");
  requireTool("python3", "python3 (node-gyp)", "apt-get install -y python3");

  // Everything happens in a sibling folder named after this process and renamed at the end, so
  // an interrupted install is never mistaken for a complete one. Leftovers of installs whose
  // process is gone are removed; one still running in another process is left alone.
  const parent = dirname(cacheDir);
  mkdirSync(parent, { recursive: true });
  for (const name of readdirSync(parent)) {
    const owner = name.match(new RegExp(`^code-server-${CODE_SERVER_VERSION}\\.partial-(\\d+)$`))?.[1];
    if (owner && !alive(Number(owner))) rmSync(join(parent, name), { recursive: true, force: true });
  }
  const work = `${cacheDir}.partial-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work);
  const started = Date.now();
  log(`installing code-server ${CODE_SERVER_VERSION} into ${cacheDir} (about 2 minutes, once)`);
  try {
    // Without its own package.json npm would walk up and install into the repository.
    writeFileSync(
      join(work, "package.json"),
      JSON.stringify({ private: true, description: "code-server for semisync's tests" }) + "\n",
    );
    await npm(work, ["install", "--ignore-scripts", "--no-audit", "--no-fund", `code-server@${CODE_SERVER_VERSION}`]);
    const vscodeDir = join(work, "node_modules", "code-server", "lib", "vscode");
    await npm(vscodeDir, ["install", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund"]);
    const rgDir = join(vscodeDir, "node_modules", "@vscode", "ripgrep", "bin");
    mkdirSync(rgDir, { recursive: true });
    copyFileSync(rg, join(rgDir, "rg"));
    chmodSync(join(rgDir, "rg"), 0o755);
    // native-watchdog is not in the recipe, but without it every extension host logs
    // "Cannot find module './build/Release/watchdog'".
    await npm(vscodeDir, ["rebuild", "node-pty", "@parcel/watcher", "@vscode/spdlog", "native-watchdog"], {
      npm_config_yes: "true",
    });
    symlinkSync("node_modules", join(vscodeDir, "node_modules.asar"));
    await npm(join(vscodeDir, "extensions"), ["install", "--omit=dev", "--no-audit", "--no-fund"]);
    await npm(work, ["rebuild", "argon2"]);
    const version = await exec(process.execPath, [
      join(work, "node_modules", "code-server", "out", "node", "entry.js"),
      "--version",
    ]);
    if (!version.includes(CODE_SERVER_VERSION))
      throw new Error(`the installed code-server says it is ${version}, not ${CODE_SERVER_VERSION}`);
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
  try {
    renameSync(work, cacheDir);
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    // Another process finished installing first: use its copy.
    if (!existsSync(cacheDir)) throw error;
  }
  log(`installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return cacheDir;
}

function checkNode() {
  const major = Number(process.versions.node.split(".")[0]);
  if (major !== NODE_MAJOR) {
    throw new Error(
      `code-server ${CODE_SERVER_VERSION} runs on Node ${NODE_MAJOR}, this is Node ${process.versions.node}. ` +
        `Use Node ${NODE_MAJOR}, or pick the code-server whose engines.node matches (npm view code-server@VERSION engines.node) and change CODE_SERVER_VERSION in test/vscode/codeServer.mjs.`,
    );
  }
}

function requireTool(command, what, install) {
  const found = spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" });
  if (found.status !== 0)
    throw new Error(`installing code-server needs ${what}, and \`${command}\` is not on PATH: ${install}`);
  return found.stdout.trim();
}

/** Runs npm in dir; its output is shown only when it fails. */
function npm(dir, args, extraEnv = {}) {
  log(`${dir.slice(dirname(cacheDir).length + 1)}: npm ${args.join(" ")}`);
  // Inside `npm test` npm exports npm_config_local_prefix=<repo>; a nested npm would install there.
  const { npm_config_local_prefix: _, ...env } = process.env;
  return exec("npm", args, { cwd: dir, env: { ...env, ...extraEnv } });
}

/** Install steps still running; killed if our process exits meanwhile (Ctrl-C during the install). */
const running = new Set();
process.on("exit", () => {
  for (const child of running) for (const pid of [...descendants(child.pid), child.pid]) signal(pid, "SIGKILL");
});

/** Runs a command to completion and resolves to its output; rejects with the output's end when it fails. */
function exec(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    running.add(child);
    child.on("exit", () => running.delete(child));
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", (error) => reject(new Error(`\`${command}\` could not start: ${error.message}`)));
    child.on("close", (code, signal) => {
      if (code === 0) return resolve(output.trim());
      const end = output.trim().split("\n").slice(-40).join("\n");
      reject(
        new Error(
          `\`${command} ${args.join(" ")}\` failed in ${options.cwd ?? process.cwd()} (${signal ?? `exit ${code}`}):\n${end}`,
        ),
      );
    });
  });
}

/**
 * Starts code-server on 127.0.0.1 with a fresh user-data-dir and extensions-dir (unless given),
 * and resolves once it answers HTTP.
 * - folder: the workspace folder it opens by default.
 * - port: 0 (the default) for a free port the system picks.
 * - workspaceTrust: false passes --disable-workspace-trust; true keeps VS Code's trust prompt and
 *   restricted mode (a fresh user-data-dir trusts nothing).
 * - installExtensions: .vsix files installed into the extensions-dir before starting.
 * - env: extra environment for code-server and so for the extension host (the tests' run()).
 * Returns { url, port, userDataDir, extensionsDir, process, output(), stop() }.
 */
export async function startCodeServer({
  folder,
  port = 0,
  workspaceTrust = false,
  installExtensions = [],
  env = {},
  userDataDir,
  extensionsDir,
} = {}) {
  await ensureCodeServer();
  const home = mkdtempSync(join(tmpdir(), "semisync-code-server-"));
  userDataDir ??= join(home, "user-data");
  extensionsDir ??= join(home, "extensions");
  mkdirSync(userDataDir, { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  // Its own config file: code-server would otherwise create ~/.config/code-server/config.yaml.
  const config = join(home, "config.yaml");
  writeFileSync(config, "auth: none\n");
  const common = ["--config", config, "--user-data-dir", userDataDir, "--extensions-dir", extensionsDir];

  for (const vsix of installExtensions) await exec(process.execPath, [entry, ...common, "--install-extension", vsix]);

  const args = [
    entry,
    ...common,
    "--auth",
    "none",
    // Port 0: the system picks a free port, read back from the "listening" line (no race).
    "--bind-addr",
    `127.0.0.1:${port}`,
    "--disable-telemetry",
    "--disable-update-check",
    ...(workspaceTrust ? [] : ["--disable-workspace-trust"]),
    ...(folder ? [folder] : []),
  ];
  // A VS Code terminal's VSCODE_* variables would make code-server think it runs inside that editor.
  const childEnv = Object.fromEntries(
    Object.entries({ ...process.env, ...env }).filter(([key]) => !key.startsWith("VSCODE_")),
  );
  // detached: code-server leads its own process group, so stop() can signal all of it at once.
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: childEnv,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines = [];
  let stopped = false;
  const record = (chunk) => {
    for (const line of chunk.toString().split("\n")) if (line.trim()) lines.push(line);
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout.on("data", record);
  child.stderr.on("data", record);
  // The last resort when our process exits without calling stop() (an uncaught error, a signal
  // handler's process.exit while code-server is still starting): 'exit' handlers must be synchronous.
  const killOnExit = () => {
    for (const pid of descendants(child.pid)) signal(pid, "SIGKILL");
    killGroup(child.pid, "SIGKILL");
    rmSync(home, { recursive: true, force: true });
  };
  process.on("exit", killOnExit);

  let listening;
  try {
    listening = await new Promise((resolve, reject) => {
      const onData = () => {
        const match = lines.join("\n").match(/HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/);
        if (match) {
          child.stdout.off("data", onData);
          child.off("exit", onExit);
          resolve(Number(match[1]));
        }
      };
      const onExit = (code, exitSignal) =>
        reject(
          new Error(`code-server exited before listening (${exitSignal ?? `exit ${code}`}):\n${lines.join("\n")}`),
        );
      child.stdout.on("data", onData);
      child.once("exit", onExit);
    });
    await waitForHealth(`http://127.0.0.1:${listening}`, child, lines);
  } catch (error) {
    process.off("exit", killOnExit);
    await killTree(child.pid);
    rmSync(home, { recursive: true, force: true });
    throw error;
  }
  const url = `http://127.0.0.1:${listening}`;

  return {
    url,
    port: listening,
    userDataDir,
    extensionsDir,
    process: child,
    /** code-server's recent output, for error messages. */
    output: () => lines.join("\n"),
    /** Stops code-server and every process it started (extension host, pty host, watchers, their children). */
    async stop() {
      if (stopped) return;
      stopped = true;
      process.off("exit", killOnExit);
      await killTree(child.pid);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

async function waitForHealth(url, child, lines) {
  const deadline = Date.now() + 60_000;
  let problem = "no answer";
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`code-server exited while starting:\n${lines.join("\n")}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
      problem = `HTTP ${response.status}`;
    } catch (error) {
      // Not answering yet: the server is still loading.
      problem = error.cause?.message ?? error.message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `code-server listens at ${url} but ${url}/healthz gave ${problem} for 60 s (a port browsers refuse, like 1 or 6000?):\n${lines.join("\n")}`,
  );
}

/** The pids of every process below pid, read from ps (children started in a new session or group included). */
function descendants(pid) {
  const ps = spawnSync("ps", ["-e", "-o", "pid=,ppid="], { encoding: "utf8" });
  const children = new Map();
  for (const line of ps.stdout.trim().split("\n")) {
    const [child, parent] = line.trim().split(/\s+/).map(Number);
    children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const found = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(pid, name) {
  try {
    process.kill(pid, name);
  } catch {
    // Already exited.
  }
}

function killGroup(pid, name) {
  signal(-pid, name);
}

/**
 * SIGTERM to pid's process group and to every descendant (listed first, before they can be
 * orphaned), then SIGKILL to whatever is still alive after 5 s.
 */
async function killTree(pid) {
  const pids = [pid, ...descendants(pid)];
  killGroup(pid, "SIGTERM");
  for (const each of pids) signal(each, "SIGTERM");
  const deadline = Date.now() + 5000;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  killGroup(pid, "SIGKILL");
  for (const each of pids.filter(alive)) signal(each, "SIGKILL");
}
