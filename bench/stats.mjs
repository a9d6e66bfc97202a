// What the interleaved comparisons (compare.mjs, scanCompare.mjs) and the scan benchmark share:
// the median they report, the machine line they open with, and the workspace's files they scan.
import { readdirSync } from "node:fs";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
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

/** The two lines the Redis benches open with: the machine, then the date and the load at the start. */
export const machineAndStart = () => [
  `Machine: ${cpus()[0].model}, ${availableParallelism()} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  `Date: ${new Date().toISOString()}; load average at start ${loadavg()
    .map((n) => n.toFixed(2))
    .join(", ")}`,
];

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
