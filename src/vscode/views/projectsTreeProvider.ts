// The Projects view: workspace folder (when several) → project → status group → requirement.
// It renders the stores' state and nothing else; every change goes through a store.
import * as vscode from 'vscode';
import { formatProblem, type Problem } from '../../core/model/problem';
import { projectProgress } from '../../core/model/progress';
import { REQUIREMENT_STATUSES, type ArchitectureItem, type AsvsEdition, type Project, type Requirement, type RequirementStatus } from '../../core/model/schema';
import { isLocked, PROJECT_STATUS_LABELS, REQUIREMENT_STATUS_LABELS } from '../../core/model/workflow';
import type { CatalogService } from '../catalog/catalogService';
import type { ThreatModelStore } from '../model/threatModelStore';
import type { WorkspaceModels } from '../model/workspaceModels';

/** What a requirement command needs to find its target again, whatever invoked it. */
export interface RequirementRef {
  readonly folderUri: string;
  readonly projectId: string;
  readonly requirementId: string;
  /** The status shown when the command was invoked; a different status on disk refuses the change. */
  readonly expectedStatus?: RequirementStatus;
}

/** What an item command needs to find its architecture item again. */
export interface ItemRef {
  readonly folderUri: string;
  readonly projectId: string;
  readonly itemId: string;
}

export type ProjectsNode =
  | { readonly kind: 'folder'; readonly store: ThreatModelStore }
  | { readonly kind: 'project'; readonly store: ThreatModelStore; readonly project: Project }
  | { readonly kind: 'group'; readonly store: ThreatModelStore; readonly project: Project; readonly status: RequirementStatus }
  | { readonly kind: 'items'; readonly store: ThreatModelStore; readonly project: Project }
  | ({ readonly kind: 'item'; readonly store: ThreatModelStore; readonly project: Project; readonly item: ArchitectureItem } & ItemRef)
  | { readonly kind: 'itemPattern'; readonly store: ThreatModelStore; readonly item: ArchitectureItem; readonly capecId: string; readonly path: string }
  | ({ readonly kind: 'requirement'; readonly store: ThreatModelStore; readonly requirement: Requirement; readonly locked: boolean } & RequirementRef)
  | { readonly kind: 'problems'; readonly store: ThreatModelStore; readonly problems: ReadonlyArray<Problem> }
  | { readonly kind: 'problem'; readonly store: ThreatModelStore; readonly problem: Problem }
  | { readonly kind: 'message'; readonly store: ThreatModelStore; readonly text: string };

const STATUS_ICONS: Record<RequirementStatus, vscode.ThemeIcon> = {
  todo: new vscode.ThemeIcon('circle-large-outline'),
  running: new vscode.ThemeIcon('play-circle', new vscode.ThemeColor('charts.blue')),
  not_according: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  not_applicable: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground')),
  done: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')),
};

const PROJECT_ICONS = {
  todo: new vscode.ThemeIcon('shield'),
  running: new vscode.ThemeIcon('sync', new vscode.ThemeColor('charts.blue')),
  done: new vscode.ThemeIcon('lock', new vscode.ThemeColor('testing.iconPassed')),
} as const;

