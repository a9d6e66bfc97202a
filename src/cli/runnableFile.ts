import { statSync } from "node:fs";
import { projectOptionsFor } from "../project/tsconfig";

/** Why the path cannot be run, as a line for stderr; undefined when it is a file. */
export function notRunnable(path: string): string | undefined {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat?.isDirectory())
    return `semisync run: ${path} is a folder; name the file that queues the calls and awaits begin()\n`;
  if (!stat) return `semisync run: ${path} does not exist (looked in ${process.cwd()})\n`;
  return undefined;
}

/**
 * Why the file's tsconfig.json (or one it extends) stops it running, as a line for stderr: it
 * decides how every file of the program resolves and transpiles. `--watch` waits for it to be fixed.
 */
export function unreadableProject(path: string): string | undefined {
  try {
    projectOptionsFor(path);
    return undefined;
  } catch (error) {
    return `semisync run: ${(error as Error).message}; fix it and run again\n`;
  }
}
