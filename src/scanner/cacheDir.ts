import { cacheFolder } from "../shared/cacheFolder";

/** Where the scanner keeps what it computed (facts, saved scans, the parser's code cache). */
export function cacheDir(): string {
  return cacheFolder("scanned");
}