export class ProjectsTreeProvider implements vscode.TreeDataProvider<ProjectsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ProjectsNode | undefined>();
  private readonly listener: vscode.Disposable;
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly models: WorkspaceModels,
    private readonly catalogs: CatalogService,
  ) {
    this.listener = vscode.Disposable.from(
      models.onDidChange(() => this.changed.fire(undefined)),
      catalogs.onDidLoad(() => this.changed.fire(undefined)),
    );
  }

  getChildren(node?: ProjectsNode): ProjectsNode[] {
    if (!node) {
      const stores = this.models.all;
      if (stores.length === 1) return this.storeChildren(stores[0]);
      // Several folders: only those with something to show, so empty folders do not clutter the view.
      return stores.filter((s) => s.current.kind !== 'missing').map((store) => ({ kind: 'folder', store }));
    }
    switch (node.kind) {
      case 'folder':
        return this.storeChildren(node.store);
      case 'project':
        return [
          { kind: 'items', store: node.store, project: node.project },
          ...REQUIREMENT_STATUSES.filter((status) => node.project.requirements.some((r) => r.status === status)).map(
            (status): ProjectsNode => ({ kind: 'group', store: node.store, project: node.project, status }),
          ),
        ];
      case 'items':
        return node.project.items.map((item) => ({
          kind: 'item',
          store: node.store,
          project: node.project,
          item,
          folderUri: node.store.folder.uri.toString(),
          projectId: node.project.id,
          itemId: item.id,
        }));
      case 'item':
        return (node.item.attackPatterns ?? []).map((capecId, index) => ({
          kind: 'itemPattern',
          store: node.store,
          item: node.item,
          capecId,
          path: `${node.store.folder.uri.toString()}#${node.projectId}#item#${node.itemId}#${index}#${capecId}`,
        }));
      case 'group':
        // Requirement texts come from the catalog: load it now that someone looks (never at activation).
        if (!this.catalogs.hasEdition(editionOf(node.store))) void this.catalogs.catalogs(editionOf(node.store)).catch(() => undefined);
        return node.project.requirements
          .filter((r) => r.status === node.status)
          .map((requirement) => ({
            kind: 'requirement',
            store: node.store,
            requirement,
            folderUri: node.store.folder.uri.toString(),
            projectId: node.project.id,
            requirementId: requirement.id,
            expectedStatus: requirement.status,
            locked: isLocked(node.project),
          }));
      case 'problems':
        return node.problems.map((problem) => ({ kind: 'problem', store: node.store, problem }));
      default:
        return [];
    }
  }

  private storeChildren(store: ThreatModelStore): ProjectsNode[] {
    const state = store.current;
    switch (state.kind) {
      case 'valid':
        if (state.file.model.projects.length === 0) {
          return [{ kind: 'message', store, text: 'The threat model has no projects yet.' }];
        }
        return state.file.model.projects.map((project) => ({ kind: 'project', store, project }));
      case 'invalid':
        return [{ kind: 'problems', store, problems: state.problems }];
      case 'unreadable':
        return [{ kind: 'message', store, text: `Cannot read the threat model: ${state.error}` }];
      case 'loading':
        return [{ kind: 'message', store, text: 'Loading the threat model…' }];
      default:
        return [];
    }
  }

  getTreeItem(node: ProjectsNode): vscode.TreeItem {
    const folderId = node.store.folder.uri.toString();
    switch (node.kind) {
      case 'folder': {
        const item = new vscode.TreeItem(node.store.folder.name, vscode.TreeItemCollapsibleState.Expanded);
        item.id = folderId;
        item.iconPath = vscode.ThemeIcon.Folder;
        item.resourceUri = node.store.folder.uri;
        item.contextValue = 'folder';
        return item;
      }
      case 'project': {
        const p = node.project;
        const progress = projectProgress(p);
        const item = new vscode.TreeItem(p.name, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `${folderId}#${p.id}`;
        item.description = `${PROJECT_STATUS_LABELS[p.status]} · ${progress.complete}/${progress.total} · ${progress.percent}%`;
        item.iconPath = PROJECT_ICONS[p.status];
        item.contextValue = `project:${p.status}`;
        item.tooltip = projectTooltip(p, progress.percent);
        item.accessibilityInformation = {
          label: `Project ${p.name}, ${PROJECT_STATUS_LABELS[p.status]}, ${progress.complete} of ${progress.total} requirements complete`,
        };
        return item;
      }
      case 'group': {
        const count = node.project.requirements.filter((r) => r.status === node.status).length;
        const collapsed = node.status === 'done' || node.status === 'not_applicable';
        const item = new vscode.TreeItem(
          REQUIREMENT_STATUS_LABELS[node.status],
          collapsed ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded,
        );
        item.id = `${folderId}#${node.project.id}#${node.status}`;
        item.description = String(count);
        item.iconPath = STATUS_ICONS[node.status];
        item.contextValue = `requirementGroup:${node.status}`;
        return item;
      }
      case 'items': {
        const n = node.project.items.length;
        const item = new vscode.TreeItem('Architecture items', n > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `${folderId}#${node.project.id}#items`;
        item.description = n > 0 ? String(n) : 'none yet: add them under items: in the model file';
        item.iconPath = new vscode.ThemeIcon('server-environment');
        item.contextValue = 'architectureItems';
        return item;
      }
      case 'item': {
        const i = node.item;
        const patterns = i.attackPatterns?.length ?? 0;
        const item = new vscode.TreeItem(i.name, patterns > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `${folderId}#${node.projectId}#item#${i.id}`;
        const kinds = [i.kind, ...(i.alsoKinds ?? [])].join(' + ');
        item.description = [kinds, ...(i.technologies ?? [])].join(' · ');
        item.tooltip = new vscode.MarkdownString().appendText(
          `${i.name} (${kinds})${i.internetFacing ? ', internet-facing' : ''}\n\n${i.description ?? ''}\n\n${patterns} attack pattern${patterns === 1 ? '' : 's'} selected`,
        );
        item.iconPath = new vscode.ThemeIcon('symbol-module');
        item.contextValue = isLocked(node.project) ? 'architectureItem:locked' : 'architectureItem';
        return item;
      }
      case 'itemPattern': {
        const item = new vscode.TreeItem(node.capecId, vscode.TreeItemCollapsibleState.None);
        item.id = node.path;
        item.iconPath = new vscode.ThemeIcon('bug');
        item.contextValue = 'itemPattern';
        item.command = { command: 'threatModeling.capec.showDetails', title: 'Show Attack Pattern Details', arguments: [node.capecId] };
        return item;
      }
      case 'requirement': {
        const r = node.requirement;
        const item = new vscode.TreeItem(r.id, vscode.TreeItemCollapsibleState.None);
        item.id = `${folderId}#${node.projectId}#req#${r.id}`;
        const text = this.textOf(node.store, r.id);
        item.description = requirementDescription(r, text);
        item.iconPath = STATUS_ICONS[r.status];
        // A Done project locks its requirements: no status actions are offered until it is reopened.
        item.contextValue = node.locked ? `lockedRequirement:${r.status}` : `requirement:${r.status}`;
        item.tooltip = requirementTooltip(r, text);
        item.command = { command: 'threatModeling.requirement.reveal', title: 'Reveal in Threat Model File', arguments: [toRef(node)] };
        item.accessibilityInformation = { label: `Requirement ${r.id}, ${REQUIREMENT_STATUS_LABELS[r.status]}` };
        return item;
      }
      case 'problems': {
        const n = node.problems.length;
        const item = new vscode.TreeItem(`${vscode.workspace.asRelativePath(node.store.uri)} is invalid`, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `${folderId}#problems`;
        item.description = `${n} problem${n === 1 ? '' : 's'}`;
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
        item.tooltip = 'The file was not changed. Fix the problems listed here (also in the Problems panel) and the view updates on save.';
        item.contextValue = 'modelProblems';
        return item;
      }
      case 'problem': {
        const p = node.problem;
        const item = new vscode.TreeItem(p.message, vscode.TreeItemCollapsibleState.None);
        item.description = `line ${p.range.start.line + 1}`;
        item.tooltip = formatProblem(vscode.workspace.asRelativePath(node.store.uri), p);
        item.iconPath = new vscode.ThemeIcon(p.severity === 'error' ? 'error' : 'warning');
        const range = new vscode.Range(p.range.start.line, p.range.start.character, p.range.end.line, p.range.end.character);
        item.command = { command: 'vscode.open', title: 'Go to Problem', arguments: [node.store.uri, { selection: range }] };
        item.contextValue = 'modelProblem';
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('info');
        return item;
      }
    }
  }

  /** The ASVS text of a requirement, once its edition's catalog is loaded. */
  private textOf(store: ThreatModelStore, id: string): string | undefined {
    return this.catalogs.requirementText(id, editionOf(store));
  }

  dispose(): void {
    this.listener.dispose();
    this.changed.dispose();
  }
}

function editionOf(store: ThreatModelStore): AsvsEdition {
  return store.file?.model.asvs ?? '5.0.0';
}

export function toRef(node: RequirementRef): RequirementRef {
  return { folderUri: node.folderUri, projectId: node.projectId, requirementId: node.requirementId, expectedStatus: node.expectedStatus };
}

function requirementDescription(r: Requirement, text: string | undefined): string {
  if (r.status === 'not_applicable' && r.justification) return r.justification;
  if (r.status === 'not_according' && r.reason) return r.reason;
  if (text) return text;
  return [...new Set((r.because ?? []).map((b) => b.capec))].join(', ');
}

function requirementTooltip(r: Requirement, text: string | undefined): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${r.id}** · ${REQUIREMENT_STATUS_LABELS[r.status]}\n\n`);
  if (text) md.appendText(`${text}\n\n`);
  if (r.because?.length) md.appendText(`Because: ${r.because.map((b) => `${b.capec} on ${b.item}`).join('; ')}\n\n`);
  if (r.evidence?.length) md.appendText(`Evidence: ${r.evidence.length} item${r.evidence.length === 1 ? '' : 's'}\n\n`);
  if (r.justification) md.appendText(`Justification: ${r.justification}\n\n`);
  if (r.reason) md.appendText(`Reason: ${r.reason}\n\n`);
  return md;
}

function projectTooltip(p: Project, percent: number): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendText(`${p.name} · ${PROJECT_STATUS_LABELS[p.status]} · ${percent}%\n\n`);
  if (p.goal) md.appendText(`Goal: ${p.goal}\n\n`);
  if (p.scope) md.appendText(`Scope: ${p.scope}\n\n`);
  if (p.team?.length) md.appendText(`Team: ${p.team.join(', ')}\n\n`);
  md.appendText(`${p.items.length} architecture item${p.items.length === 1 ? '' : 's'}, ${p.requirements.length} requirement${p.requirements.length === 1 ? '' : 's'}`);
  return md;
}
