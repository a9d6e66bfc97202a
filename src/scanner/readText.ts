/**
 * A file's text read into a buffer kept from file to file: readFileSync(file, "utf8") allocates
 * one and parses its options on every call, and a first scan reads every file of the workspace
 * (5,100 in the benchmark). It reads until a read returns nothing: a network or FUSE file system
 * may return less than asked before the end, and a file cut short would lose its tasks. A larger
 * file goes on into a larger buffer, dropped after it.
 */
import { closeSync, openSync, readSync } from "node:fs";

const shared = Buffer.allocUnsafe(1 << 16);

export function readText(file: string): string {
  const fd = openSync(file, "r");
  try {
    let buffer = shared;
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      length += read;
      if (read === 0) return buffer.toString("utf8", 0, length);
      if (length < buffer.length) continue;
      const larger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(larger);
      buffer = larger;
    }
  } finally {
    closeSync(fd);
  }
}
