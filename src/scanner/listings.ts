/**
 * Which files exist, answered from one directory listing per folder instead of a stat per
 * candidate path: resolving the `export *` lines of a barrel of fifty files tries a hundred
 * paths. The workspace drops a folder's listing when it hears of a file appearing or going there.
 */
import { readdirSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";

export class Listings {
  private readonly byFolder = new Map<string, Set<string>>();

  isFile(path: string): boolean {
    const folder = dirname(path);
    let names = this.byFolder.get(folder);
    if (!names) {
      names = list(folder);
      this.byFolder.set(folder, names);
    }
    return names.has(basename(path));
  }

  forget(file: string): void {
    this.byFolder.delete(dirname(file));
  }

  /** Every folder listed, with the file names it held then: what a saved scan must find unchanged. */
  listed(): Iterable<[folder: string, names: ReadonlySet<string>]> {
    return this.byFolder.entries();
  }
}

export function list(folder: string): Set<string> {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    // A folder that does not exist (a candidate such as ledger/index.ts) holds no file.
    return new Set();
  }
  const isFile = (entry: (typeof entries)[number]) =>
    entry.isFile() ||
    (entry.isSymbolicLink() && (statSync(join(folder, entry.name), { throwIfNoEntry: false })?.isFile() ?? false));
  return new Set(entries.filter(isFile).map((entry) => entry.name));
}
