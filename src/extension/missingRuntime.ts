/** TypeScript's "Cannot find module" diagnostics, and whether one is about "semisync". */
const CANNOT_FIND_MODULE = new Set([
  // Cannot find module 'x' or its corresponding type declarations.
  2307,
  // Cannot find module 'x'. Did you mean to set the 'moduleResolution' option to 'nodenext'…?
  2792,
]);

/** A diagnostic as VS Code hands it over (vscode.Diagnostic has this shape). */
export interface DiagnosticLike {
  readonly code?: string | number | { value: string | number };
  readonly message: string;
}

/** Whether TypeScript says it cannot find the "semisync" package (not a file of that name, not a subpath). */
export function isMissingSemisync(diagnostic: DiagnosticLike): boolean {
  const code = typeof diagnostic.code === "object" ? diagnostic.code.value : diagnostic.code;
  return CANNOT_FIND_MODULE.has(Number(code)) && /\bmodule ['"]semisync['"]/.test(diagnostic.message);
}
