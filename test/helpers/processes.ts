import { readdirSync, readFileSync } from "node:fs";

/** Pids of live (not zombie) processes that `matches` accepts: what a run left behind. Reads /proc, so Linux only. */
export function liveProcesses(matches: (pid: string) => boolean): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        if (/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"))) return [];
        return matches(pid) ? [Number(pid)] : [];
      } catch {
        // The process ended while we looked.
        return [];
      }
    });
}
