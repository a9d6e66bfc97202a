/** How durations and paths read wherever a person sees them: the terminal, the editor, error messages. */
import { relative } from "node:path";

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** A path relative to the current folder when it lies inside it, else as given. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith("..") ? file : rel;
}
