/**
 * Node's module customization hooks (module.register) for the user's ESM TypeScript: resolve
 * `semisync` to the engine's own runtime and TypeScript-style specifiers to files, transpile
 * `.ts` on load. CommonJS-style files are handed to the require hook installed beside this.
 */
import { fileURLToPath, pathToFileURL } from "node:url";
import { formatOf, transpileFile } from "./transpile";
import { isTypeScriptFile, resolveTypeScript } from "../../project/resolve";

interface ResolveContext {
  parentURL?: string;
  conditions: string[];
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<{ url: string; format?: string | null }>;
type NextLoad = (
  url: string,
  context: { format?: string | null },
) => Promise<{ format: string; source?: string | Buffer | null }>;

let runtimeUrl = "";

export function initialize(data: { runtimePath: string }): void {
  runtimeUrl = pathToFileURL(data.runtimePath).href;
}

export async function resolve(specifier: string, context: ResolveContext, next: NextResolve) {
  if (specifier === "semisync") return { url: runtimeUrl, format: "commonjs", shortCircuit: true };
  if (context.parentURL?.startsWith("file:") && !specifier.startsWith("node:")) {
    const found = resolveTypeScript(specifier, fileURLToPath(context.parentURL));
    if (found) return { url: pathToFileURL(found).href, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url: string, context: { format?: string | null }, next: NextLoad) {
  if (url.startsWith("file:")) {
    const file = fileURLToPath(url);
    if (isTypeScriptFile(file)) {
      const format = formatOf(file);
      // Without a source, Node's CommonJS loader reads the file and our require hook transpiles it.
      if (format === "commonjs") return { format, shortCircuit: true };
      return { format, source: transpileFile(file, format), shortCircuit: true };
    }
  }
  return next(url, context);
}
