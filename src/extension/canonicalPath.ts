import { realpathSync } from "node:fs";

const known = new Map<string, string>();

/**
 * One spelling per file: the engine names files as Node resolved them (symlinks followed, the
 * drive letter as Windows writes it), the editor as VS Code does (`/var/…` for `/private/var/…`
 * on macOS, a lower-case drive letter). Comparing files from both sides goes through this.
 */
export function canonicalPath(file: string): string {
  let canonical = known.get(file);
  if (canonical === undefined) {
    try {
      canonical = realpathSync.native(file);
    } catch {
      canonical = file;
    }
    known.set(file, canonical);
  }
  return canonical;
}
