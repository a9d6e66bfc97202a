/**
 * Loads a user's module, the cheapest way Node allows. Node's module hooks (module.register)
 * start a loader thread in every process that uses them: about 50 ms of CPU and more of wall
 * time, three times per run (the CLI and two workers) on a two-core machine. So a TypeScript
 * file written as an ES module is transpiled to CommonJS and required through the require hook
 * instead; a top-level await is kept by running the module's body as an async function, whose
 * completion stands for the module's, and `import.meta` becomes the same facts about the file.
 * The hooks are registered only for programs that reach what `require` cannot load: `.mts`
 * files (Node's `require` takes them for ES modules it must not transpile) and JavaScript files
 * of the program's own.
 *
 * Imports keep Node's ES module meaning: a default import of a CommonJS module (a `.cts` file, a
 * package) is its `module.exports`, as Node gives an ES module, not TypeScript's `exports.default`.
 * A program where a module other than the one run has a top-level await goes through the hooks
 * too: `require` cannot make its importer wait for that await, as Node's ES modules do.
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { compileFunction } from "node:vm";
import { isTypeScriptFile, resolveTypeScript } from "../../project/resolve";
import { installModuleHooks } from "./moduleHooks";
import { formatOf, transpileFile } from "./transpile";

// Named once each: the generated module bodies below refer to them by these names.
const EVALUATIONS = "semisync.loader.evaluations.v1";
const ESM = "semisync.loader.esm.v1";
const INTEROP = "semisync.loader.interop.v1";
const evaluations = Symbol.for(EVALUATIONS);

/** Each required module whose body is an async function (it has a top-level await), by file: its completion. */
export function pendingEvaluations(): Map<string, Promise<unknown>> {
  const holder = globalThis as unknown as Record<symbol, Map<string, Promise<unknown>> | undefined>;
  return (holder[evaluations] ??= new Map());
}

/** Resolves once the module has been evaluated, top-level awaits included; rejects with what it threw. */
export function loadModule(file: string): Promise<unknown> {
  if (!requirable(file)) {
    installModuleHooks();
    return import(pathToFileURL(file).href);
  }
  try {
    require(file);
  } catch (error) {
    return Promise.reject(error);
  }
  return pendingEvaluations().get(file) ?? Promise.resolve();
}

/**
 * Whether the file and every file of the program it imports (relative imports, and tsconfig
 * `paths` that lead to TypeScript) are TypeScript files `require` can load. Read from the text,
 * not parsed: an import it cannot follow (computed, or to a JavaScript file) sends the program
 * through the module hooks, which load anything.
 */
function requirable(file: string): boolean {
  return programFiles(file) !== undefined;
}

// A process serves one run: its program is walked once, by whoever asks first (transpiling ahead, then loading).
const walked = new Map<string, Map<string, string> | undefined>();

/**
 * The program's files `require` loads, the file first, with their text; undefined when it must
 * go through the module hooks (see requirable).
 */
function programFiles(file: string): Map<string, string> | undefined {
  if (!walked.has(file)) walked.set(file, walkProgram(file));
  return walked.get(file);
}

function walkProgram(file: string): Map<string, string> | undefined {
  const texts = new Map<string, string>();
  const pending = [file];
  while (pending.length > 0) {
    const each = pending.pop()!;
    if (texts.has(each)) continue;
    if (!isTypeScriptFile(each) || each.endsWith(".mts")) return undefined;
    const source = readFileSync(each, "utf8");
    texts.set(each, source);
    if (each !== file && awaitsAtTopLevel(each, source)) return undefined;
    for (const [, specifier] of source.matchAll(IMPORTED)) {
      const found = resolveTypeScript(specifier, each);
      if (found) pending.push(found);
      else if (specifier.startsWith(".") || specifier.startsWith("/")) return undefined;
    }
  }
  return texts;
}

/**
 * Fills the transpile cache for the program's files before workers are told to load them: a file
 * just edited is then transpiled once, here, instead of by every process at the same moment, each
 * loading TypeScript for it. A file that does not transpile, or a program whose files cannot be
 * listed, is left for its load to report: ahead of time it only saves time, and never ends a run.
 */
