import { cachedFacts } from "../scanner/factsCache";
import { Workspace } from "../scanner/workspace";

const NODE_MODULES = /[\\/]node_modules[\\/]/;

/**
 * The file and every file of the user's it imports, transitively, resolved as the engine resolves
 * them (tsconfig `paths` too), never a package's. Read statically through the scanner's facts,
 * cached by content, so a later `semisync run` of the same files finds them read.
 */
export function programFiles(file: string): string[] {
  const workspace = new Workspace(undefined, { readFacts: cachedFacts() });
  const files = [file];
  const seen = new Set(files);
  for (let i = 0; i < files.length; i++) {
    for (const imported of workspace.importedFiles(files[i])) {
      if (seen.has(imported) || NODE_MODULES.test(imported)) continue;
      seen.add(imported);
      files.push(imported);
    }
  }
  return files;
}
