// The Requirements view: the ASVS edition in use, by chapter and section.
import * as vscode from 'vscode';
import type { AsvsChapter, AsvsRequirement, AsvsSection } from '../../core/catalog/types';
import type { CatalogService } from '../catalog/catalogService';

export type AsvsNode =
  | { readonly kind: 'chapter'; readonly edition: string; readonly chapter: AsvsChapter }
  | { readonly kind: 'section'; readonly edition: string; readonly section: AsvsSection }
  | { readonly kind: 'requirement'; readonly edition: string; readonly requirement: AsvsRequirement };

export class AsvsTreeProvider implements vscode.TreeDataProvider<AsvsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private lastEdition: string | undefined;

  constructor(private readonly catalogs: CatalogService) {}

  /** Re-renders when the edition in use changes (a model file switched editions). */
  refreshIfEditionChanged(): void {
    if (this.lastEdition !== undefined && this.lastEdition !== this.catalogs.edition()) this.changed.fire();
  }

  async getChildren(node?: AsvsNode): Promise<AsvsNode[]> {
    const { asvs } = await this.catalogs.catalogs();
    const edition = asvs.edition;
    this.lastEdition = edition;
    if (!node) return asvs.chapters.map((chapter) => ({ kind: 'chapter', edition, chapter }));
    if (node.kind === 'chapter') return node.chapter.sections.map((section) => ({ kind: 'section', edition, section }));
    if (node.kind === 'section') return asvs.requirementsOfSection(node.section.id).map((requirement) => ({ kind: 'requirement', edition, requirement }));
    return [];
  }

  getTreeItem(node: AsvsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'chapter': {
        const item = new vscode.TreeItem(`${node.chapter.id} ${node.chapter.name}`, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `${node.edition}/${node.chapter.id}`;
        item.iconPath = new vscode.ThemeIcon('book');
        return item;
      }
      case 'section': {
        const item = new vscode.TreeItem(`${node.section.id} ${node.section.name}`, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `${node.edition}/${node.section.id}`;
        item.iconPath = new vscode.ThemeIcon('list-tree');
        return item;
      }
      case 'requirement': {
        const r = node.requirement;
        const item = new vscode.TreeItem(r.id, vscode.TreeItemCollapsibleState.None);
        item.id = `${node.edition}/${r.id}`;
        item.description = `L${r.level} · ${r.text}`;
        item.tooltip = new vscode.MarkdownString().appendText(`${r.id} (level ${r.level})\n\n${r.text}`);
        item.iconPath = new vscode.ThemeIcon('checklist');
        item.contextValue = 'asvsRequirement';
        item.command = { command: 'threatModeling.asvs.showDetails', title: 'Show Details', arguments: [r.id] };
        return item;
      }
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
