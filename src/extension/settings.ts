import * as vscode from "vscode";
import type { RunOptions } from "../shared/protocol";
import { RUN_ON_SAVE_MODES, type RunOnSaveMode } from "./runOnSave";

/** What a user can set under "semisync.*"; read fresh each time, so a change needs no reload. */
export interface Settings {
  run: RunOptions;
  nodePath?: string;
  /** Tasks go through this Redis to `semisync worker`s; a user (machine) setting, never a workspace's. */
  redisUrl?: string;
  include: string;
  exclude: string;
  codeLens: boolean;
  runOnSave: RunOnSaveMode;
}

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const config = vscode.workspace.getConfiguration("semisync", scope);
  const positive = (value: number | null | undefined) => (typeof value === "number" && value > 0 ? value : undefined);
  return {
    run: {
      maxWorkers: positive(config.get<number | null>("maxWorkers")),
      timeoutMs: positive(config.get<number | null>("taskTimeoutMs")),
      failFast: config.get<boolean>("failFast", false),
    },
    nodePath: config.get<string>("nodePath")?.trim() || undefined,
    redisUrl: config.get<string>("redisUrl")?.trim() || undefined,
    include: config.get<string>("include", "**/*.{ts,tsx,mts,cts}"),
    exclude: config.get<string>("exclude", "**/{node_modules,dist,out,.git}/**"),
    codeLens: config.get<boolean>("codeLens.enabled", true),
    runOnSave: RUN_ON_SAVE_MODES.find((mode) => mode === config.get<string>("runOnSave")) ?? "off",
  };
}
