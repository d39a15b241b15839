// Activation wires models, providers and commands together and does no I/O of its own: the model file
// is read in the background and catalogs load only when a view needs them.
import * as vscode from 'vscode';
import { registerProjectCommands } from './commands/projectCommands';
import { registerRequirementCommands } from './commands/requirementCommands';
import { ContextKeys } from './contextKeys';
import { DiagnosticsPresenter } from './diagnosticsPresenter';
import { Identity } from './identity';
import { WorkspaceModels } from './model/workspaceModels';
import { ProjectsTreeProvider } from './views/projectsTreeProvider';

/** What the extension exposes to other extensions and to its integration tests. */
export interface ThreatModelingApi {
  readonly models: WorkspaceModels;
  readonly projectsTree: ProjectsTreeProvider;
  readonly activationMs: number;
}

export function activate(context: vscode.ExtensionContext): ThreatModelingApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Threat Modeling', { log: true });
  const models = new WorkspaceModels(log);
  const identity = new Identity();
  const projectsTree = new ProjectsTreeProvider(models);
  const projectsView = vscode.window.createTreeView('threatModeling.projects', { treeDataProvider: projectsTree, showCollapseAll: true });

  context.subscriptions.push(
    log,
    models,
    projectsTree,
    projectsView,
    new DiagnosticsPresenter(models),
    new ContextKeys(models),
    registerRequirementCommands(models, identity),
    registerProjectCommands(models, identity),
  );
  const activationMs = performance.now() - started;
  log.info(`Activated in ${activationMs.toFixed(1)} ms`);
  return { models, projectsTree, activationMs };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
