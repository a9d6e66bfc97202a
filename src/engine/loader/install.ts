/**
 * Lets this process load the user's TypeScript without the user's toolchain: CommonJS (and ES
 * modules Node lets `require` load, see load.ts) through a require hook, other ES modules
 * through Node's module hooks, both with `import "semisync"` always reaching the engine's own
 * runtime, whatever copy the user's project has installed.
 */
import Module from "node:module";
import { bundlePath } from "../../shared/bundles";
import { isTypeScriptFile, resolveTypeScript } from "../../project/resolve";
import { commonJsBody, pendingEvaluations } from "./load";
import { formatOf, transpileFile } from "./transpile";

interface ModuleInternals {
  _resolveFilename(request: string, parent: { filename?: string } | undefined, ...rest: unknown[]): string;
  _extensions: Record<string, (module: { _compile(code: string, file: string): void }, file: string) => void>;
}

export function installLoader(): void {
  process.setSourceMapsEnabled(true);
  pendingEvaluations();
  const runtimePath = bundlePath("runtime");
  const internals = Module as unknown as ModuleInternals;
  const resolveFilename = internals._resolveFilename;
  internals._resolveFilename = function (request, parent, ...rest) {
    if (request === "semisync") return runtimePath;
    if (parent?.filename && !request.startsWith("node:")) {
      const found = resolveTypeScript(request, parent.filename);
      if (found) return found;
    }
    return resolveFilename.call(this, request, parent, ...rest);
  };
  for (const extension of [".ts", ".tsx", ".cts"]) {
    internals._extensions[extension] = (module, file) => {
      if (!isTypeScriptFile(file)) throw new Error(`${file}: declaration files cannot be run`);
      if (formatOf(file) === "commonjs") return module._compile(transpileFile(file, "commonjs"), file);
      module._compile(commonJsBody(transpileFile(file, "module-as-commonjs")), file);
    };
  }
}
