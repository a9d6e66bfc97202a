/**
 * The bundled TypeScript compiler, in a bundle of its own: loading it costs about half a
 * second, so it is required only when the transpile cache misses.
 */
import ts from "typescript";
import type { ProjectOptions } from "../../project/tsconfig";
import { displayPath } from "../../shared/format";
import { problem, problemError } from "../../shared/problems";

/**
 * "module-as-commonjs": a file written as an ES module, emitted as CommonJS (strict, as a module
 * is) so that `require` can load it without Node's module hooks thread; see loader/load.ts.
 */
export type ModuleFormat = "module" | "commonjs" | "module-as-commonjs";

export function transpile(source: string, fileName: string, format: ModuleFormat, project: ProjectOptions): string {
  const jsx: Record<string, ts.JsxEmit> = {
    preserve: ts.JsxEmit.Preserve,
    react: ts.JsxEmit.React,
    "react-jsx": ts.JsxEmit.ReactJSX,
    "react-jsxdev": ts.JsxEmit.ReactJSXDev,
    "react-native": ts.JsxEmit.ReactNative,
  };
  const output = ts.transpileModule(source, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: format === "module" ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
      alwaysStrict: format === "module-as-commonjs" ? true : undefined,
      esModuleInterop: true,
      experimentalDecorators: project.experimentalDecorators,
      emitDecoratorMetadata: project.emitDecoratorMetadata,
      useDefineForClassFields: project.useDefineForClassFields,
      jsx: jsx[project.jsx ?? "react-jsx"] ?? ts.JsxEmit.ReactJSX,
      jsxFactory: project.jsxFactory,
      jsxFragmentFactory: project.jsxFragmentFactory,
      jsxImportSource: project.jsxImportSource,
      inlineSourceMap: true,
      inlineSources: false,
      verbatimModuleSyntax: false,
      isolatedModules: true,
    },
  });
  const syntaxErrors = (output.diagnostics ?? []).filter(
    (diagnostic) => diagnostic.file && diagnostic.category === ts.DiagnosticCategory.Error,
  );
  if (syntaxErrors.length > 0) throw syntaxError(fileName, syntaxErrors);
  return output.outputText;
}

/**
 * TypeScript emits code for a file it could not parse, guessing what was meant (or, for random
 * bytes, whatever it read); running that guess would run something the user never wrote.
 */
function syntaxError(file: string, [first, ...rest]: ts.Diagnostic[]): Error & { file: string } {
  const { line, character } = first.file!.getLineAndCharacterOfPosition(first.start ?? 0);
  const at = `${displayPath(file)}:${line + 1}:${character + 1}`;
  const message = ts.flattenDiagnosticMessageText(first.messageText, " ");
  return Object.assign(problemError(problem.unparsable(at, message, rest.length), SyntaxError), { file });
}

export const typescriptVersion = ts.version;
