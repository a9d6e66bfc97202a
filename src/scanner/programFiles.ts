/**
 * The code a run runs, read from disk as the run loads it: what `semisync run --redis` and the
 * editor's coordinator through Redis have every worker check, and what `semisync run --watch`
 * watches. One walk for all of them, so none can check other files than the run loads.
 */
import { existsSync } from "node:fs";
import { tsconfigChain } from "../project/tsconfig";
import { cachedFacts } from "./factsCache";
import { Workspace } from "./workspace";

const NODE_MODULES = /[\\/]node_modules[\\/]/;

/**
 * The files and every file of the user's they import, transitively, resolved as the engine resolves
 * them (tsconfig `paths` too), never a package's; a literal `import("./x")` counts, as the run loads it.
 * Read statically through the scanner's facts, cached by content, so a later `semisync run` of the
 * same files finds them read.
 */
export function programFiles(files: readonly string[]): string[] {
  const workspace = new Workspace(undefined, { readFacts: cachedFacts() });
  const program = [...files];
  const seen = new Set(program);
  for (let i = 0; i < program.length; i++) {
    for (const imported of workspace.loadableFiles(program[i])) {
      if (seen.has(imported) || NODE_MODULES.test(imported)) continue;
      seen.add(imported);
      program.push(imported);
    }
  }
  return program;
}

/** The tsconfig.json files that decide how the program's files resolve and transpile, and those they extend. */
export function configFilesOf(files: readonly string[]): string[] {
  return [...new Set(files.flatMap(tsconfigChain))];
}

/**
 * What decides the code a run of `files` (the file run, and any it also loads) runs: its program's
 * files and the project's tsconfig.json files (a package's, like `@tsconfig/node20`, is the package
 * manager's to keep the same).
 */
export function codeOfRun(files: readonly string[]): string[] {
  const program = programFiles(files);
  return [...program, ...configFilesOf(program).filter((config) => !NODE_MODULES.test(config) && existsSync(config))];
}
