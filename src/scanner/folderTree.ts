/**
 * Which files a folder's include and exclude globs take in, found by walking the folder, with the
 * stamp of every directory walked. A file added, removed or renamed anywhere in the walk moves
 * its directory's stamp, so while every stamp holds the same globs take in the same files: a
 * saved scan can then be trusted without asking the editor to list the folder (about 0.5 s for
 * 5,000 files in VS Code). Directories the exclude glob leaves out whole (`**\/node_modules/**`)
 * are not walked.
 */
import { readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { globMatcher } from "./glob";

/** Size, modification and change time: a write moves ctime even when a tool puts mtime back. */
export type Stamp = [size: number, mtimeMs: number, ctimeMs: number] | null;

export interface FolderGlobs {
  path: string;
  include: string;
  exclude: string;
}

export function stampOf(path: string): Stamp {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat ? [stat.size, stat.mtimeMs, stat.ctimeMs] : null;
}

export function sameStamp(a: Stamp, b: Stamp): boolean {
  return a === null || b === null ? a === b : a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
}

/**
 * The files the globs take in, sorted, and every directory walked with its stamp, taken before it
 * was read. With `maxEntries`, a walk that meets more entries than that stops and throws
 * (an exclude glob it cannot skip whole directories by may leave it a node_modules to walk).
 */
export function walkFolder(
  { path, include, exclude }: FolderGlobs,
  maxEntries = Infinity,
): {
  files: string[];
  directories: Array<[directory: string, stamp: Stamp]>;
} {
  const skipped = wholeDirectoriesExcluded(exclude);
  const included = globMatcher(include);
  const excluded = globMatcher(exclude);
  const files: string[] = [];
  const directories: Array<[string, Stamp]> = [];
  let entries = 0;
  const walk = (directory: string) => {
    directories.push([directory, stampOf(directory)]);
    const listed = readdirSync(directory, { withFileTypes: true });
    entries += listed.length;
    if (entries > maxEntries) throw new Error(`${path} holds more than ${maxEntries} entries`);
    for (const entry of listed) {
      const entryPath = join(directory, entry.name);
      if (entry.isDirectory()) {
        if (!skipped.has(entry.name)) walk(entryPath);
        continue;
      }
      const relativePath = relative(path, entryPath).split(sep).join("/");
      if (included(relativePath) && !excluded(relativePath)) files.push(entryPath);
    }
  };
  walk(path);
  return { files: files.sort(), directories };
}

/**
 * Directory names an exclude glob of the form `**\/name/**` or `**\/{a,b}/**` leaves out with all
 * they hold. Any other form leaves nothing out whole, so every directory is walked: a walk that
 * skipped a directory the editor lists could miss a file added there.
 */
function wholeDirectoriesExcluded(exclude: string): Set<string> {
  const match = /^\*\*\/(?:\{([^{}*?[\]/]+)\}|([^{}*?[\]/,]+))\/\*\*$/.exec(exclude);
  if (!match) return new Set();
  return new Set((match[1] ?? match[2]).split(","));
}
