/** One-shot scans for the CLI: named files and folders (`graph`, `check`), or a program and what it imports (`run`). */
import { relative } from "node:path";
import type { ReadFacts } from "./fileFacts";
import { collectFiles } from "./files";
import { Workspace } from "./workspace";
import type { ScanResult } from "./types";

/**
 * Scans files and folders once, with paths in the result relative to `cwd`, as the CLI prints
 * them. `readFacts` is the parser unless given: the CLI puts its on-disk facts cache in front.
 */
export function scanPaths(paths: string[], cwd = process.cwd(), readFacts?: ReadFacts): ScanResult {
  const workspace = new Workspace((file) => relative(cwd, file), { readFacts });
  workspace.updateFiles(collectFiles(paths, cwd));
  const result = workspace.result();
  const rel = <T extends { file: string }>(item: T): T => ({ ...item, file: relative(cwd, item.file) });
  return {
    tasks: result.tasks.map((task) => ({
      ...rel(task),
      dependencyLocations: task.dependencyLocations.map((at) =>
        at.targetFile ? { ...at, targetFile: relative(cwd, at.targetFile) } : at,
      ),
    })),
    problems: result.problems.map((problem) => ({ ...rel(problem), related: problem.related.map(rel) })),
  };
}

/**
 * A program as `semisync run` loads it: the file and every TypeScript file it imports,
 * directly or not. Only their tasks exist when it runs.
 */
export function scanProgram(entry: string, readFacts?: ReadFacts): Workspace {
  const workspace = new Workspace(undefined, { readFacts });
  const files = [entry];
  const seen = new Set(files);
  for (let i = 0; i < files.length; i++) {
    for (const imported of workspace.importedFiles(files[i])) {
      if (seen.has(imported)) continue;
      seen.add(imported);
      files.push(imported);
    }
  }
  workspace.updateFiles(files);
  return workspace;
}
