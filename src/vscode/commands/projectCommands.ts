// Project-level commands: the project's status (Done locks its requirements) and the model file itself.
import * as vscode from 'vscode';
import { changeProjectStatus } from '../../core/model/operations';
import type { ProjectStatus } from '../../core/model/schema';
import { starterModelText } from '../../core/model/starter';
import type { Identity } from '../identity';
import type { ThreatModelStore } from '../model/threatModelStore';
import type { WorkspaceModels } from '../model/workspaceModels';
import { reportError } from './reportError';
import { resolveStore } from './requirementCommands';

export interface ProjectRef {
  readonly folderUri: string;
  readonly projectId: string;
}

export function registerProjectCommands(models: WorkspaceModels, identity: Identity): vscode.Disposable {
  // `options.confirmed` lets a caller that already asked (another extension, a test) skip the dialog.
  const setStatus = (to: ProjectStatus, confirm?: string) => async (ref?: ProjectRef | { store: ThreatModelStore; project: { id: string } }, options?: { confirmed?: boolean }) => {
    try {
      if (!ref) throw new Error('Select a project in the Threat Modeling view first.');
      const target = 'store' in ref ? { folderUri: ref.store.folder.uri.toString(), projectId: ref.project.id } : ref;
      if (confirm && !options?.confirmed && (await vscode.window.showWarningMessage(confirm, { modal: true }, 'Continue')) !== 'Continue') return;
      const store = resolveStore(models, target);
      const by = await identity.nameFor(store.folder);
      await store.update((file) => changeProjectStatus(file, { projectId: target.projectId, to }, { by, at: new Date().toISOString() }));
    } catch (e) {
      reportError(e);
    }
  };

  return vscode.Disposable.from(
    vscode.commands.registerCommand('threatModeling.project.start', setStatus('running')),
    vscode.commands.registerCommand(
      'threatModeling.project.complete',
      setStatus('done', 'Mark the project Done? Its requirements are locked while the security team reviews them.'),
    ),
    vscode.commands.registerCommand('threatModeling.project.reopen', setStatus('running', 'Reopen the project? Reopening is recorded in its history.')),
    vscode.commands.registerCommand('threatModeling.createModelFile', () => createModelFile(models)),
    vscode.commands.registerCommand('threatModeling.openModelFile', async () => {
      const store = await pickStore(models, (s) => s.current.kind !== 'missing');
      if (store) await vscode.window.showTextDocument(store.uri);
    }),
    vscode.commands.registerCommand('threatModeling.refresh', () => models.reloadAll()),
    vscode.commands.registerCommand('threatModeling.showProblems', () => vscode.commands.executeCommand('workbench.actions.view.problems')),
  );
}

async function createModelFile(models: WorkspaceModels): Promise<void> {
  try {
    const store = await pickStore(models, () => true);
    if (!store) {
      if (models.all.length === 0) await vscode.window.showInformationMessage('Open a folder first: the threat model is saved in it.');
      return;
    }
    if (store.current.kind === 'missing') {
      const edition = vscode.workspace.getConfiguration('threatModeling', store.folder).get<'5.0.0' | '4.0.3'>('asvsEdition') ?? '5.0.0';
      await store.create(starterModelText(store.folder.name, edition));
    }
    await vscode.window.showTextDocument(store.uri);
  } catch (e) {
    reportError(e);
  }
}

async function pickStore(models: WorkspaceModels, filter: (s: ThreatModelStore) => boolean): Promise<ThreatModelStore | undefined> {
  const candidates = models.all.filter(filter);
  if (candidates.length <= 1) return candidates[0];
  const picked = await vscode.window.showQuickPick(
    candidates.map((store) => ({ label: store.folder.name, description: vscode.workspace.asRelativePath(store.uri), store })),
    { placeHolder: 'Which workspace folder?' },
  );
  return picked?.store;
}
