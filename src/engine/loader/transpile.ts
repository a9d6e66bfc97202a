/**
 * Transpiles a user's TypeScript file with the bundled compiler, through an on-disk cache keyed
 * by the source and the options, so that only the first process to meet a file version pays
 * for loading TypeScript; every worker after it reads the cache. A file with syntax errors is
 * refused, never cached, so that every run refuses it.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { bundlePath } from "../../shared/bundles";
import { readCacheEntry, writeCacheEntry } from "../../shared/cacheEntry";
import type { ModuleFormat } from "./transpiler";
import { projectOptionsFor } from "../../project/tsconfig";
import { cacheFolder } from "../../shared/cacheFolder";

declare const SEMISYNC_TRANSPILER_ID: string;

export function transpileFile(file: string, format: ModuleFormat): string {
  const source = readFileSync(file, "utf8");
  const project = projectOptionsFor(file);
  const key = createHash("sha256")
    .update(
      JSON.stringify([
        typeof SEMISYNC_TRANSPILER_ID === "string" ? SEMISYNC_TRANSPILER_ID : "dev",
        format,
        file,
        project,
      ]),
    )
    .update("\0")
    .update(source)
    .digest("hex");
  const cached = join(cacheFolder("transpiled"), `${key}.js`);
  const hit = readCacheEntry(cached, key);
  if (hit !== undefined) return hit;
  const { transpile } = require(bundlePath("transpiler")) as typeof import("./transpiler");
  const output = transpile(source, file, format, project);
  try {
    writeCacheEntry(cached, key, output);
  } catch {
    // A read-only or full cache folder only costs speed: the output is still correct.
  }
  return output;
}

/**
 * ESM or CommonJS, from the file's extension, else from its syntax: `import`/`export` or a
 * top-level `await` make a module; `require`-style files stay CommonJS.
 */
export function formatOf(file: string, source = readFileSync(file, "utf8")): ModuleFormat {
  if (file.endsWith(".mts")) return "module";
  if (file.endsWith(".cts")) return "commonjs";
  const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
  if (/^\s*(import\s+\w+\s*=\s*require\b|export\s*=)/m.test(code)) return "commonjs";
  if (/^\s*(import\s*[\w*{"'](?!\s*=)|export\s+(?!=)|await\s)/m.test(code) || /\bimport\.meta\b/.test(code))
    return "module";
  return "commonjs";
}
