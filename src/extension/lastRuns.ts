import type { FinalStatus, RunEvent } from "../shared/protocol";
import { canonicalPath } from "./canonicalPath";
import type { RunState } from "./runState";

export interface LastRun {
  status: FinalStatus;
  durationMs?: number;
}

/** Each task's status in the latest run that included it, across the runs of this window. */
export class LastRuns {
  private readonly byTask = new Map<string, LastRun>();

  /** Ids repeat across files and folders, so the file counts; the engine and the editor spell files differently. */
  get(task: { file: string; id: string }): LastRun | undefined {
    return this.byTask.get(keyOf(task.file, task.id));
  }

  record(state: RunState, end: Extract<RunEvent, { type: "run-end" }>): void {
    for (const task of end.tasks) {
      const file = state.calls.get(task.key)?.file;
      if (file)
        this.byTask.set(keyOf(file, task.id), {
          status: task.status,
          durationMs: task.startMs !== undefined && task.endMs !== undefined ? task.endMs - task.startMs : undefined,
        });
    }
  }
}

function keyOf(file: string, id: string): string {
  return `${canonicalPath(file)}#${id}`;
}
