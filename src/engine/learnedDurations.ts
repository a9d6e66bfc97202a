/**
 * Task durations learned by earlier runs of the same program, kept in the cache: without them a
 * run's first round can only guess the critical path by counting tasks, and starts the short
 * branch first as often as the long one. A missing, damaged or unwritable entry only costs that.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { cacheFolder } from "../shared/cacheFolder";
import { readCacheEntry, writeCacheEntry } from "../shared/cacheEntry";

const KEY = "semisync-durations-v1";

function entryPath(programFile: string): string {
  const name = createHash("sha256").update(programFile).digest("hex").slice(0, 32);
  return join(cacheFolder("durations"), `durations-${name}.json`);
}

/** What earlier runs of this program learned, by task id; empty when nothing usable is stored. */
export function loadDurations(programFile: string): Map<string, number> {
  const body = readCacheEntry(entryPath(programFile), `${KEY}\0${programFile}`);
  if (body === undefined) return new Map();
  try {
    const entries: unknown = JSON.parse(body);
    if (!Array.isArray(entries)) return new Map();
    return new Map(
      entries.filter(
        (entry): entry is [string, number] =>
          Array.isArray(entry) && typeof entry[0] === "string" && Number.isFinite(entry[1]) && entry[1] >= 0,
      ),
    );
  } catch {
    return new Map();
  }
}

export function saveDurations(programFile: string, durations: ReadonlyMap<string, number>): void {
  try {
    writeCacheEntry(entryPath(programFile), `${KEY}\0${programFile}`, JSON.stringify([...durations]));
  } catch {
    // A read-only or full cache folder only costs the next run its first guess.
  }
}
