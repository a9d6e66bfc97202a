import type { LogOutputChannel } from "vscode";

/** What the models write to the semisync log (the Output view's channel; a test's list of lines). */
export type Log = Pick<LogOutputChannel, "info" | "warn" | "error">;
