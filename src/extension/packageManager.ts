/**
 * Which package manager a project uses, and the command that adds the runtime package to it.
 * Plain Node, so the choices are unit-tested; src/extension/addToProject.ts runs the command.
 */
import { existsSync, readFileSync } from "node:fs";
import { delimiter, dirname, join, relative, sep } from "node:path";

export type PackageManagerName = "npm" | "pnpm" | "yarn" | "bun";

export interface PackageManager {
  name: PackageManagerName;
  /** What told us: `packageManager in package.json`, a lockfile's name, or that npm is the default. */
  because: string;
}

/** Lockfiles, in the order they are believed when a folder has several. */
const LOCKFILES: ReadonlyArray<[string, PackageManagerName]> = [
  ["pnpm-lock.yaml", "pnpm"],
  ["yarn.lock", "yarn"],
  ["bun.lock", "bun"],
  ["bun.lockb", "bun"],
  ["package-lock.json", "npm"],
  ["npm-shrinkwrap.json", "npm"],
];

/** The nearest folder holding a package.json, from `dir` up to `top` (a workspace folder) included. */
export function projectRootOf(dir: string, top: string): string | undefined {
  for (let here = dir; ; here = dirname(here)) {
    if (existsSync(join(here, "package.json"))) return here;
    if (here === top || dirname(here) === here || !isInside(dirname(here), top)) return undefined;
  }
}

/**
 * The project's package manager: package.json's `packageManager` field, else a lockfile in the
 * project's folder or one above it up to `top` (a workspace's root holds it), else npm.
 */
export function detectPackageManager(root: string, top: string): PackageManager {
  const declared = packageManagerField(root);
  if (declared) return { name: declared, because: `"packageManager" in package.json` };
  for (let here = root; ; here = dirname(here)) {
    for (const [lockfile, name] of LOCKFILES)
      if (existsSync(join(here, lockfile))) return { name, because: relative(root, join(here, lockfile)) };
    if (here === top || dirname(here) === here || !isInside(dirname(here), top)) break;
  }
  return { name: "npm", because: "no lockfile, so npm, Node's own" };
}

/** The command, run in the project's root, that adds the package in `tarball` (relative to the root) as a dev dependency. */
export function addCommand(manager: PackageManagerName, tarball: string): string[] {
  const path = `./${tarball.split(sep).join("/")}`;
  switch (manager) {
    case "npm":
      // Local tarball, no dependencies: nothing to ask the registry, so the audit and funding calls are left out too.
      return ["npm", "install", "--save-dev", "--no-audit", "--no-fund", path];
    case "pnpm":
      return ["pnpm", "add", "--save-dev", path];
    case "yarn":
      // `name@file:` is read alike by Yarn 1 and Yarn Berry.
      return ["yarn", "add", "--dev", `semisync@file:${path}`];
    case "bun":
      return ["bun", "add", "--dev", path];
  }
}

/** The command as a person types it in a shell. */
export function shellLine(command: readonly string[]): string {
  return command.map((part) => (/^[\w@%+=:,./-]+$/.test(part) ? part : `'${part.replace(/'/g, `'\\''`)}'`)).join(" ");
}

/** Whether `program` is an executable file in one of PATH's folders. */
export function onPath(program: string, path = process.env.PATH ?? ""): boolean {
  return path
    .split(delimiter)
    .filter(Boolean)
    .some((dir) => existsSync(join(dir, program)));
}

function packageManagerField(root: string): PackageManagerName | undefined {
  try {
    const field = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { packageManager?: unknown })
      .packageManager;
    const name = typeof field === "string" ? field.split("@")[0] : undefined;
    return LOCKFILES.map(([, manager]) => manager).find((manager) => manager === name);
  } catch {
    // A package.json that does not parse says nothing about its manager; the lockfiles still may.
    return undefined;
  }
}

function isInside(path: string, top: string): boolean {
  return path === top || path.startsWith(top.endsWith(sep) ? top : top + sep);
}
