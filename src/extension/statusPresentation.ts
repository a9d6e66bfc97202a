import * as vscode from "vscode";
import { formatDuration } from "../shared/format";
import type { TaskStatus } from "../shared/protocol";
import type { LastRun } from "./lastRuns";

/** Each status has an icon for the eye and always its word, for screen readers and for anyone new to the icons. */
const ICONS: Record<TaskStatus, [icon: string, colour?: string]> = {
  queued: ["circle-outline"],
  running: ["loading~spin"],
  succeeded: ["pass", "testing.iconPassed"],
  failed: ["error", "testing.iconFailed"],
  skipped: ["debug-step-over", "testing.iconSkipped"],
  cancelled: ["circle-slash", "testing.iconSkipped"],
  "timed-out": ["watch", "testing.iconErrored"],
};

export function statusIcon(status: TaskStatus): vscode.ThemeIcon {
  const [icon, colour] = ICONS[status];
  return new vscode.ThemeIcon(icon, colour ? new vscode.ThemeColor(colour) : undefined);
}

export function statusWord(status: TaskStatus): string {
  return status === "timed-out" ? "timed out" : status;
}

/** "succeeded in 124 ms": how a task's last run reads in the lens, the graph and the hover. */
export function lastRunText(last: LastRun): string {
  return `${statusWord(last.status)}${last.durationMs !== undefined ? ` in ${formatDuration(last.durationMs)}` : ""}`;
}
