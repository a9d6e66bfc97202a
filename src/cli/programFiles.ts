import { existsSync } from "node:fs";
import { tsconfigChain } from "../project/tsconfig";
import { cachedFacts } from "../scanner/factsCache";
import { Workspace } from "../scanner/workspace";

const NODE_MODULES = /[\\/]node_modules[\\/]/;

/**
 * The file and every file of the user's it imports, transitively, resolved as the engine resolves
 * them (tsconfig `paths` too), never a package's; a literal `import("./x")` counts, as the run loads it. Read statically through the scanner's facts,
 * cached by content, so a later `semisync run` of the same files finds them read.
 */
export function programFiles(file: string): string[] {
  const workspace = new Workspace(undefined, { readFacts: cachedFacts() });
  const files = [file];
  const seen = new Set(files);
  for (let i = 0; i < files.length; i++) {
    for (const imported of workspace.loadableFiles(files[i])) {
      if (seen.has(imported) || NODE_MODULES.test(imported)) continue;
      seen.add(imported);
      files.push(imported);
    }
  }
  return files;
}

/** The tsconfig.json files that decide how the program's files resolve and transpile, and those they extend. */
export function configFilesOf(files: string[]): string[] {
  return [...new Set(files.flatMap(tsconfigChain))];
}

/**
 * What decides the code a run of `file` runs: its program's files and the project's tsconfig.json
 * files (a package's, like `@tsconfig/node20`, is the package manager's to keep the same).
 */
export function codeOfRun(file: string): string[] {
  const files = programFiles(file);
  return [...files, ...configFilesOf(files).filter((config) => !NODE_MODULES.test(config) && existsSync(config))];
}
