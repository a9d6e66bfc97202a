import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Where the scanner keeps what it computed (facts, saved scans, the parser's code cache): beside
 * the engine's transpile cache, and moved with it by SEMISYNC_CACHE_DIR.
 */
export function cacheDir(): string {
  return (
    process.env.SEMISYNC_CACHE_DIR ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "semisync", "scanned")
  );
}
