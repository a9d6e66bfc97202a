import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import type { SemisyncApi } from "../../src/extension/extension";
import { liveProcesses } from "../helpers/processes";

export const EXTENSION_ID = "semisync.semisync";

/** The extension, activated, with the open folder scanned. */
export async function semisync(): Promise<SemisyncApi> {
  const extension = vscode.extensions.getExtension<SemisyncApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this VS Code`);
  const api = await extension.activate();
  await api.index.whenScanned();
  return api;
}

export function fixture(name: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error("the integration tests need the fixture workspace test/fixtures/editor open");
  return join(folder.uri.fsPath, name);
}

export async function open(name: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(fixture(name));
  await vscode.window.showTextDocument(document);
  return document;
}

export { eventually } from "../helpers/wait";

/** Live processes started from this extension's engine bundles: what a run may leave behind. */
export function engineProcesses(): number[] {
  const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
  const bundles = [join(extensionPath, "dist", "coordinator.js"), join(extensionPath, "dist", "worker.js")];
  return liveProcesses((pid) =>
    readFileSync(`/proc/${pid}/cmdline`, "utf8")
      .split("\0")
      .some((part) => bundles.includes(part)),
  );
}

/** This extension's diagnostics on a file (TypeScript's own are left out). */
export function semisyncDiagnostics(file: string): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(vscode.Uri.file(file))
    .filter((diagnostic) => diagnostic.source === "semisync");
}

/** The run view as a person reads it: each task's label and description, and the lines under it. */
export function runViewText(api: SemisyncApi): Array<{ label: string; description: string; lines: string[] }> {
  const view = api.views.run;
  return view.getChildren().map((node) => {
    const item = view.getTreeItem(node);
    return {
      label: String(item.label),
      description: String(item.description ?? ""),
      lines: view.getChildren(node).map((child) => String(view.getTreeItem(child).label)),
    };
  });
}
