/**
 * Facts on disk, keyed by the text they were read from. `semisync run` checks the program's
 * graph for cycles before it starts anything; with the facts of unchanged files cached, that
 * check reads a few small JSON files instead of loading TypeScript (about 0.5 s). `semisync
 * check` and `graph` use it too, and an editor may (`new Workspace(display, { readFacts: cachedFacts() })`)
 * so that opening a workspace again parses only the files that changed.
 */
import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { extname, join } from "node:path";
import { bundlePath } from "../shared/bundles";
import { readCacheEntry, writeCacheEntry } from "../shared/cacheEntry";
import { cacheDir } from "./cacheDir";
import type { FileFacts, ReadFacts } from "./fileFacts";
import { parseFacts } from "./parserBundle";

declare const SEMISYNC_TRANSPILER_ID: string;

/**
 * Which reader made the facts: the semisync and TypeScript versions (set by the build) and the
 * parser bundle's size and time, so a rebuilt parser never reads facts an older one wrote.
 */
export function readerId(): string {
  const parser = statSync(bundlePath("parser"));
  return JSON.stringify([
    typeof SEMISYNC_TRANSPILER_ID === "string" ? SEMISYNC_TRANSPILER_ID : "dev",
    parser.size,
    parser.mtimeMs,
  ]);
}

export function cachedFacts(dir = cacheDir(), parse: ReadFacts = parseFacts): ReadFacts {
  const reader = readerId();
  return (text, file) => {
    // Facts hold no path, so only what changes reading is in the key: the text, and the extension (TSX, or always CommonJS).
    const key = createHash("sha256")
      .update(reader)
      .update(`\0${extname(file)}\0`)
      .update(text)
      .digest("hex");
    const path = join(dir, `${key}.facts.json`);
    const hit = readCacheEntry(path, key);
    if (hit !== undefined) return JSON.parse(hit) as FileFacts;
    const facts = parse(text, file);
    try {
      writeCacheEntry(path, key, JSON.stringify(facts));
    } catch {
      // A read-only or full cache folder only costs speed: the facts are still right.
    }
    return facts;
  };
}
