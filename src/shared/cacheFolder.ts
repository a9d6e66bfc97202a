import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Where semisync keeps one kind of cache: `~/.cache/semisync/<kind>` (XDG_CACHE_HOME moves the
 * base). SEMISYNC_CACHE_DIR puts every kind in that one folder; entries of different kinds never
 * share a name, so they live side by side.
 */
export function cacheFolder(kind: "transpiled" | "scanned" | "durations"): string {
  return (
    process.env.SEMISYNC_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "semisync", kind)
  );
}
