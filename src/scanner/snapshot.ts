/**
 * A folder's scan result saved on disk, so that a reopened editor shows every task and problem
 * without reading and resolving the whole folder first. The result is stamped with everything it
 * was computed from: the size and times of every file read (scanned, or read for an import
 * chain), of every folder listed to learn which files exist, the tsconfig options of every folder
 * whose imports were resolved, and which scanner and parser wrote it. It is used only for exactly
 * the same files and only when every stamp still holds; on any doubt (a missing, damaged or
 * foreign entry, a stamp that moved) the caller scans as if nothing were saved.
 */
import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { projectOptionsFor } from "../project/tsconfig";
import { readCacheEntry, writeCacheEntry } from "../shared/cacheEntry";
import { cacheDir } from "./cacheDir";
import { readerId } from "./factsCache";
import { sameStamp, stampOf, walkFolder, type FolderGlobs, type Stamp } from "./folderTree";
import { list } from "./listings";
import { readText } from "./readText";
import type { ScanResult } from "./types";
import type { Workspace } from "./workspace";

/** Raised whenever what a snapshot holds changes meaning, so an older one is never read. */
const FORMAT = 1;

interface Snapshot {
  /** The scanned files, sorted. */
  files: string[];
  read: Array<[file: string, stamp: Stamp]>;
  folders: Array<[folder: string, stamp: Stamp]>;
  /** Per folder of a file read, the tsconfig options module resolution there follows. */
  projects: Array<[folder: string, options: string]>;
  /** The tsconfig.json files those options came from (a process reads each once, so its options alone would not show an edit). */
  configs: Array<[file: string, stamp: Stamp]>;
  /**
   * Every directory of the folder walked, when the walk took in exactly the scanned files: while
   * these hold, the scanned files are still all the folder's globs take in (src/scanner/folderTree.ts).
   */
  tree?: Array<[directory: string, stamp: Stamp]>;
  result: ScanResult;
}

export interface ScanSnapshots {
  /** The result saved for exactly `files`, when nothing it was computed from has changed since. */
  load(files: Iterable<string>): ScanResult | undefined;
  /**
   * The result saved, and the files it was saved for, when the folder's directories show that
   * its globs still take in exactly those files and nothing else changed: no listing needed.
   */
  loadUnlisted(): { files: string[]; result: ScanResult } | undefined;
  /**
   * Saves the workspace's result; false (nothing saved) when a file's text on disk is not what
   * the workspace read, as with an editor's unsaved text or a change the workspace has not seen.
   */
  save(workspace: Workspace): boolean;
  /** The same, awaiting `pause` between slices of files, so that an editor stays responsive meanwhile. */
  saveInSlices(workspace: Workspace, pause: () => Promise<void>): Promise<boolean>;
}

export interface SnapshotOptions {
  dir?: string;
  /** Which scanner saves and reads (tests pretend another). */
  version?: string;
  /** The folder and globs the scanned files came from, so that a reopened folder need not be listed first. */
  folder?: FolderGlobs;
}

/**
 * The saved scans of one scan setting: `key` says which (an editor's folder and its include and
 * exclude globs), since the same files scanned for another folder show other paths in messages.
 */
export function scanSnapshots(
  key: string,
  { dir = cacheDir(), version = scannerVersion(), folder }: SnapshotOptions = {},
): ScanSnapshots {
  const entryKey = createHash("sha256")
    .update(JSON.stringify([FORMAT, version, key, folder ?? null]))
    .digest("hex");
  const path = join(dir, `${entryKey}.scan.json`);
  const read = (): Snapshot | undefined => {
    const body = readCacheEntry(path, entryKey);
    try {
      return body === undefined ? undefined : (JSON.parse(body) as Snapshot);
    } catch {
      // A snapshot that passed its digest but does not read as one was written by other code: scan.
      return undefined;
    }
  };
  return {
    load(files) {
      const snapshot = read();
      return snapshot && holds(snapshot, sortedPaths(files)) ? snapshot.result : undefined;
    },
    loadUnlisted() {
      const snapshot = read();
      if (!snapshot?.tree?.every(([directory, stamp]) => sameStamp(stampOf(directory), stamp))) return undefined;
      return holds(snapshot, snapshot.files) ? { files: snapshot.files, result: snapshot.result } : undefined;
    },
    save(workspace) {
      const taking = take(workspace, folder);
      let step = taking.next();
      while (!step.done) step = taking.next();
      return write(step.value);
    },
    async saveInSlices(workspace, pause) {
      const taking = take(workspace, folder);
      let step = taking.next();
      while (!step.done) {
        await pause();
        step = taking.next();
      }
      return write(step.value);
    },
  };

  function write(snapshot: Snapshot | undefined): boolean {
    if (!snapshot) return false;
    try {
      writeCacheEntry(path, entryKey, JSON.stringify(snapshot));
    } catch {
      // A read-only or full cache folder only costs the next opening its speed.
      return false;
    }
    return true;
  }
}

