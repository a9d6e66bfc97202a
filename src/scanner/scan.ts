import { relative } from "node:path";
import { collectFiles } from "./files";
import { Workspace, type ScanResult } from "./workspace";

/** Scans files and folders once, with paths in the result relative to `cwd`, as the CLI prints them. */
export function scanPaths(paths: string[], cwd = process.cwd()): ScanResult {
  const workspace = new Workspace((file) => relative(cwd, file));
  for (const file of collectFiles(paths, cwd)) workspace.update(file);
  const result = workspace.result();
  const rel = <T extends { file: string }>(item: T): T => ({ ...item, file: relative(cwd, item.file) });
  return {
    tasks: result.tasks.map(rel),
    problems: result.problems.map((problem) => ({ ...rel(problem), related: problem.related.map(rel) })),
  };
}
