/**
 * Loads a user's module, the cheapest way Node allows. Node's module hooks (module.register)
 * start a loader thread in every process that uses them: about 50 ms of CPU and more of wall
 * time, three times per run (the CLI and two workers) on a two-core machine. So a TypeScript
 * file written as an ES module is transpiled to CommonJS and required through the require hook
 * instead; a top-level await is kept by running the module's body as an async function, whose
 * completion stands for the module's, and `import.meta` becomes the same facts about the file.
 * The hooks are registered only for what `require` cannot load: `.mts` files and JavaScript.
 *
 * One difference stays: a module that imports a module with a top-level await does not wait for
 * that await to settle (the program's own file, the one run, is awaited).
 */
import { pathToFileURL } from "node:url";
import { compileFunction } from "node:vm";
import { isTypeScriptFile } from "../../project/resolve";
import { installModuleHooks } from "./install";

const evaluations = Symbol.for("semisync.loader.evaluations.v1");

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

function requirable(file: string): boolean {
  return isTypeScriptFile(file) && !file.endsWith(".mts");
}

/**
 * An ES module's body, emitted as CommonJS, as V8 accepts it there: `import.meta` as the same
 * facts about the file, and a top-level await inside an async function whose completion is
 * recorded for loadModule. Node must never see either: it would take the file for an ES module
 * and run it as one, where `require` and `exports` do not exist. Kept on the first line, so the
 * inline source map's lines stay right.
 */
export function commonJsBody(code: string): string {
  let body = code;
  if (/\bimport\.meta\b/.test(body) && refusal(body)?.includes("import.meta"))
    body = body.replace(
      /\bimport\.meta\b/g,
      `({ url: require("node:url").pathToFileURL(__filename).href, filename: __filename, dirname: __dirname })`,
    );
  if (/\bawait\b/.test(body) && refusal(body)?.includes("await"))
    body = `globalThis[Symbol.for("semisync.loader.evaluations.v1")].set(__filename, (async () => {${body}\n})());`;
  return body;
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
