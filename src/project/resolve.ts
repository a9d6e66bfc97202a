/**
 * TypeScript-aware module resolution, shared by the ESM hooks and the CommonJS hook: the
 * extensionless and `.js`-suffixed imports TypeScript projects write, index files, and
 * tsconfig `paths`. Anything else is left to Node.
 */
import { statSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { projectOptionsFor } from "./tsconfig";

const TS_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts"];
const JS_TO_TS: Record<string, string[]> = {
  ".js": [".ts", ".tsx"],
  ".jsx": [".tsx"],
  ".mjs": [".mts"],
  ".cjs": [".cts"],
};

export function isTypeScriptFile(file: string): boolean {
  return TS_EXTENSIONS.some((extension) => file.endsWith(extension)) && !file.endsWith(".d.ts");
}

/** `exists` lets the scanner answer from directory listings it keeps, instead of a stat per candidate. */
export function resolveTypeScript(
  specifier: string,
  parentFile: string,
  exists: (path: string) => boolean = isFile,
): string | undefined {
  if (/[\\/]node_modules[\\/]/.test(parentFile)) return undefined;
  if (specifier.startsWith(".") || isAbsolute(specifier))
    return resolveFile(resolve(dirname(parentFile), specifier), exists);
  const options = projectOptionsFor(parentFile);
  if (!options.paths || !options.pathsBase) return undefined;
  for (const [pattern, targets] of Object.entries(options.paths)) {
    const star = pattern.indexOf("*");
    let matched: string | undefined;
    if (star < 0) matched = pattern === specifier ? "" : undefined;
    else if (
      specifier.startsWith(pattern.slice(0, star)) &&
      specifier.endsWith(pattern.slice(star + 1)) &&
      specifier.length >= pattern.length - 1
    ) {
      matched = specifier.slice(star, specifier.length - (pattern.length - star - 1));
    }
    if (matched === undefined) continue;
    for (const target of targets) {
      const found = resolveFile(resolve(options.pathsBase, target.replace("*", matched)), exists);
      if (found) return found;
    }
  }
  return undefined;
}

function resolveFile(path: string, exists: (path: string) => boolean): string | undefined {
  const dot = path.lastIndexOf(".");
  const extension = dot > path.lastIndexOf("/") ? path.slice(dot) : "";
  for (const replacement of JS_TO_TS[extension] ?? []) {
    const candidate = path.slice(0, -extension.length) + replacement;
    if (exists(candidate)) return candidate;
  }
  if (exists(path)) return path;
  for (const suffix of [...TS_EXTENSIONS, ".js", "/index.ts", "/index.tsx", "/index.js"]) {
    if (exists(path + suffix)) return path + suffix;
  }
  return undefined;
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}