const SLICE = 250;

/**
 * Stamps what the workspace read, yielding after each slice of files; the result and the texts
 * are taken at the start, so edits made meanwhile only make the disk disagree, and nothing is saved.
 */
function* take(workspace: Workspace, folder: FolderGlobs | undefined): Generator<void, Snapshot | undefined> {
  const inputs = workspace.inputs();
  const result = workspace.result();
  const read: Snapshot["read"] = [];
  // Stamp first, then read: a file written in between gets a stamp that no longer holds, never a stale one that does.
  for (const [file, text] of inputs.texts) {
    const stamp = stampOf(file);
    if (!stamp || textOf(file) !== text) return undefined;
    read.push([file, stamp]);
    if (read.length % SLICE === 0) yield;
  }
  const folders: Snapshot["folders"] = [];
  for (const [folder, names] of [...inputs.folders]) {
    const stamp = stampOf(folder);
    if (!sameSet(list(folder), names)) return undefined;
    folders.push([folder, stamp]);
  }
  const projects = [...new Set(read.map(([file]) => dirname(file)))].map((folder): [string, string] => [
    folder,
    projectOf(folder),
  ]);
  const configs = [...new Set(read.map(([file]) => configOf(dirname(file))))]
    .filter((config) => config !== undefined)
    .map((config): [string, Stamp] => [config, stampOf(config)]);
  const files = sortedPaths(inputs.scanned);
  yield;
  return { files, read, folders, projects, configs, tree: treeOf(folder, files), result };
}

/** The folder's directories, if walking them finds exactly the scanned files (else the editor's listing, or a file it has not reported yet, says otherwise). */
function treeOf(folder: FolderGlobs | undefined, files: readonly string[]): Snapshot["tree"] {
  if (!folder) return undefined;
  let walked;
  try {
    walked = walkFolder(folder);
  } catch {
    // A directory that cannot be read: the next opening lists the folder.
    return undefined;
  }
  return sameList(walked.files, files) ? walked.directories : undefined;
}

function holds(snapshot: Snapshot, files: readonly string[]): boolean {
  return (
    sameList(snapshot.files, files) &&
    snapshot.read.every(([file, stamp]) => sameStamp(stampOf(file), stamp)) &&
    snapshot.folders.every(([folder, stamp]) => sameStamp(stampOf(folder), stamp)) &&
    snapshot.configs.every(([file, stamp]) => sameStamp(stampOf(file), stamp)) &&
    snapshot.projects.every(([folder, options]) => projectOf(folder) === options)
  );
}

function textOf(file: string): string | undefined {
  try {
    return readText(file);
  } catch {
    return undefined;
  }
}

/** What resolution reads of the tsconfig governing `folder`: its `paths` and where they are relative to. */
function projectOf(folder: string): string {
  try {
    const { paths, pathsBase } = projectOptionsFor(join(folder, "file.ts"));
    return JSON.stringify([paths ?? null, pathsBase ?? null]);
  } catch (error) {
    return `unreadable: ${(error as Error).message}`;
  }
}

function configOf(folder: string): string | undefined {
  try {
    return projectOptionsFor(join(folder, "file.ts")).configFile;
  } catch {
    // An unreadable tsconfig is already part of the folder's options.
    return undefined;
  }
}

/**
 * Which scanner saved it: the parser and TypeScript that read the facts, and the scanner's own
 * code (a rebuilt scanner may resolve differently, so it never reads what an older one saved).
 */
function scannerVersion(): string {
  const stat = statSync(__filename, { throwIfNoEntry: false });
  return JSON.stringify([readerId(), __filename, stat?.size, stat?.mtimeMs]);
}

function sortedPaths(files: Iterable<string>): string[] {
  return [...files].map((file) => resolve(file)).sort();
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((item) => b.has(item));
}
