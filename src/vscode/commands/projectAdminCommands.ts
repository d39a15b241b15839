// "Edit Architecture…" and "Edit Project Details…" (the wizard on an existing project), and "Delete
// Project…" (confirmed by typing the project's name; a Done project, locked for review, is refused by core).
import * as vscode from 'vscode';
import { deleteProject } from '../../core/model/projectAdmin';
import type { ThreatModelStore } from '../model/threatModelStore';
import type { WorkspaceModels } from '../model/workspaceModels';
import type { NewProjectWizard } from '../webviews/newProjectWizard';
import type { ProjectRef } from './projectCommands';
import { reportError } from './reportError';
import { resolveStore } from './requirementCommands';

/** The tree passes its node; other callers (tests, other commands) a plain reference. */
type ProjectArg = ProjectRef | { readonly store: ThreatModelStore; readonly project: { readonly id: string } };

function refOf(arg: ProjectArg | undefined): ProjectRef {
  if (!arg) throw new Error('Select a project in the Projects view first.');
  return 'store' in arg ? { folderUri: arg.store.folder.uri.toString(), projectId: arg.project.id } : arg;
}

export function registerProjectAdminCommands(models: WorkspaceModels, wizard: NewProjectWizard): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('threatModeling.project.editDetails', (arg?: ProjectArg) => {
      try {
        const ref = refOf(arg);
        wizard.editDetails(resolveStore(models, ref), ref.projectId);
      } catch (e) {
        reportError(e);
      }
    }),
    vscode.commands.registerCommand('threatModeling.project.editArchitecture', (arg?: ProjectArg) => {
      try {
        const ref = refOf(arg);
        wizard.editArchitecture(resolveStore(models, ref), ref.projectId);
      } catch (e) {
        reportError(e);
      }
    }),
    // `options.confirmedName` lets a caller that already asked (a test) skip the dialogs.
    vscode.commands.registerCommand('threatModeling.project.delete', async (arg?: ProjectArg, options?: { confirmedName?: string }) => {
      try {
        const ref = refOf(arg);
        const store = resolveStore(models, ref);
        const project = store.file?.model.projects.find((p) => p.id === ref.projectId);
        if (!project) throw new Error('That project is no longer in the threat model.');
        let typed = options?.confirmedName;
        if (typed === undefined) {
          const count = project.requirements.length;
          typed = await vscode.window.showInputBox({
            title: `Delete project "${project.name}"`,
            prompt: `This removes the project, its ${project.items.length} item(s), ${count} requirement(s) with their evidence, and its history from ${vscode.workspace.asRelativePath(store.uri)}. Type the project's name to confirm.`,
            placeHolder: project.name,
            ignoreFocusOut: true,
            validateInput: (value) => (value === project.name ? undefined : 'Type the name exactly as shown to delete it.'),
          });
        }
        if (typed !== project.name) return;
        await store.update((file) => deleteProject(file, ref.projectId));
        void vscode.window.showInformationMessage(`Project "${project.name}" deleted. Undo it with your version control if needed.`);
      } catch (e) {
        reportError(e);
      }
    }),
  );
}
