// Activation wires models, providers and commands together and does no I/O of its own: the model file
// is read in the background and catalogs load only when a view needs them.
import * as vscode from 'vscode';
import { CatalogService } from './catalog/catalogService';
import { editableItems, registerCatalogCommands } from './commands/catalogCommands';
import { registerNewProjectCommand } from './commands/newProjectCommand';
import { registerProjectAdminCommands } from './commands/projectAdminCommands';
import { registerProjectCommands } from './commands/projectCommands';
import { registerRequirementCommands } from './commands/requirementCommands';
import { registerSearchCommand } from './commands/searchCommand';
import { registerSuggestCommand } from './commands/suggestCommand';
import { ContextKeys } from './contextKeys';
import { RulesDiagnostics } from './rulesDiagnostics';
import { DiagnosticsPresenter } from './diagnosticsPresenter';
import { Identity } from './identity';
import { WorkspaceModels } from './model/workspaceModels';
import { AsvsTreeProvider } from './views/asvsTreeProvider';
import { CapecTreeProvider } from './views/capecTreeProvider';
import { ProjectsTreeProvider } from './views/projectsTreeProvider';
import { DetailPanel } from './webviews/detailPanel';
import { NewProjectWizard } from './webviews/newProjectWizard';
import { ProjectPanel, registerProjectPanelCommand } from './webviews/projectPanel';

/** What the extension exposes to other extensions and to its integration tests. */
export interface ThreatModelingApi {
  readonly models: WorkspaceModels;
  readonly projectsTree: ProjectsTreeProvider;
  readonly capecTree: CapecTreeProvider;
  readonly asvsTree: AsvsTreeProvider;
  readonly catalogs: CatalogService;
  readonly detailPanel: DetailPanel;
  readonly wizard: NewProjectWizard;
  readonly projectPanel: ProjectPanel;
  readonly activationMs: number;
}

export function activate(context: vscode.ExtensionContext): ThreatModelingApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Threat Modeling', { log: true });
  const models = new WorkspaceModels(log, context.asAbsolutePath('dist/modelWorker.js'));
  const identity = new Identity();
  // Catalogs are read when a view or panel first needs them, never here.
  const catalogs = new CatalogService(context.extensionPath, models);
  const projectsTree = new ProjectsTreeProvider(models, catalogs);
  const projectsView = vscode.window.createTreeView('threatModeling.projects', { treeDataProvider: projectsTree, showCollapseAll: true });
  const capecTree = new CapecTreeProvider(catalogs);
  const asvsTree = new AsvsTreeProvider(catalogs);
  const detailPanel = new DetailPanel(context.extensionUri, catalogs, () => vscode.workspace.isTrusted && editableItems(models).length > 0);
  const asvsView = vscode.window.createTreeView('threatModeling.asvs', { treeDataProvider: asvsTree, showCollapseAll: true });
  const wizard = new NewProjectWizard(context.extensionUri, context.workspaceState, catalogs, identity, log, (capec) => void detailPanel.show({ kind: 'pattern', id: capec }));
  // One panel per project, opened from the Projects view or the Command Palette.
  const projectPanel = new ProjectPanel(context.extensionUri, models, catalogs, log);

  context.subscriptions.push(
    log,
    models,
    projectsTree,
    projectsView,
    new DiagnosticsPresenter(models),
    new RulesDiagnostics(catalogs),
    new ContextKeys(models),
    registerRequirementCommands(models, identity),
    registerProjectCommands(models, identity),
    vscode.window.createTreeView('threatModeling.capec', { treeDataProvider: capecTree, showCollapseAll: true }),
    asvsView,
    asvsTree,
    catalogs,
    detailPanel,
    models.onDidChange(() => {
      asvsView.description = `ASVS ${catalogs.edition()}`;
      asvsTree.refreshIfEditionChanged();
    }),
    registerCatalogCommands(models, catalogs, detailPanel, identity),
    registerSearchCommand(catalogs, detailPanel),
    registerSuggestCommand(models, catalogs, identity),
    wizard,
    registerNewProjectCommand(models, wizard),
    registerProjectAdminCommands(models, wizard),
    // A new project is shown where the person looks for it.
    wizard.onDidSave(() => void vscode.commands.executeCommand('threatModeling.projects.focus')),
    projectPanel,
    registerProjectPanelCommand(models, projectPanel),
  );
  asvsView.description = `ASVS ${catalogs.edition()}`;
  const activationMs = performance.now() - started;
  log.info(`Activated in ${activationMs.toFixed(1)} ms`);
  return { models, projectsTree, capecTree, asvsTree, catalogs, detailPanel, wizard, projectPanel, activationMs };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
