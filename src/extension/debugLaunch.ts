/**
 * The launch configuration that has VS Code's JavaScript debugger (js-debug) start a run's
 * coordinator. js-debug passes its bootloader through NODE_OPTIONS, and the coordinator's workers
 * inherit the environment, so each worker becomes a child session too: breakpoints bind in the
 * tasks (workers) and in callbacks (the coordinator) alike. Plain data, so it is tested in Node.
 */
import { dirname, join } from "node:path";
import { bundlePath } from "../shared/bundles";

/** Marks the sessions this extension starts, so it can tell its own from the user's. */
export const DEBUG_RUN_KEY = "semisyncDebugRun";

export interface DebugLaunch {
  /** Which run this session serves: the session's configuration carries it under DEBUG_RUN_KEY. */
  run: string;
  title: string;
  cwd?: string;
  /** The Node the coordinator runs on (VS Code's own by default, as a normal run's). */
  nodePath?: string;
  /** What the coordinator needs to connect back (see src/engine/coordinatorSocket.ts). */
  env: Record<string, string>;
}

/** VS Code's DebugConfiguration, without importing vscode. */
export interface LaunchConfiguration {
  type: string;
  name: string;
  request: string;
  [key: string]: unknown;
}

export function debugLaunchConfiguration(launch: DebugLaunch): LaunchConfiguration {
  const electron = Boolean(process.versions.electron) && !launch.nodePath;
  const ours = join(dirname(bundlePath("coordinator")), "**");
  return {
    type: "node",
    request: "launch",
    name: `semisync: debug ${launch.title}`,
    program: bundlePath("coordinator"),
    cwd: launch.cwd,
    runtimeExecutable: launch.nodePath ?? process.execPath,
    env: { ...launch.env, ...(electron ? { ELECTRON_RUN_AS_NODE: "1" } : {}) },
    // Its output reaches the run view as events; the debug console shows what the debugger says.
    console: "internalConsole",
    autoAttachChildProcesses: true,
    // Stepping stays in the user's code: never into Node's internals or semisync's engine.
    skipFiles: ["<node_internals>/**", ours],
    // The user's files carry inline source maps, wherever they are; our bundles name map files the .vsix does not ship.
    resolveSourceMapLocations: ["**", `!${ours}`, "!**/node_modules/**"],
    [DEBUG_RUN_KEY]: launch.run,
  };
}
