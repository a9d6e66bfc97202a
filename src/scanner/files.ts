/**
 * The TypeScript files of a scan: named files as they are, folders through git (so .gitignore
 * holds) without node_modules, or walked when git does not know the folder.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, realpathSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { isTypeScriptFile } from "../project/resolve";

export function collectFiles(paths: string[], cwd = process.cwd()): string[] {
  const files = new OneEach();
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
  return files.list();
}

/**
 * The files found, each once however many ways it was reached: a file named through a symlink
 * and through its real path (or a symlinked copy in a folder) is one file, and counting it twice
 * would double its tasks and report every dependency on them as ambiguous. It keeps the path
 * that involves no symlink when it was given one, so what is shown is where the file is.
 */
class OneEach {
  private readonly byRealPath = new Map<string, string>();

  add(file: string): void {
    let real: string;
    try {
      real = realpathSync(file);
    } catch {
      // A dangling link: reading it fails later, with its own message.
      real = file;
    }
    const kept = this.byRealPath.get(real);
    if (kept === undefined || (file === real && kept !== real)) this.byRealPath.set(real, file);
  }

  list(): string[] {
    return [...this.byRealPath.values()].sort();
  }
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
