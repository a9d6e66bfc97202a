/**
 * The TypeScript files of a scan: named files as they are, folders through git (so .gitignore
 * holds) without node_modules, or walked when git does not know the folder.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { isTypeScriptFile } from "../project/resolve";

export function collectFiles(paths: string[], cwd = process.cwd()): string[] {
  const files = new Set<string>();
  for (const path of paths.length > 0 ? paths : ["."]) {
    const absolute = resolve(cwd, path);
    const stat = statSync(absolute, { throwIfNoEntry: false });
    if (!stat) throw new Error(`${path} does not exist (looked in ${cwd})`);
    if (stat.isFile()) {
      if (!isTypeScriptFile(absolute))
        throw new Error(`${path} is not a TypeScript file; name .ts, .tsx, .mts or .cts files, or folders`);
      files.add(absolute);
    } else {
      for (const file of gitFiles(absolute) ?? walk(absolute)) if (isTypeScriptFile(file)) files.add(file);
    }
  }
  return [...files].sort();
}

/** The folder's files git tracks or would track; undefined outside a repository, or for a folder .gitignore excludes but the user named. */
function gitFiles(dir: string): string[] | undefined {
  let out: string;
  try {
    out = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."], {
      cwd: dir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      maxBuffer: 256 * 1024 * 1024,
    });
  } catch {
    // Not a repository, or no git: walk the folder instead.
    return undefined;
  }
  const files = out
    .split("\0")
    .filter(Boolean)
    .filter((file) => !/(^|\/)node_modules\//.test(file));
  if (files.length === 0 && spawnSync("git", ["check-ignore", "-q", "."], { cwd: dir, stdio: "ignore" }).status === 0)
    return undefined;
  return files.map((file) => join(dir, file));
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}
