// What the project panel shows: one project of the model, with the catalog texts and levels of its
// requirements, the status counts, the actions each requirement offers, its history newest first and every
// piece of evidence. Plain JSON, so it can cross the webview boundary; every list and string is clipped to
// the caps below (the protocol checks the same caps), since the model file comes from anyone and a 4 MB file
// must not become a message the webview refuses.
import type { CatalogIndexes } from '../catalog/requirementsForPatterns';
import { projectProgress } from '../model/progress';
import { REQUIREMENT_STATUSES, type Evidence, type Project, type ProjectStatus, type Requirement, type RequirementStatus } from '../model/schema';
import { isLocked, PROJECT_STATUS_LABELS, REQUIREMENT_STATUS_LABELS, REQUIREMENT_TRANSITIONS } from '../model/workflow';
import { workspacePathProblem } from '../model/workspacePath';

/** Caps on what one view holds. Counts and progress are computed on the whole project, never on the clipped lists. */
export const PROJECT_VIEW_LIMITS = {
  /** Names, ids, kinds, technologies, people: one line each. */
  short: 200,
  /** Goal, scope, descriptions, justifications, notes, evidence text. */
  text: 5_000,
  /** Catalog requirement texts are at most about 1,000 characters. */
  requirementText: 5_000,
  /** Workspace paths (the schema's own maximum). */
  path: 1_024,
  listItems: 100,
  items: 500,
  patternsPerItem: 500,
  requirements: 2_000,
  becausePerRequirement: 200,
  history: 2_000,
  evidence: 2_000,
} as const;

/** The tree's requirement commands, by the last part of their id (threatModeling.requirement.<action>). */
export const REQUIREMENT_ACTIONS = ['markRunning', 'markDone', 'markNotApplicable', 'markNotAccording', 'markTodo', 'reveal'] as const;
export type RequirementAction = (typeof REQUIREMENT_ACTIONS)[number];

/** The status-changing action that leads to each status (the tree offers the same ones, see package.json menus). */
const ACTION_TO: Readonly<Record<RequirementStatus, RequirementAction>> = {
  running: 'markRunning',
  done: 'markDone',
  not_applicable: 'markNotApplicable',
  not_according: 'markNotAccording',
  todo: 'markTodo',
};

export interface StatusCount {
  readonly status: RequirementStatus;
  readonly label: string;
  readonly count: number;
}

export interface ProjectProgressView {
  readonly total: number;
  readonly complete: number;
  readonly percent: number;
  /** One per status, in workflow order (To do, Running, Not According, Not Applicable, Done), zeros included. */
  readonly segments: StatusCount[];
  /** The same in words, for screen readers and for anyone who cannot tell the colours apart. */
  readonly summary: string;
}

export interface ItemView {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly alsoKinds: string[];
  readonly technologies: string[];
  readonly data: string[];
  readonly internetFacing: boolean;
  readonly description?: string;
  /** The item's attack patterns, with their CAPEC names when the catalog knows them. */
  readonly patterns: { id: string; name?: string }[];
}

export interface RequirementRowView {
  readonly id: string;
  /** The ASVS text; absent when the id is not in the model's edition. */
  readonly text?: string;
  readonly level?: number;
  readonly chapter?: string;
  readonly status: RequirementStatus;
  readonly statusLabel: string;
  /** The items and patterns that led here, with the item's name as the project has it. */
  readonly because: { item: string; itemName: string; capec: string }[];
  readonly evidenceCount: number;
  readonly justification?: string;
  readonly reason?: string;
  /** What the tree offers on this requirement: status changes allowed from here (none when locked), then reveal. */
  readonly actions: RequirementAction[];
}

export interface HistoryView {
  readonly at: string;
  readonly by: string;
  readonly requirement?: string;
  /** Status labels where the value is a known status, else as written. */
  readonly from?: string;
  readonly to?: string;
  readonly action?: string;
  readonly note?: string;
}

