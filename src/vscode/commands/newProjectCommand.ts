// "Start New Project…": opens the wizard on the chosen workspace folder's model (one folder: that one).
import * as vscode from 'vscode';
import type { WorkspaceModels } from '../model/workspaceModels';
import type { NewProjectWizard } from '../webviews/newProjectWizard';
import { reportError } from './reportError';

export function registerNewProjectCommand(models: WorkspaceModels, wizard: NewProjectWizard): vscode.Disposable {
  return vscode.commands.registerCommand('threatModeling.project.new', async (folderUri?: string) => {
    try {
      if (!vscode.workspace.isTrusted) throw new Error('Trust this workspace to add projects to its threat model.');
      const stores = models.all;
      if (stores.length === 0) throw new Error('Open a folder first: the threat model is saved in it.');
      let store = typeof folderUri === 'string' ? models.byFolder(folderUri) : undefined;
      if (!store && stores.length === 1) store = stores[0];
      if (!store) {
        const picked = await vscode.window.showQuickPick(
          stores.map((s) => ({ label: s.folder.name, description: vscode.workspace.asRelativePath(s.uri), store: s })),
          { placeHolder: 'Which workspace folder gets the new project?' },
        );
        store = picked?.store;
      }
      if (store) wizard.open(store);
    } catch (e) {
      reportError(e);
    }
  });
}
