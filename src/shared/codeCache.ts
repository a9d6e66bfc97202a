/**
 * Loads a CommonJS bundle with V8's code cache, for the large bundles a fresh process pays to
 * compile (TypeScript's parser: about 0.4 s of a cold scan). The cache is written once the bundle
 * has done its first work, so it holds the functions that work compiled, not only the top level.
 * Node 20 has no module.enableCompileCache, hence vm.Script with cachedData.
 *
 * V8 checks that the cache fits its own version and flags, but not that its bytes are intact, so
 * each entry carries a digest of its key and contents, as every semisync cache does
 * (src/shared/cacheEntry.ts): a damaged one is never handed to V8, only rebuilt.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { Script } from "node:vm";

const DIGEST_BYTES = 32;

export interface CodeCacheLoad {
  exports: unknown;
  /** Whether V8 compiled the bundle from the cache. */
  fromCache: boolean;
}

/** Requires `file` as Node would (its own `require`, `module`, `__dirname`), its compiled code cached in `cacheDir`. */
export function requireWithCodeCache(file: string, cacheDir: string): CodeCacheLoad {
  const bytes = readFileSync(file);
  const source = bytes.toString("utf8");
  // The source itself, not its size: V8 only checks the length of the source a cache was made from.
  // Its bytes, not the string: hashing a string encodes it first, 30 ms more for the parser's 14 MB.
  const key = createHash("sha256").update(`${process.version}\0${process.arch}\0`).update(bytes).digest("hex");
  const cachePath = join(cacheDir, `${basename(file)}.${key.slice(0, 16)}.v8cache`);
  const cachedData = readEntry(cachePath, key);
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
  });
  const module = { exports: {} as unknown };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  const fromCache = cachedData !== undefined && !script.cachedDataRejected;
  if (!fromCache) saveAfterFirstWork(script, cachePath, key);
  return { exports: module.exports, fromCache };
}

/** At the first pause, or at exit if the process ends before one: by then the bundle's first work is compiled. */
function saveAfterFirstWork(script: Script, cachePath: string, key: string): void {
  let saved = false;
  const save = () => {
    if (saved) return;
    saved = true;
    process.removeListener("exit", save);
    try {
      writeEntry(cachePath, key, script.createCachedData());
    } catch {
      // A read-only or full cache folder only costs the next process its speed.
    }
  };
  setImmediate(save).unref();
  process.once("exit", save);
}

function readEntry(path: string, key: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  if (bytes.length <= DIGEST_BYTES) return undefined;
  const body = bytes.subarray(DIGEST_BYTES);
  return digest(key, body).equals(bytes.subarray(0, DIGEST_BYTES)) ? body : undefined;
}

/** By rename, so a process starting meanwhile reads the old entry or the new one, never half of one. */
function writeEntry(path: string, key: string, body: Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, Buffer.concat([digest(key, body), body]));
  renameSync(temporary, path);
}

function digest(key: string, body: Buffer): Buffer {
  return createHash("sha256").update(key).update("\0").update(body).digest();
}