export function transpileAhead(file: string): void {
  let files: ReturnType<typeof programFiles>;
  try {
    files = programFiles(file);
  } catch {
    // A tsconfig.json that does not parse: the program's load reports it, as it would any other.
    return;
  }
  for (const [each, source] of files ?? []) {
    try {
      transpileFile(each, formatOf(each, source) === "commonjs" ? "commonjs" : "module-as-commonjs");
    } catch {
      // Refused (a syntax error): loading the file reports it, with the run's own words.
    }
  }
}

/** Cheap on the common path: only a file that says `await` at all is transpiled (cached) and compiled to look. */
function awaitsAtTopLevel(file: string, source: string): boolean {
  if (!/\bawait\b/.test(source) || formatOf(file, source) === "commonjs") return false;
  return refusal(transpileFile(file, "module-as-commonjs"))?.includes("await") ?? false;
}

/** `from "x"`, `import "x"`, `import("x")`, `require("x")`: the specifiers a file names. */
const IMPORTED = /(?:\bfrom|\bimport|\brequire)\s*\(?\s*["']([^"'\n]+)["']/g;

/**
 * An ES module's body, emitted as CommonJS, as V8 accepts it there: `import.meta` as the same
 * facts about the file, and a top-level await inside an async function whose completion is
 * recorded for loadModule. Node must never see either: it would take the file for an ES module
 * and run it as one, where `require` and `exports` do not exist. Kept on the first line, so the
 * inline source map's lines stay right.
 */
export function commonJsBody(code: string): string {
  let body = withNodeInterop(code);
  if (/\bimport\.meta\b/.test(body) && refusal(body)?.includes("import.meta"))
    body = body.replace(
      /\bimport\.meta\b/g,
      `({ url: require("node:url").pathToFileURL(__filename).href, filename: __filename, dirname: __dirname })`,
    );
  if (/\bawait\b/.test(body) && refusal(body)?.includes("await"))
    body = `globalThis[Symbol.for(${JSON.stringify(EVALUATIONS)})].set(__filename, (async () => {${body}\n})());`;
  return body;
}

const ESM_MARK = Symbol.for(ESM);

/**
 * What an import of a module gives, as Node gives it to an ES module: the exports of a module
 * written as one (marked as its body starts), else `module.exports` as the default export.
 */
const interop = {
  importDefault: (mod: unknown) => (isModule(mod) ? mod : { default: mod }),
  importStar: (mod: unknown) => {
    if (isModule(mod) || mod === null || (typeof mod !== "object" && typeof mod !== "function")) return mod;
    const namespace: Record<PropertyKey, unknown> = {};
    for (const key of Object.getOwnPropertyNames(mod))
      if (key !== "default")
        Object.defineProperty(namespace, key, { enumerable: true, get: () => (mod as never)[key] });
    return Object.defineProperty(namespace, "default", { enumerable: true, value: mod });
  },
};

function isModule(mod: unknown): boolean {
  if (mod === null || typeof mod !== "object") return false;
  return ESM_MARK in mod || (mod as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] === "Module";
}

/** TypeScript's import helpers look for replacements on `this` (tslib's way); these are Node's meaning instead. */
function withNodeInterop(code: string): string {
  (globalThis as unknown as Record<symbol, typeof interop>)[Symbol.for(INTEROP)] ??= interop;
  const helpers = `globalThis[Symbol.for(${JSON.stringify(INTEROP)})]`;
  const mark = `Object.defineProperty(exports, Symbol.for(${JSON.stringify(ESM)}), { value: true });`;
  return (
    mark +
    code
      .replace("(this && this.__importDefault) ||", `${helpers}.importDefault ||`)
      .replace("(this && this.__importStar) ||", `${helpers}.importStar ||`)
  );
}

/** What V8 says of the body as a CommonJS module's, if it refuses it; compiling runs none of it. */
function refusal(body: string): string | undefined {
  try {
    compileFunction(body, ["exports", "require", "module", "__filename", "__dirname"]);
    return undefined;
  } catch (error) {
    return error instanceof SyntaxError ? error.message : undefined;
  }
}
