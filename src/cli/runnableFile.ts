import { statSync } from "node:fs";

/** Why the path cannot be run, as a line for stderr; undefined when it is a file. */
export function notRunnable(path: string): string | undefined {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat?.isDirectory())
    return `semisync run: ${path} is a folder; name the file that queues the calls and awaits begin()\n`;
  if (!stat) return `semisync run: ${path} does not exist (looked in ${process.cwd()})\n`;
  return undefined;
}