export interface EvidenceView {
  readonly requirementId: string;
  /** Its position in the requirement's evidence list: how the host finds it again (it never takes a path from the webview). */
  readonly index: number;
  readonly type: 'code' | 'file' | 'text';
  readonly path?: string;
  readonly lines?: [number, number];
  readonly text?: string;
  readonly note?: string;
  /** A code or file evidence whose path is workspace-relative; the host checks again before opening it. */
  readonly openable: boolean;
}

export interface ProjectView {
  readonly id: string;
  readonly name: string;
  readonly status: ProjectStatus;
  readonly statusLabel: string;
  /** A Done project locks its requirements: no status action is offered. */
  readonly locked: boolean;
  readonly edition: string;
  readonly estimatedHours?: number;
  readonly description?: string;
  readonly goal?: string;
  readonly scope?: string;
  readonly team: string[];
  readonly tags: string[];
  readonly assets: string[];
  readonly progress: ProjectProgressView;
  readonly items: ItemView[];
  readonly requirements: RequirementRowView[];
  readonly history: HistoryView[];
  readonly evidence: EvidenceView[];
  /** The full lengths, when a list was clipped to its cap. */
  readonly totals: { items: number; requirements: number; history: number; evidence: number };
}

type Catalogs = Pick<CatalogIndexes, 'asvs' | 'capec'>;

export function projectView(project: Project, edition: string, catalogs: Catalogs): ProjectView {
  const L = PROJECT_VIEW_LIMITS;
  const locked = isLocked(project);
  const itemNames = new Map(project.items.map((i) => [i.id, i.name]));
  return {
    id: clip(project.id, L.short),
    name: clip(project.name, L.short),
    status: project.status,
    statusLabel: PROJECT_STATUS_LABELS[project.status],
    locked,
    edition: clip(edition, 16),
    ...(project.estimatedHours !== undefined && Number.isFinite(project.estimatedHours) ? { estimatedHours: project.estimatedHours } : {}),
    ...optionalText('description', project.description, L.text),
    ...optionalText('goal', project.goal, L.text),
    ...optionalText('scope', project.scope, L.text),
    team: list(project.team),
    tags: list(project.tags),
    assets: list(project.assets),
    progress: progressView(project),
    items: project.items.slice(0, L.items).map((item) => ({
      id: clip(item.id, L.short),
      name: clip(item.name, L.short),
      kind: clip(item.kind, L.short),
      alsoKinds: list(item.alsoKinds),
      technologies: list(item.technologies),
      data: list(item.data),
      internetFacing: item.internetFacing === true,
      ...optionalText('description', item.description, L.text),
      patterns: (item.attackPatterns ?? []).slice(0, L.patternsPerItem).map((id) => {
        const name = catalogs.capec.pattern(id)?.name;
        return name ? { id, name: clip(name, L.short) } : { id };
      }),
    })),
    requirements: project.requirements.slice(0, L.requirements).map((r) => requirementRow(r, locked, itemNames, catalogs)),
    history: newestFirst(project.history)
      .slice(0, L.history)
      .map((h) => ({
        at: clip(h.at, 64),
        by: clip(h.by, L.short),
        ...optionalText('requirement', h.requirement, 64),
        ...optionalText('from', h.from === undefined ? undefined : statusLabel(h.from), L.short),
        ...optionalText('to', h.to === undefined ? undefined : statusLabel(h.to), L.short),
        ...optionalText('action', h.action, L.short),
        ...optionalText('note', h.note, L.text),
      })),
    evidence: project.requirements.flatMap((r) => (r.evidence ?? []).map((e, index) => evidenceView(r.id, index, e))).slice(0, L.evidence),
    totals: {
      items: project.items.length,
      requirements: project.requirements.length,
      history: project.history.length,
      evidence: project.requirements.reduce((n, r) => n + (r.evidence?.length ?? 0), 0),
    },
  };
}

