import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * Where a sibling bundle (worker, coordinator, loader hooks) is. Inside `dist/` it is next to
 * this code; when the sources run unbundled (unit tests), it is the package's `dist/`.
 */
export function bundlePath(
  name:
    | "worker"
    | "coordinator"
    | "loader-hooks"
    | "transpiler"
    | "runtime"
    | "cli"
    | "scanner"
    | "parser"
    | "webview"
    | "redis",
  extension: "js" | "css" = "js",
): string {
  const file = `${name}.${extension}`;
  const beside = join(__dirname, file);
  if (existsSync(beside)) return beside;
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    const candidate = join(dir, "dist", file);
    if (existsSync(join(dir, "package.json")) && existsSync(candidate)) return candidate;
  }
  throw new Error(`semisync: cannot find its ${file} bundle near ${__dirname}; run \`npm run build\``);
}
