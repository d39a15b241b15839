// "Search Attack Patterns and Requirements…": a quick pick that searches both catalogs on every keystroke.
import * as vscode from 'vscode';
import type { SearchHit } from '../../core/search/catalogSearch';
import type { CatalogService } from '../catalog/catalogService';
import type { DetailPanel } from '../webviews/detailPanel';
import { reportError } from './reportError';

type HitItem = vscode.QuickPickItem & { readonly hit: SearchHit };

function toQuickPickItem(hit: SearchHit): HitItem {
  switch (hit.type) {
    case 'capec':
      return {
        label: `$(bug) ${hit.id} ${hit.pattern.name}`,
        description: [hit.pattern.abstraction, hit.pattern.severity && `severity ${hit.pattern.severity}`].filter(Boolean).join(' · '),
        detail: hit.pattern.description,
        hit,
      };
    case 'capec-retired':
      return {
        label: `$(circle-slash) ${hit.id} ${hit.retiredPattern.name}`,
        description: `${hit.retiredPattern.status}${hit.replacedBy.length ? ` · use ${hit.replacedBy.join(', ')}` : ''}`,
        hit,
      };
    case 'asvs':
      return {
        label: `$(checklist) ${hit.id}`,
        description: `ASVS L${hit.requirement.level} · ${hit.requirement.sectionName}`,
        detail: hit.requirement.text,
        hit,
      };
  }
}

export function registerSearchCommand(catalogs: CatalogService, detail: DetailPanel): vscode.Disposable {
  return vscode.commands.registerCommand('threatModeling.searchCatalogs', async (initialQuery?: string) => {
    const pick = vscode.window.createQuickPick<HitItem>();
    pick.title = `Search CAPEC and ASVS ${catalogs.edition()}`;
    pick.placeholder = 'Type an id (CAPEC-66, V1.2.4), a name or words: "sql injection", "xss", "password"';
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    // The catalog search ranks; the quick pick must not re-filter or re-sort what it returns.
    (pick as { sortByLabel?: boolean }).sortByLabel = false;
    pick.busy = true;
    pick.onDidHide(() => pick.dispose());
    pick.show();
    try {
      const search = await catalogs.search();
      pick.busy = false;
      const update = (query: string) => {
        const hits = query.trim() ? search.search(query, { limit: 50 }) : [];
        pick.items = hits.map(toQuickPickItem).map((item) => ({ ...item, alwaysShow: true }));
      };
      pick.onDidChangeValue(update);
      // Whatever was typed while the catalogs loaded counts too.
      update(pick.value);
      pick.onDidAccept(() => {
        const chosen = pick.selectedItems[0]?.hit;
        pick.hide();
        if (!chosen) return;
        const id = chosen.type === 'capec-retired' ? (chosen.replacedBy[0] ?? chosen.id) : chosen.id;
        void detail.show({ kind: chosen.type === 'asvs' ? 'requirement' : 'pattern', id }).catch(reportError);
      });
      if (initialQuery) {
        pick.value = initialQuery;
        update(initialQuery);
      }
    } catch (e) {
      pick.hide();
      reportError(e);
    }
  });
}
