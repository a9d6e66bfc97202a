/**
 * The shared namespace as files (see runtime/shared.ts: a directory per namespace, a file per
 * field): read whole into a job, seeded into a worker's private directory, and the task's writes
 * found by comparing the two and written back into the coordinator's.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { NamespaceFiles } from "./jobData";

export function readNamespace(dir: string): NamespaceFiles {
  const files: NamespaceFiles = {};
  for (const name of safeList(dir)) {
    for (const field of safeList(join(dir, name))) {
      if (field.endsWith(".tmp")) continue;
      try {
        files[`${name}/${field}`] = readFileSync(join(dir, name, field)).toString("base64");
      } catch {
        // Deleted while read: it is not part of the namespace any more.
      }
    }
  }
  return files;
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
    writeFileSync(join(dir, path), Buffer.from(bytes, "base64"));
  }
}

/** What changed from `before` to `after`: new or changed fields with their bytes, deleted ones as null. */
export function namespaceWrites(before: NamespaceFiles, after: NamespaceFiles): Record<string, string | null> {
  const writes: Record<string, string | null> = {};
  for (const [path, bytes] of Object.entries(after)) if (before[path] !== bytes) writes[path] = bytes;
  for (const path of Object.keys(before)) if (!(path in after)) writes[path] = null;
  return writes;
}

/** Writes a remote task's changes into the coordinator's namespace, each by rename as a local write is. */
export function applyWrites(dir: string, writes: Record<string, string | null>): void {
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
    writeFileSync(temporary, Buffer.from(bytes, "base64"));
    renameSync(temporary, file);
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
