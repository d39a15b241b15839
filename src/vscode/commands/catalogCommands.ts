// Commands of the catalog views: details, and adding a pattern (with its requirements) to an item.
import * as vscode from 'vscode';
import { isLocked } from '../../core/model/workflow';
import type { CatalogService } from '../catalog/catalogService';
import type { Identity } from '../identity';
import type { ThreatModelStore } from '../model/threatModelStore';
import type { WorkspaceModels } from '../model/workspaceModels';
import type { AsvsNode } from '../views/asvsTreeProvider';
import type { CapecNode } from '../views/capecTreeProvider';
import type { DetailPanel } from '../webviews/detailPanel';
import { addPatternsToItem } from './addPatternsToItem';
import { reportError } from './reportError';

/** Where a pattern goes: an architecture item of a project in a workspace folder's model. */
export interface ItemTarget {
  readonly folderUri: string;
  readonly projectId: string;
  readonly itemId: string;
}

export function registerCatalogCommands(models: WorkspaceModels, catalogs: CatalogService, detail: DetailPanel, identity: Identity): vscode.Disposable {
  const addToItem = async (capecId: string, target?: ItemTarget): Promise<void> => {
    try {
      const chosen = target ?? (await pickItem(models, capecId));
      if (!chosen) return;
      const store = models.byFolder(chosen.folderUri);
      if (!store) throw new Error('That workspace folder is no longer open.');
      const pattern = (await catalogs.catalogs()).capec.pattern(capecId);
      if (!pattern) throw new Error(`${capecId} is not an active CAPEC pattern.`);
      const summary = await addPatternsToItem(store, catalogs, identity, chosen, [pattern.id]);
      void vscode.window.showInformationMessage(`Added ${pattern.id} ${pattern.name} to ${chosen.itemId}: ${summary}.`);
    } catch (e) {
      reportError(e);
    }
  };

  return vscode.Disposable.from(
    vscode.commands.registerCommand('threatModeling.capec.showDetails', (arg?: string | CapecNode) =>
      withId(patternIdOf(arg), (id) => detail.show({ kind: 'pattern', id })),
    ),
    vscode.commands.registerCommand('threatModeling.asvs.showDetails', (arg?: string | AsvsNode) =>
      withId(typeof arg === 'string' ? arg : arg?.kind === 'requirement' ? arg.requirement.id : undefined, (id) => detail.show({ kind: 'requirement', id })),
    ),
    vscode.commands.registerCommand('threatModeling.capec.addToItem', (arg?: string | CapecNode, target?: ItemTarget) =>
      withId(patternIdOf(arg), (id) => addToItem(id, target)),
    ),
    detail.onDidRequestAddToItem((capecId) => addToItem(capecId)),
  );
}

/** Items of projects that can still change (not Done), across every valid model of the workspace. */
export function editableItems(models: WorkspaceModels): (ItemTarget & { label: string; description: string; store: ThreatModelStore })[] {
  return models.all.flatMap((store) =>
    (store.file?.model.projects ?? [])
      .filter((p) => !isLocked(p))
      .flatMap((project) =>
        project.items.map((item) => ({
          folderUri: store.folder.uri.toString(),
          projectId: project.id,
          itemId: item.id,
          label: item.name,
          description: `${project.name} · ${item.kind}`,
          store,
        })),
      ),
  );
}

async function pickItem(models: WorkspaceModels, capecId: string): Promise<ItemTarget | undefined> {
  const items = editableItems(models);
  if (items.length === 0) {
    void vscode.window.showInformationMessage('There is no architecture item to add the pattern to. Add items to a project in threatmodel.yaml (or create the file) first.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, { title: `Add ${capecId} to an architecture item`, placeHolder: 'Architecture item', matchOnDescription: true });
  return picked && { folderUri: picked.folderUri, projectId: picked.projectId, itemId: picked.itemId };
}

function patternIdOf(arg: string | CapecNode | undefined): string | undefined {
  return typeof arg === 'string' ? arg : arg?.kind === 'pattern' ? arg.pattern.id : undefined;
}

/** Commands run without an argument (a keybinding, another extension) say what they need instead of failing. */
async function withId(id: string | undefined, task: (id: string) => Promise<void>): Promise<void> {
  if (!id) {
    void vscode.window.showInformationMessage('Select an attack pattern or requirement in the Threat Modeling views, or use Search Attack Patterns and Requirements.');
    return;
  }
  await task(id).catch(reportError);
}
