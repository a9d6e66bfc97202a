/**
 * Entries of semisync's on-disk caches (transpiled files, scanned facts), each written with a
 * digest of its key and contents on its first line. A cache must never change what runs: an
 * entry cut short by a full disk, overwritten with other bytes or copied under another key fails
 * the check on reading and is treated as missing, so the caller rebuilds it.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

const PREFIX = "//semisync-digest:";

function digest(key: string, body: string): string {
  return createHash("sha256").update(key).update("\0").update(body).digest("hex");
}

/** The entry's contents, or undefined when it is missing or fails its digest. */
export function readCacheEntry(path: string, key: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  const newline = text.indexOf("\n");
  if (!text.startsWith(PREFIX) || newline < 0) return undefined;
  const body = text.slice(newline + 1);
  return text.slice(PREFIX.length, newline) === digest(key, body) ? body : undefined;
}

/** Writes by rename, so a concurrent reader sees the old entry or the new one, never half of one; throws if the folder cannot be written. */
export function writeCacheEntry(path: string, key: string, body: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${PREFIX}${digest(key, body)}\n${body}`);
  renameSync(temporary, path);
}
