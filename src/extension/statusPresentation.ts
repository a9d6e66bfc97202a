import * as vscode from "vscode";
import type { TaskStatus } from "../engine/protocol";

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
