/**
 * The code a run planned, as content hashes: the coordinator hashes the program's files, each
 * worker hashes the same paths in its own checkout, and a difference refuses the task, naming the
 * file and both hashes, instead of running code other than the one planned.
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { isAbsolute, join, relative, sep } from "node:path";

export function sha256(bytes: Buffer | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** A path inside the project, with forward slashes, or undefined for one outside it. */
export function projectPath(root: string, file: string): string | undefined {
  const path = relative(root, file);
  if (path === "" || path.startsWith("..") || isAbsolute(path)) return undefined;
  return path.split(sep).join("/");
}

/** The hashes of the files (those inside the project; a package's are not the project's code). */
export function manifestOf(root: string, files: readonly string[]): Record<string, string> {
  const manifest: Record<string, string> = {};
  for (const file of files) {
    const path = projectPath(root, file);
    if (path !== undefined) manifest[path] = sha256(readFileSync(file));
  }
  return manifest;
}

/** Hashes of this checkout's files, kept while a file's size and modification time stay the same. */
export class CheckoutHashes {
  private readonly known = new Map<string, { stamp: string; hash: string }>();

  constructor(private readonly root: string) {}

  hashOf(path: string): string {
    const file = join(this.root, path);
    let stamp: string;
    try {
      const stat = statSync(file);
      stamp = `${stat.size}:${stat.mtimeMs}`;
    } catch {
      return "missing";
    }
    const cached = this.known.get(path);
    if (cached?.stamp === stamp) return cached.hash;
    const hash = sha256(readFileSync(file));
    this.known.set(path, { stamp, hash });
    return hash;
  }

  /** The first file whose content differs from the coordinator's, with both hashes. */
  firstDifference(manifest: Record<string, string>): { path: string; planned: string; here: string } | undefined {
    for (const [path, planned] of Object.entries(manifest)) {
      const here = this.hashOf(path);
      if (here !== planned) return { path, planned, here };
    }
    return undefined;
  }
}
