// What the interleaved comparisons (compare.mjs, scanCompare.mjs) and the scan benchmark share:
// the median they report, the machine line they open with, and the workspace's files they scan.
import { readdirSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

export const loadAverage = () =>
  loadavg()
    .map((each) => each.toFixed(2))
    .join(" ");

/** `2 cores, Node v20…, <date>, load average …`: what a comparison's figures were measured on. */
export const machineLine = () =>
  `${availableParallelism()} cores, Node ${process.version}, ${new Date().toISOString()}, load average ${loadAverage()}`;

/** Every .ts file under `root`, sorted. */
export function listTypeScriptFiles(root) {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (path.endsWith(".ts")) files.push(path);
    }
  };
  walk(root);
  return files.sort();
}
