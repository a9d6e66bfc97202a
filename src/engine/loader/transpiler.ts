/**
 * The bundled TypeScript compiler, in a bundle of its own: loading it costs about half a
 * second, so it is required only when the transpile cache misses.
 */
import ts from "typescript";
import type { ProjectOptions } from "../../project/tsconfig";

export type ModuleFormat = "module" | "commonjs";

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
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: format === "module" ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
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
  return output.outputText;
}

export const typescriptVersion = ts.version;
