import * as vscode from "vscode";
import { TaskCodeLensProvider } from "./codeLensProvider";
import { registerCommands } from "./commands";
import { DependencyDefinitionProvider } from "./definitionProvider";
import { GraphPanel } from "./graphPanel";
import { registerGraphPanel } from "./graphPanelCommand";
import { ProblemDiagnostics } from "./diagnostics";
import { GraphTreeProvider } from "./graphView";
import { TaskHoverProvider } from "./hoverProvider";
import { newcomerHelp } from "./newcomer";
import { ProblemsTreeProvider } from "./problemsView";
import { registerRerunCommands } from "./rerunCommands";
import { RunController } from "./runController";
import type { RunOnSave } from "./runOnSave";
import { RunStatusBar } from "./runStatusBar";
import { RunTreeProvider } from "./runView";
import { TaskIndex } from "./taskIndex";
import { TYPESCRIPT_FILES } from "./typescriptFiles";
import { vscodeRunHost } from "./vscodeRunHost";
import { vscodeRunOnSave } from "./vscodeRunOnSave";
import { VsCodeWorkspace } from "./vscodeWorkspace";
import { observeWorkspace } from "./workspaceObserver";

/** What the extension hands to its integration tests (and to anyone automating it). */
export interface SemisyncApi {
  index: TaskIndex;
  runs: RunController;
  views: { graph: GraphTreeProvider; run: RunTreeProvider; problems: ProblemsTreeProvider };
  lenses: TaskCodeLensProvider;
  runOnSave: RunOnSave;
  graphPanel: GraphPanel;
}

/** Wires the objects together; the scan starts in the background so activation stays cheap. */
export function activate(context: vscode.ExtensionContext): SemisyncApi {
  const log = vscode.window.createOutputChannel("semisync", { log: true });
  const index = new TaskIndex(new VsCodeWorkspace(), log);
  const runHost = vscodeRunHost(log);
  const runs = new RunController(runHost, log);
  const lenses = new TaskCodeLensProvider(index, runs);
  const views = {
    graph: new GraphTreeProvider(index, runs),
    run: new RunTreeProvider(runs, index),
    problems: new ProblemsTreeProvider(index),
  };
  const runOnSave = vscodeRunOnSave(index, runs, log);
  const graphPanel = new GraphPanel(context.extensionUri, index, runs, log);
  const setContext = () => {
    void vscode.commands.executeCommand("setContext", "semisync.hasTasks", index.tasks.length > 0);
    void vscode.commands.executeCommand("setContext", "semisync.hasRun", runs.current !== undefined);
  };
  context.subscriptions.push(
    log,
    index,
    runs,
    runHost,
    lenses,
    ...Object.values(views),
    new ProblemDiagnostics(index),
    new RunStatusBar(runs),
    vscode.window.registerTreeDataProvider("semisync.graph", views.graph),
    vscode.window.registerTreeDataProvider("semisync.run", views.run),
    vscode.window.registerTreeDataProvider("semisync.problems", views.problems),
    vscode.languages.registerCodeLensProvider(TYPESCRIPT_FILES, lenses),
    vscode.languages.registerDefinitionProvider(TYPESCRIPT_FILES, new DependencyDefinitionProvider(index)),
    vscode.languages.registerHoverProvider(TYPESCRIPT_FILES, new TaskHoverProvider(index, runs)),
    ...registerCommands(index, runs, log, context.extensionUri),
    ...registerRerunCommands(runs),
    index.onDidChange(setContext),
    runs.onDidChange(setContext),
    observeWorkspace(index),
    runOnSave,
    newcomerHelp(context.extensionUri, log),
    graphPanel,
    ...registerGraphPanel(graphPanel, index),
  );
  index.start();
  void index.whenScanned().then(() => {
    void vscode.commands.executeCommand("setContext", "semisync.scanned", true);
    // The first run's processes start once the scan has had the machine to itself.
    if (index.tasks.length > 0) runs.warmUp(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath);
  });
  return { index, runs, views, lenses, runOnSave: runOnSave.onSave, graphPanel };
}

export function deactivate(): void {}
