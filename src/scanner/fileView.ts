/**
 * What the scan shows for one file: its tasks and its problems, sorted by where they are written,
 * with a JSON form that tells an update whether the file's answer changed at all.
 */
import type { Cycle } from "../graph/cycles";
import { problem } from "../shared/problems";
import type { Resolution } from "./dependencies";
import { idOfKey } from "./dependencies";
import type { FileFacts, Location, TaskFact } from "./fileFacts";
import type { Problem, StaticTask } from "./types";

export interface FileView {
  tasks: StaticTask[];
  problems: Problem[];
  json: string;
}

export const EMPTY_VIEW: FileView = { tasks: [], problems: [], json: "[[],[]]" };

export interface ViewedTask {
  key: string;
  id: string;
  fact: TaskFact;
  resolution?: Resolution;
}

/** A cycle is reported on every member's decorator, with the other members as related locations. */
export function fileView(
  file: string,
  facts: FileFacts,
  nodes: readonly ViewedTask[],
  cycleOf: (key: string) => Cycle | undefined,
  locationOf: (key: string) => Location,
): FileView {
  const tasks: StaticTask[] = nodes.map((node) => ({
    id: node.id,
    file,
    ...node.fact.span,
    dependencies: node.resolution?.dependencies ?? [],
    dependencyLocations: node.resolution?.locations ?? [],
  }));
  const problems: Problem[] = facts.problems.map(({ span, ...each }) => ({ ...each, file, ...span, related: [] }));
  for (const node of nodes) {
    problems.push(...(node.resolution?.problems ?? []));
    const cycle = cycleOf(node.key);
    if (!cycle) continue;
    problems.push({
      ...problem.cycle(cycle.path.map(idOfKey)),
      file,
      ...node.fact.span,
      related: cycle.members.filter((member) => member !== node.key).map(locationOf),
    });
  }
  tasks.sort(compareLocations);
  problems.sort((a, b) => compareLocations(a, b) || compareText(a.code, b.code));
  return { tasks, problems, json: JSON.stringify([tasks, problems]) };
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareLocations(a: Location, b: Location): number {
  return compareText(a.file, b.file) || a.line - b.line || a.column - b.column;
}
