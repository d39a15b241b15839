// "Suggest Attack Patterns…" on an architecture item: ranked CAPEC suggestions with their reasons; the
// chosen ones are added to the item with the ASVS requirements they lead to, in one change.
import * as vscode from 'vscode';
import { formatFileProblem } from '../../core/suggest/configFile';
import type { Suggestion } from '../../core/suggest/suggestionEngine';
import type { CatalogService } from '../catalog/catalogService';
import type { Identity } from '../identity';
import type { WorkspaceModels } from '../model/workspaceModels';
import type { ItemRef } from '../views/projectsTreeProvider';
import { addPatternsToItem } from './addPatternsToItem';
import { reportError } from './reportError';

type SuggestionItem = vscode.QuickPickItem & { readonly suggestion: Suggestion };

export function registerSuggestCommand(models: WorkspaceModels, catalogs: CatalogService, identity: Identity): vscode.Disposable {
  return vscode.commands.registerCommand('threatModeling.item.suggestPatterns', async (ref?: ItemRef, chosenIds?: string[]) => {
    try {
      if (!ref?.itemId) throw new Error('Select an architecture item in the Projects view first.');
      const store = models.byFolder(ref.folderUri);
      const item = store?.file?.model.projects.find((p) => p.id === ref.projectId)?.items.find((i) => i.id === ref.itemId);
      if (!store || !item) throw new Error('That architecture item is no longer in the threat model.');
      const { engine, problems } = await catalogs.suggestions(store.folder.uri.fsPath);
      if (problems.length > 0) {
        void vscode.window.showWarningMessage(`Workspace suggestion rules ignored: ${formatFileProblem(problems[0])}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`);
      }
      const suggestions = engine.suggest(item, { excludeSelected: true, limit: 40 });
      if (suggestions.length === 0) {
        void vscode.window.showInformationMessage(`No further attack patterns to suggest for ${item.name}. Browse the Attack Patterns view to add others.`);
        return;
      }
      let picked: Suggestion[];
      if (chosenIds) {
        picked = suggestions.filter((s) => chosenIds.includes(s.capec));
      } else {
        const items: SuggestionItem[] = suggestions.map((s) => ({
          label: `${s.capec} ${s.name}`,
          description: [s.abstraction, s.severity && `severity ${s.severity}`, `score ${s.score.toFixed(1)}`].filter(Boolean).join(' · '),
          detail: s.reasons.map((r) => r.reason).join(' · '),
          picked: s.preselected,
          suggestion: s,
        }));
        const result = await vscode.window.showQuickPick(items, {
          canPickMany: true,
          title: `Attack patterns for ${item.name} (${[item.kind, ...(item.alsoKinds ?? [])].join(' + ')})`,
          placeHolder: 'Ranked by how well they fit the item; the reasons are under each. Space toggles, Enter adds.',
          matchOnDescription: true,
          matchOnDetail: true,
          ignoreFocusOut: true,
        });
        if (!result || result.length === 0) return;
        picked = result.map((r) => r.suggestion);
      }
      const summary = await addPatternsToItem(store, catalogs, identity, ref, picked.map((p) => p.capec));
      void vscode.window.showInformationMessage(`Added ${picked.length} attack pattern${picked.length === 1 ? '' : 's'} to ${item.name}: ${summary}.`);
    } catch (e) {
      reportError(e);
    }
  });
}
