/**
 * The shared namespace as files (see runtime/shared.ts: a directory per namespace, a file per
 * field, each written by rename), by path inside the store directory (`name/field`, both
 * URI-encoded): what a worker seeds its private directory with, the task's writes found by
 * comparing before and after, and those written back into the coordinator's.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Each field's bytes, by its path. */
export type NamespaceFiles = Record<string, Buffer>;

export function readNamespace(dir: string): NamespaceFiles {
  const files: NamespaceFiles = {};
  for (const path of fieldPaths(dir)) {
    try {
      files[path] = readFileSync(join(dir, path));
    } catch {
      // Deleted while read: it is not part of the namespace any more.
    }
  }
  return files;
}

/**
 * What tells one version of each field's file from another without reading it: every write is a
 * rename onto the path, so a new version is a new file (inode, size, modification time).
 */
export function namespaceStamps(dir: string): Map<string, string> {
  const stamps = new Map<string, string>();
  for (const path of fieldPaths(dir)) {
    const stamp = stampOf(join(dir, path));
    if (stamp !== undefined) stamps.set(path, stamp);
  }
  return stamps;
}

export function stampOf(file: string): string | undefined {
  const stat = statSync(file, { bigint: true, throwIfNoEntry: false });
  return stat && `${stat.ino}:${stat.size}:${stat.mtimeNs}`;
}

/**
 * Makes `dir` hold exactly these fields, for a task about to run with them. Each namespace's
 * directory stays: a warm process made it when its module called shared(name), and writes into it.
 */
export function seedNamespace(dir: string, files: NamespaceFiles): void {
  mkdirSync(dir, { recursive: true });
  for (const name of safeList(dir))
    for (const field of safeList(join(dir, name))) rmSync(join(dir, name, field), { force: true });
  for (const [path, bytes] of Object.entries(files)) {
    mkdirSync(join(dir, dirname(path)), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  }
}

/** What changed from `before` to `after`: new or changed fields with their bytes, deleted ones as null. */
export function namespaceWrites(before: NamespaceFiles, after: NamespaceFiles): Record<string, Buffer | null> {
  const writes: Record<string, Buffer | null> = {};
  for (const [path, bytes] of Object.entries(after)) if (!before[path]?.equals(bytes)) writes[path] = bytes;
  for (const path of Object.keys(before)) if (!(path in after)) writes[path] = null;
  return writes;
}

/** Writes a remote task's changes into the coordinator's namespace, each by rename as a local write is. */
export function applyWrites(dir: string, writes: Record<string, Buffer | null>): void {
  for (const [path, bytes] of Object.entries(writes)) {
    const file = join(dir, path);
    if (bytes === null) {
      try {
        unlinkSync(file);
      } catch {
        // Already gone.
      }
      continue;
    }
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, bytes);
    renameSync(temporary, file);
  }
}

function fieldPaths(dir: string): string[] {
  const paths: string[] = [];
  for (const name of safeList(dir))
    for (const field of safeList(join(dir, name))) if (!field.endsWith(".tmp")) paths.push(`${name}/${field}`);
  return paths;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
