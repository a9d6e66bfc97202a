/**
 * The few compiler options that change how a user's file is transpiled or resolved, read from
 * the nearest tsconfig.json (following `extends`) without loading TypeScript, which costs half
 * a second per process.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";

export interface ProjectOptions {
  /** The tsconfig.json these came from, if any. */
  configFile?: string;
  experimentalDecorators?: boolean;
  emitDecoratorMetadata?: boolean;
  useDefineForClassFields?: boolean;
  jsx?: string;
  jsxFactory?: string;
  jsxFragmentFactory?: string;
  jsxImportSource?: string;
  /** `paths`, with the folder their targets are relative to. */
  paths?: Record<string, string[]>;
  pathsBase?: string;
}

const byDirectory = new Map<string, ProjectOptions>();

export function projectOptionsFor(file: string): ProjectOptions {
  const dir = dirname(file);
  let options = byDirectory.get(dir);
  if (!options) {
    const config = findUp(dir, "tsconfig.json");
    options = config ? readConfig(config, new Set()) : {};
    byDirectory.set(dir, options);
  }
  return options;
}

/**
 * A tsconfig.json was edited, created or removed: options are read again at the next need. A
 * long-lived process (the editor's scanner, `run --watch`) would otherwise resolve with the old `paths`.
 */
export function forgetProjectOptions(): void {
  byDirectory.clear();
}

/**
 * The tsconfig.json that governs `file` and the files it extends, as far as they read: one that
 * does not parse ends the chain but is in it, so a watch sees it fixed.
 */
export function tsconfigChain(file: string): string[] {
  const chain: string[] = [];
  const pending = [findUp(dirname(file), "tsconfig.json")];
  for (let config = pending.shift(); config !== undefined; config = pending.shift()) {
    if (chain.includes(config)) continue;
    chain.push(config);
    try {
      const { extends: parents } = parseJsonc(readFileSync(config, "utf8")) as { extends?: string | string[] };
      for (const parent of parents === undefined ? [] : Array.isArray(parents) ? parents : [parents])
        pending.push(resolveExtends(parent, config));
    } catch {
      // Unreadable or not JSON, or a parent that does not resolve: the chain ends here.
    }
  }
  return chain;
}

function findUp(start: string, name: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (/[\\/]node_modules$/.test(dir)) return undefined;
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

function readConfig(file: string, seen: Set<string>): ProjectOptions {
  if (seen.has(file)) throw new Error(`${file}: "extends" loops back to itself`);
  seen.add(file);
  let json: { extends?: string | string[]; compilerOptions?: Record<string, unknown> };
  try {
    json = parseJsonc(readFileSync(file, "utf8")) as typeof json;
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  let options: ProjectOptions = {};
  const parents = json.extends === undefined ? [] : Array.isArray(json.extends) ? json.extends : [json.extends];
  for (const parent of parents) options = { ...options, ...readConfig(resolveExtends(parent, file), seen) };
  const own = json.compilerOptions ?? {};
  const pick = <K extends keyof ProjectOptions>(key: K) => {
    if (own[key] !== undefined) options[key] = own[key] as ProjectOptions[K];
  };
  pick("experimentalDecorators");
  pick("emitDecoratorMetadata");
  pick("useDefineForClassFields");
  pick("jsx");
  pick("jsxFactory");
  pick("jsxFragmentFactory");
  pick("jsxImportSource");
  if (own.paths !== undefined) {
    options.paths = own.paths as Record<string, string[]>;
    options.pathsBase = resolve(dirname(file), typeof own.baseUrl === "string" ? own.baseUrl : ".");
  } else if (typeof own.baseUrl === "string" && options.paths) {
    options.pathsBase = resolve(dirname(file), own.baseUrl);
  }
  options.configFile = file;
  return options;
}

function resolveExtends(parent: string, from: string): string {
  if (parent.startsWith(".") || parent.startsWith("/")) {
    const path = resolve(dirname(from), parent);
    return existsSync(path) || path.endsWith(".json") ? path : `${path}.json`;
  }
  const require = createRequire(from);
  try {
    return require.resolve(parent);
  } catch {
    return require.resolve(`${parent}/tsconfig.json`);
  }
}

/** JSON with the comments and trailing commas tsconfig files allow. */
export function parseJsonc(text: string): unknown {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
      out += text.slice(start, i + 1);
    } else if (char === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      out += "\n";
    } else if (char === "/" && text[i + 1] === "*") {
      i = text.indexOf("*/", i + 2);
      if (i < 0) break;
      i++;
    } else {
      out += char;
    }
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, "$1"));
}
