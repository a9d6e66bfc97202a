/** What every case of the fault matrix shares: its fixtures, and the check that a run left no process behind. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { eventually, fixtures, lastRunEnd, processesWithMark, type CliResult } from "../helpers/cli";

export const fault = (...path: string[]) => join(fixtures, "faults", ...path);
export const engineFixture = (name: string) => join(fixtures, "engine", `${name}.ts`);

/** Waits until no process carrying the run's mark is alive: the CLI, the coordinator and every worker are gone. */
export function nothingLeft(mark: string): Promise<boolean> {
  return eventually(() => processesWithMark(mark).length === 0, "every process of the run to exit");
}

/** The run's coordinator: the one process of the run that runs the coordinator bundle. */
export function coordinatorOf(mark: string): number | undefined {
  return processesWithMark(mark).find((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("coordinator.js");
    } catch {
      // It ended while we looked.
      return false;
    }
  });
}

/** Every task's final status in the last round, as `Key status`, sorted. */
export const sortedStatuses = (result: CliResult) =>
  lastRunEnd(result.events)
    ?.tasks.map((task) => `${task.key} ${task.status}`)
    .sort();
