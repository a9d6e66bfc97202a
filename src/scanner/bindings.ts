/**
 * What a name in a file stands for, followed across files the way Node and TypeScript follow
 * it: a class the file declares, or an import through re-exports, `export *` barrels, aliases,
 * namespace imports and tsconfig `paths`. Every file read on the way is recorded, so the
 * workspace knows whose edits can change the answer.
 */
import type { FileFacts } from "./fileFacts";

export type Binding =
  | { kind: "class"; file: string; name: string }
  | { kind: "module"; file: string }
  /** A package or a file the scanner does not read: nothing can be said about it. */
  | { kind: "external"; module: string; reason: string }
  /** A relative (or `paths`) import that resolves to no TypeScript file. */
  | { kind: "missing"; module: string }
  | { kind: "none"; reason: string };

export type ModuleTarget = { file: string } | { external: string } | { missing: true };

export interface BindingHost {
  /** The facts of any file, parsed on first need; undefined when it cannot be read. */
  factsOf(file: string): FileFacts | undefined;
  /** Whether the file's facts are at hand already (no parsing needed to look at them). */
  hasFacts(file: string): boolean;
  /** False only when the file's text shows it cannot export `name`: it never spells it, and has no `export *`. */
  mayExport(file: string, name: string): boolean;
  resolveModule(specifier: string, from: string): ModuleTarget;
  display(file: string): string;
}

/**
 * Files read while binding, whether an `export *` named a file that does not exist (one may
 * appear), and the (file, name) pairs already followed, so export loops end.
 */
export interface Trail {
  files: Set<string>;
  missingModule: boolean;
  seen: Set<string>;
}

export function newTrail(): Trail {
  return { files: new Set(), missingModule: false, seen: new Set() };
}

export function bindLocal(host: BindingHost, file: string, name: string, trail: Trail): Binding {
  const facts = read(host, file, trail);
  if (!facts) return { kind: "none", reason: `${host.display(file)} cannot be read` };
  if (facts.classes.includes(name)) return { kind: "class", file, name };
  const imported = facts.imports.find((entry) => entry.local === name);
  if (!imported) return { kind: "none", reason: `${name} is not a class ${host.display(file)} declares or imports` };
  const target = host.resolveModule(imported.module, file);
  if ("missing" in target) return { kind: "missing", module: imported.module };
  if ("external" in target) return { kind: "external", module: imported.module, reason: target.external };
  if (imported.imported === "*") return { kind: "module", file: target.file };
  return bindExport(host, target.file, imported.imported, trail);
}

/** What `file` exports as `exported`: its own declarations first, then named re-exports, then `export *`. */
export function bindExport(host: BindingHost, file: string, exported: string, trail: Trail): Binding {
  const key = `${file}\0${exported}`;
  if (trail.seen.has(key))
    return { kind: "none", reason: `the exports of ${host.display(file)} loop back to ${exported}` };
  trail.seen.add(key);
  const facts = read(host, file, trail);
  if (!facts) return { kind: "none", reason: `${host.display(file)} cannot be read` };
  const local = facts.exports.find(([name]) => name === exported);
  if (local) return bindLocal(host, file, local[1], trail);
  for (const reExport of facts.reExports) {
    const pair = reExport.names?.find(([name]) => name === exported);
    if (!pair) continue;
    const target = host.resolveModule(reExport.module, file);
    if ("missing" in target) return { kind: "missing", module: reExport.module };
    if ("external" in target) return { kind: "external", module: reExport.module, reason: target.external };
    return pair[1] === "*" ? { kind: "module", file: target.file } : bindExport(host, target.file, pair[1], trail);
  }
  // `export *` never re-exports a default.
  if (exported !== "default") {
    const found = bindStarExport(host, file, facts, exported, trail);
    if (found) return found;
  }
  return { kind: "none", reason: `${host.display(file)} does not export ${exported}` };
}

function read(host: BindingHost, file: string, trail: Trail): FileFacts | undefined {
  trail.files.add(file);
  return host.factsOf(file);
}

/**
 * A name through a file's `export *` lines, in order, as the runtime looks. A barrel of fifty
 * files re-exports mostly plain code: a file whose facts are not at hand is parsed only if its
 * text spells the name, which is what keeps a first scan from parsing every file a barrel lists.
 */
function bindStarExport(
  host: BindingHost,
  file: string,
  facts: FileFacts,
  exported: string,
  trail: Trail,
): Binding | undefined {
  for (const reExport of facts.reExports) {
    if (reExport.names) continue;
    const target = host.resolveModule(reExport.module, file);
    if ("missing" in target) trail.missingModule = true;
    if (!("file" in target)) continue;
    if (!host.hasFacts(target.file) && !host.mayExport(target.file, exported)) {
      // Not parsed, but an edit there could make it export the name: the answer depends on it.
      trail.files.add(target.file);
      continue;
    }
    const found = bindExport(host, target.file, exported, trail);
    if (found.kind !== "none") return found;
  }
  return undefined;
}
