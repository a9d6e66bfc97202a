import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

const runtimeDir = dirname(__filename);

/**
 * The file of the user's module that is applying a decorator right now. Worker processes load
 * this file to run the task, so it must be the file Node actually executes (raw V8 call sites,
 * not the source-mapped names a stack trace shows).
 */
export function callerFile(): string | undefined {
  const original = Error.prepareStackTrace;
  let sites: NodeJS.CallSite[];
  try {
    Error.prepareStackTrace = (_error, callSites) => callSites;
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, callerFile);
    sites = holder.stack as NodeJS.CallSite[];
  } finally {
    Error.prepareStackTrace = original;
  }
  for (const site of sites) {
    const name = site.getFileName();
    if (
      !name ||
      dirname(name) === runtimeDir ||
      name.startsWith("node:") ||
      /[\\/]node_modules[\\/]tslib[\\/]/.test(name)
    )
      continue;
    return name.startsWith("file:") ? fileURLToPath(name) : name;
  }
  return undefined;
}
