/**
 * What `semisync run` does when it is told to stop: the signals that cancel a run, the exit code
 * each leaves (128 + the signal's number, as shells report a process a signal stopped, so
 * `semisync run … || …` and CI tell an interrupted run from a failed one), and the line that says
 * so when the run ends before any of its tasks were reported.
 */
import { constants } from "node:os";
import { displayPath } from "../shared/format";
import type { RunEvent } from "../shared/protocol";

export const CANCEL_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
export type CancelSignal = (typeof CANCEL_SIGNALS)[number];

export function signalExitCode(signal: CancelSignal): number {
  return 128 + constants.signals[signal];
}

/** Follows a run's events far enough to say, once it is cancelled, whether the view already told the user. */
export class RunProgress {
  private rounds = 0;
  private inRound = false;
  private roundsAtCancel?: number;

  onEvent(event: RunEvent): void {
    if (event.type === "run-start") this.inRound = true;
    if (event.type === "run-end") {
      this.inRound = false;
      this.rounds++;
    }
  }

  cancelled(): void {
    this.roundsAtCancel ??= this.rounds;
  }

  /**
   * The line for a cancelled run that no summary reported as cancelled: while the program is still
   * loading, or between rounds, the coordinator has no tasks to report, so without this line a
   * Ctrl-C early in a run printed nothing at all. A round cut short without its summary (the
   * coordinator killed first) gets a line too.
   */
  cancelNote(file: string): string | undefined {
    if (this.roundsAtCancel === undefined || this.rounds > this.roundsAtCancel) return undefined;
    if (this.inRound) return "semisync: run cancelled; the tasks still running were stopped\n";
    if (this.rounds === 0)
      return `semisync: run cancelled before any task started: ${displayPath(file)} was still loading\n`;
    return `semisync: run cancelled after ${this.rounds} round${this.rounds === 1 ? "" : "s"} of tasks, before ${displayPath(file)} began another\n`;
  }
}
