// The Attack Patterns view: "Mechanisms of Attack" and "Domains of Attack", their categories, then
// Meta → Standard → Detailed patterns. The catalog loads when the view first asks for children.
import * as vscode from 'vscode';
import type { CapecIndex } from '../../core/catalog/capecIndex';
import { DOMAINS_VIEW, MECHANISMS_VIEW } from '../../core/catalog/capecIndex';
import type { AttackPattern, CapecCategory } from '../../core/catalog/types';
import type { CatalogService } from '../catalog/catalogService';

export type CapecNode =
  | { readonly kind: 'view'; readonly viewId: string; readonly label: string }
  | { readonly kind: 'category'; readonly category: CapecCategory; readonly path: string }
  | { readonly kind: 'pattern'; readonly pattern: AttackPattern; readonly path: string };

const ABSTRACTION_ORDER = { Meta: 0, Standard: 1, Detailed: 2 } as const;
const ABSTRACTION_ICONS = { Meta: 'symbol-namespace', Standard: 'symbol-class', Detailed: 'symbol-method' } as const;
const SEVERITY_COLORS: Record<string, string | undefined> = {
  'Very High': 'charts.red',
  High: 'charts.orange',
  Medium: 'charts.yellow',
};

export class CapecTreeProvider implements vscode.TreeDataProvider<CapecNode> {
  constructor(private readonly catalogs: CatalogService) {}

  async getChildren(node?: CapecNode): Promise<CapecNode[]> {
    if (!node) {
      return [
        { kind: 'view', viewId: MECHANISMS_VIEW, label: 'Mechanisms of Attack' },
        { kind: 'view', viewId: DOMAINS_VIEW, label: 'Domains of Attack' },
      ];
    }
    const { capec } = await this.catalogs.catalogs();
    switch (node.kind) {
      case 'view':
        return capec.categoriesOfView(node.viewId).map((category) => ({ kind: 'category', category, path: `${node.viewId}/${category.id}` }));
      case 'category':
        return sortPatterns(node.category.members.map((m) => capec.pattern(m)).filter(isPattern)).map((pattern) => ({
          kind: 'pattern',
          pattern,
          path: `${node.path}/${pattern.id}`,
        }));
      case 'pattern':
        return children(capec, node.pattern).map((pattern) => ({ kind: 'pattern', pattern, path: `${node.path}/${pattern.id}` }));
    }
  }

  getTreeItem(node: CapecNode): vscode.TreeItem {
    switch (node.kind) {
      case 'view': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.viewId;
        item.iconPath = new vscode.ThemeIcon(node.viewId === MECHANISMS_VIEW ? 'gear' : 'globe');
        item.description = node.viewId;
        item.contextValue = 'capecView';
        return item;
      }
      case 'category': {
        const item = new vscode.TreeItem(node.category.name, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.path;
        item.description = node.category.id;
        item.tooltip = node.category.summary;
        item.iconPath = new vscode.ThemeIcon('folder-library');
        item.contextValue = 'capecCategory';
        return item;
      }
      case 'pattern': {
        const p = node.pattern;
        const item = new vscode.TreeItem(p.name, p.parentOf.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = node.path;
        item.description = [p.id, p.severity && `severity ${p.severity}`, p.likelihood && `likelihood ${p.likelihood}`].filter(Boolean).join(' · ');
        const color = p.severity ? SEVERITY_COLORS[p.severity] : undefined;
        item.iconPath = new vscode.ThemeIcon(ABSTRACTION_ICONS[p.abstraction], color ? new vscode.ThemeColor(color) : undefined);
        item.tooltip = patternTooltip(p);
        item.contextValue = 'capecPattern';
        item.command = { command: 'threatModeling.capec.showDetails', title: 'Show Details', arguments: [p.id] };
        item.accessibilityInformation = { label: `${p.abstraction} pattern ${p.id} ${p.name}${p.severity ? `, severity ${p.severity}` : ''}` };
        return item;
      }
    }
  }
}

function isPattern(p: AttackPattern | undefined): p is AttackPattern {
  return p !== undefined;
}

function children(capec: CapecIndex, pattern: AttackPattern): AttackPattern[] {
  return sortPatterns(capec.children(pattern.id));
}

function sortPatterns(list: AttackPattern[]): AttackPattern[] {
  return list.sort((a, b) => ABSTRACTION_ORDER[a.abstraction] - ABSTRACTION_ORDER[b.abstraction] || a.name.localeCompare(b.name));
}

function patternTooltip(p: AttackPattern): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendText(`${p.id} · ${p.abstraction}${p.severity ? ` · severity ${p.severity}` : ''}${p.likelihood ? ` · likelihood ${p.likelihood}` : ''}\n\n`);
  md.appendText(p.description.length > 400 ? `${p.description.slice(0, 400)}…` : p.description);
  return md;
}