/** What the tree's menus offer on a requirement (package.json mirrors REQUIREMENT_TRANSITIONS), in menu order. */
export function requirementActions(status: RequirementStatus, locked: boolean): RequirementAction[] {
  if (locked) return ['reveal'];
  const allowed = new Set(REQUIREMENT_TRANSITIONS[status].map((to) => ACTION_TO[to]));
  return [...REQUIREMENT_ACTIONS.filter((a) => allowed.has(a)), 'reveal'];
}

function requirementRow(r: Requirement, locked: boolean, itemNames: ReadonlyMap<string, string>, catalogs: Catalogs): RequirementRowView {
  const L = PROJECT_VIEW_LIMITS;
  const entry = catalogs.asvs.requirement(r.id);
  return {
    id: r.id,
    ...(entry ? { text: clip(entry.text, L.requirementText), level: entry.level, chapter: clip(`${entry.chapterId} ${entry.chapterName}`, L.short) } : {}),
    status: r.status,
    statusLabel: REQUIREMENT_STATUS_LABELS[r.status],
    because: (r.because ?? []).slice(0, L.becausePerRequirement).map((b) => ({ item: b.item, itemName: clip(itemNames.get(b.item) ?? b.item, L.short), capec: b.capec })),
    evidenceCount: r.evidence?.length ?? 0,
    ...optionalText('justification', r.justification, L.text),
    ...optionalText('reason', r.reason, L.text),
    actions: requirementActions(r.status, locked),
  };
}

function progressView(project: Project): ProjectProgressView {
  const progress = projectProgress(project);
  const segments = REQUIREMENT_STATUSES.map((status) => ({ status, label: REQUIREMENT_STATUS_LABELS[status], count: progress.byStatus[status] }));
  const counts = segments.map((s) => `${s.count} ${s.label}`).join(', ');
  const summary =
    progress.total === 0
      ? 'No requirements yet.'
      : `${progress.complete} of ${progress.total} requirement${progress.total === 1 ? '' : 's'} complete (${progress.percent}%): ${counts}.`;
  return { total: progress.total, complete: progress.complete, percent: progress.percent, segments, summary };
}

function evidenceView(requirementId: string, index: number, e: Evidence): EvidenceView {
  const L = PROJECT_VIEW_LIMITS;
  const note = 'note' in e && typeof e.note === 'string' ? optionalText('note', e.note, L.text) : {};
  if (e.type === 'text') return { requirementId, index, type: 'text', text: clip(e.text, L.text), ...note, openable: false };
  // The schema has checked the path already; checked again so that the view never offers to open a bad one.
  const openable = e.path.length <= L.path && workspacePathProblem(e.path) === undefined;
  return {
    requirementId,
    index,
    type: e.type,
    path: clip(e.path, L.path),
    ...(e.type === 'code' && e.lines ? { lines: [e.lines[0], e.lines[1]] as [number, number] } : {}),
    ...note,
    openable,
  };
}

/** Newest first by time; entries written at the same moment keep the file's order, later ones first. */
function newestFirst<T extends { at: string }>(history: readonly T[]): T[] {
  return history
    .map((entry, index) => ({ entry, index, time: Date.parse(entry.at) || 0 }))
    .sort((a, b) => b.time - a.time || b.index - a.index)
    .map((x) => x.entry);
}

function statusLabel(value: string): string {
  return (REQUIREMENT_STATUS_LABELS as Readonly<Record<string, string>>)[value] ?? value;
}

function list(values: readonly string[] | undefined): string[] {
  return (values ?? []).slice(0, PROJECT_VIEW_LIMITS.listItems).map((v) => clip(v, PROJECT_VIEW_LIMITS.short));
}

function optionalText<K extends string>(key: K, value: string | undefined, max: number): { [P in K]?: string } {
  return value === undefined ? {} : ({ [key]: clip(value, max) } as { [P in K]?: string });
}

/** At most `max` UTF-16 units, ending in "…" when cut, never splitting a surrogate pair. */
export function clip(value: string, max: number): string {
  if (value.length <= max) return value;
  let end = max - 1;
  const code = value.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${value.slice(0, end)}…`;
}
