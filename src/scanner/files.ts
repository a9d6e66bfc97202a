/** The TypeScript files of a scan: named files as they are, folders walked without node_modules, honouring .gitignore through git. */
import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { isTypeScriptFile } from "../engine/loader/resolve";

export function collectFiles(paths: string[], cwd = process.cwd()): string[] {
  const files = new Set<string>();
  for (const path of paths.length > 0 ? paths : ["."]) {
    const absolute = resolve(cwd, path);
    const stat = statSync(absolute, { throwIfNoEntry: false });
    if (!stat) throw new Error(`${path} does not exist (looked in ${cwd})`);
    if (stat.isFile()) files.add(absolute);
    else for (const file of gitFiles(absolute) ?? walk(absolute)) if (isTypeScriptFile(file)) files.add(file);
  }
  return [...files].sort();
}

function gitFiles(dir: string): string[] | undefined {
  try {
    const out = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], maxBuffer: 256 * 1024 * 1024 });
    return out.split("\0").filter(Boolean).filter((file) => !/(^|\/)node_modules\//.test(file)).map((file) => join(dir, file));
  } catch {
    return undefined;
  }
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}
