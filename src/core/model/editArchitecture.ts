// Editing a project's architecture after it was created: its items (added, removed, changed) and the
// ASVS requirements that follow from their attack patterns. The caller derives the requirements from the
// catalog mapping (as for a new project); this compares them with the file and plans the fewest changes:
// unchanged items and requirements are not touched, and work already done on a requirement is never
// thrown away unless the person says so.
//
// Every path below names the document before the change set (see Change in yamlPatch.ts): items and
// requirements are removed by their old index, new ones are appended, and nothing inside a removed entry
// is changed.
import { isDeepStrictEqual } from 'node:util';
import { checkedItem, checkedRequirements, type CheckedItem, type NewProjectItem } from './createProject';
import { listChanges, textListChanges } from './listEdits';
import type { Actor } from './operations';
import type { ParsedModelFile } from './parse';
import { Project, type Requirement } from './schema';
import { isLocked, WorkflowError } from './workflow';
import type { Change, PatchPath } from './yamlPatch';

export interface ArchitectureEdit {
  /** The project's items after the edit, in order: existing ones keep their `id`; new ones carry a fresh unique slug id. */
  readonly items: readonly NewProjectItem[];
  /** Requirements derived by the caller from `items` (catalog mapping), each with every {item, capec} leading to it. */
  readonly requirements: ReadonlyArray<{ readonly id: string; readonly because: ReadonlyArray<{ item: string; capec: string }> }>;
}

export interface ArchitecturePlan {
  readonly changes: Change[];
  readonly addedItems: string[];
  readonly removedItems: string[];
  readonly changedItems: string[];
  readonly addedRequirements: string[];
  /** Requirements no longer derived and removed. */
  readonly removedRequirements: string[];
  /** Requirements still derived whose `because` list was rewritten (they now follow from other items or patterns). */
  readonly relinkedRequirements: string[];
  /**
   * Requirements no longer derived that have progress (status other than todo, any evidence, a justification
   * or a reason): listed for the person to decide; kept unless `removeWithProgress` says otherwise.
   */
  readonly withProgress: string[];
}

export interface ArchitectureEditOptions {
  /** Remove requirements that are no longer derived even when they have progress. */
  readonly removeWithProgress?: boolean;
}

/** The history note is one line in the file and in the History view; longer ones are cut. */
export const ARCHITECTURE_NOTE_MAX_LENGTH = 500;

interface Cause {
  readonly item: string;
  readonly capec: string;
}

/** An item as it is to be written: trimmed, with blank text and empty lists left out (undefined). */
/** An item as the edit wants it (checked like a new project's). */
type WantedItem = CheckedItem;

/** The item fields the edit owns, in the order a new item writes them. Other keys (added by hand) are kept. */
const ITEM_FIELDS = ['name', 'kind', 'alsoKinds', 'description', 'technologies', 'internetFacing', 'data', 'attackPatterns'] as const;
type ItemField = (typeof ITEM_FIELDS)[number];
const LIST_FIELDS = ['alsoKinds', 'technologies', 'data'] as const;
type ListField = (typeof LIST_FIELDS)[number];
const isListField = (field: ItemField): field is ListField => (LIST_FIELDS as readonly string[]).includes(field);
/** Short lists of a new item on one line, as createProject writes them. */
const ITEM_FLOW_KEYS = ['alsoKinds', 'technologies', 'data', 'attackPatterns'];

type Data = Record<string, unknown>;

/**
 * Plans the edit; throws WorkflowError (a sentence for the person) for an unknown or Done project, invalid
 * items or requirements, or when nothing changes. Everything is checked before any change is produced.
 */
export function editArchitecture(file: ParsedModelFile, projectId: string, edit: ArchitectureEdit, actor: Actor, options: ArchitectureEditOptions = {}): ArchitecturePlan {
  const projectIndex = file.model.projects.findIndex((p) => p.id === projectId);
  if (projectIndex < 0) throw new WorkflowError(`There is no project "${projectId}" in the threat model.`);
  const project = file.model.projects[projectIndex];
  if (isLocked(project)) throw new WorkflowError(`Project "${project.name}" is Done and locked for review; reopen it to change its architecture.`);
  if (!edit || !Array.isArray(edit.items) || !Array.isArray(edit.requirements)) {
    throw new WorkflowError('The architecture edit must list the items and the requirements.');
  }

  const items = checkedItems(edit.items);
  const patternsOf = new Map(items.map((i) => [i.id, new Set(i.attackPatterns ?? [])]));
  const derived = checkedRequirements(edit.requirements, patternsOf, 'the edited architecture', { causeRequired: true });

  const base: PatchPath = ['projects', projectIndex];
  // Compared with what the file says (before schema defaults), so that what is written is what the edit asks for.
  const written = (file.data as { projects: Data[] }).projects[projectIndex];
  const writtenItems = (Array.isArray(written.items) ? written.items : []) as Data[];
  const writtenRequirements = (Array.isArray(written.requirements) ? written.requirements : []) as Data[];
  const changes: Change[] = [];

  // Items: the existing ones in their order (removed or changed in place), then the new ones appended.
  const wantedById = new Map(items.map((i) => [i.id, i]));
  const addedItems: string[] = [];
  const removedItems: string[] = [];
  const changedItems: string[] = [];
  const nextItems: Data[] = [];
  writtenItems.forEach((before, index) => {
    const id = before.id as string;
    const path = [...base, 'items', index];
    const wanted = wantedById.get(id);
    if (!wanted) {
      changes.push({ kind: 'remove', path });
      removedItems.push(id);
      return;
    }
    const { changes: itemChanges, next } = itemEdit(file, path, before, wanted);
    if (itemChanges.length > 0) {
      changes.push(...itemChanges);
      changedItems.push(id);
    }
    nextItems.push(next);
  });
  const existingIds = new Set(writtenItems.map((i) => i.id));
  const newItems = items.filter((i) => !existingIds.has(i.id)).map(itemData);
  if (newItems.length > 0) {
    changes.push({ kind: 'append', path: [...base, 'items'], values: newItems, flowKeys: ITEM_FLOW_KEYS });
    addedItems.push(...newItems.map((i) => i.id as string));
    nextItems.push(...newItems);
  }

  // Requirements: still derived ones get their causes, no longer derived ones go (or stay, with progress),
  // hand-added ones (no `because` at all) are left alone, and new ones are appended To do.
  const derivedById = new Map(derived.map((r) => [r.id, r.because]));
  const addedRequirements: string[] = [];
  const removedRequirements: string[] = [];
  const relinkedRequirements: string[] = [];
  const withProgress: string[] = [];
  const nextRequirements: Data[] = [];
  project.requirements.forEach((requirement, index) => {
    const before = writtenRequirements[index];
    const path = [...base, 'requirements', index];
    const causes = derivedById.get(requirement.id);
    if (causes) {
      if (sameCauses(requirement.because ?? [], causes)) {
        nextRequirements.push(before);
      } else {
        changes.push(...becauseChanges(file, [...path, 'because'], before.because, causes));
        relinkedRequirements.push(requirement.id);
        nextRequirements.push({ ...before, because: causes });
      }
      return;
    }
    if (requirement.because === undefined) {
      nextRequirements.push(before);
      return;
    }
    const progress = hasProgress(requirement);
    if (progress) withProgress.push(requirement.id);
    if (!progress || options.removeWithProgress) {
      changes.push({ kind: 'remove', path });
      removedRequirements.push(requirement.id);
      return;
    }
    // Kept for the person to decide; causes naming an item or a pattern that is gone go, or the file
    // would explain the requirement by something it no longer contains (and refuse a missing item).
    const stale = new Set<number>();
    requirement.because.forEach((b, i) => {
      if (!patternsOf.get(b.item)?.has(b.capec)) stale.add(i);
    });
    for (const i of stale) changes.push({ kind: 'remove', path: [...path, 'because', i] });
    nextRequirements.push(stale.size === 0 ? before : { ...before, because: (before.because as unknown[]).filter((_, i) => !stale.has(i)) });
  });
  const existingRequirements = new Set(project.requirements.map((r) => r.id));
  const newRequirements = derived.filter((r) => !existingRequirements.has(r.id)).map((r) => ({ id: r.id, status: 'todo', because: r.because }));
  if (newRequirements.length > 0) {
    changes.push({ kind: 'append', path: [...base, 'requirements'], values: newRequirements, flowKeys: ['because'] });
    addedRequirements.push(...newRequirements.map((r) => r.id));
    nextRequirements.push(...newRequirements);
  }

  if (changes.length === 0) {
    const kept = withProgress.length > 0 ? ` (${withProgress.join(', ')} no longer follow from the architecture but have progress, so they stay.)` : '';
    throw new WorkflowError(`Nothing changed: the architecture of "${project.name}" and its requirements are as they were.${kept}`);
  }

  // A last guard: whatever the checks above missed, the file's own schema would refuse on the next read.
  const checked = Project.safeParse({ ...written, items: nextItems, requirements: nextRequirements });
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new WorkflowError(`The edited architecture is not valid: ${issue.path.join('.')} ${issue.message}.`);
  }

  const note = historyNote({ addedItems, removedItems, changedItems, addedRequirements, removedRequirements, relinkedRequirements, withProgress }, options.removeWithProgress === true);
  changes.push({ kind: 'append', path: [...base, 'history'], values: [{ at: actor.at, by: actor.by, action: 'edit-architecture', note }], flow: true });
  return { changes, addedItems, removedItems, changedItems, addedRequirements, removedRequirements, relinkedRequirements, withProgress };
}

/** The items checked as createProject checks a new project's, trimmed; ids and names unique. */
function checkedItems(requested: readonly NewProjectItem[]): WantedItem[] {
  const items: WantedItem[] = requested.map(checkedItem);
  const ids = new Set<string>();
  const names = new Map<string, string>();
  for (const item of items) {
    if (ids.has(item.id)) throw new WorkflowError(`Two architecture items have the id "${item.id}"; each item needs its own.`);
    ids.add(item.id);
    // Case-insensitive: "Cache" and "cache" side by side in the tree would be told apart by nobody.
    const key = item.name.toLowerCase();
    const first = names.get(key);
    if (first !== undefined) throw new WorkflowError(`Two architecture items are named "${first}"; give each its own name.`);
    names.set(key, item.name);
  }
  return items;
}

/** A written list as the edit would write it: trimmed text entries without blanks, or undefined when none is left. */
function normalList(list: unknown): string[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const entries = list.filter((s): s is string => typeof s === 'string').map((s) => s.trim()).filter((s) => s.length > 0);
  return entries.length > 0 ? entries : undefined;
}

/** A new item's data: only the fields that are set. */
function itemData(item: WantedItem): Data {
  const data: Data = { id: item.id };
  for (const field of ITEM_FIELDS) if (item[field] !== undefined) data[field] = item[field];
  return data;
}

/** The changes that make the written item `before` (at `path`) the wanted one, and the item's data after them. */
function itemEdit(file: ParsedModelFile, path: PatchPath, before: Data, wanted: WantedItem): { changes: Change[]; next: Data } {
  const changes: Change[] = [];
  const next: Data = { ...before };
  for (const field of ITEM_FIELDS) {
    const has = Object.hasOwn(before, field);
    const was = has ? before[field] : undefined;
    const want = wanted[field];
    const fieldPath = [...path, field];
    if (field === 'attackPatterns') {
      const planned = patternChanges(file, fieldPath, was, wanted.attackPatterns ?? []);
      if (planned) {
        changes.push(...planned.changes);
        next[field] = planned.next;
      }
      continue;
    }
    const now = isListField(field) ? normalList(was) : typeof was === 'string' ? was.trim() || undefined : was;
    if (isDeepStrictEqual(now, want)) continue;
    if (want === undefined) {
      // Cleared: the key goes (an absent, blank or empty value already said nothing, and compared equal above).
      changes.push({ kind: 'remove', path: fieldPath });
      delete next[field];
      continue;
    }
    next[field] = want;
    // Name, kind, description and internet-facing are scalars (the schema says so): set in place, or added.
    if (isListField(field)) changes.push(...textListChanges(file, fieldPath, was, want as string[]));
    else changes.push({ kind: 'set', path: fieldPath, value: want });
  }
  return { changes, next };
}

/**
 * The attack patterns: those kept stay in the list's order, the new ones are appended and the dropped ones
 * removed by index. A flow list ("[CAPEC-66, CAPEC-88]") that both loses and gains patterns is written whole,
 * on its line. Undefined when the set of patterns is the same.
 */
function patternChanges(file: ParsedModelFile, path: PatchPath, was: unknown, wanted: readonly string[]): { changes: Change[]; next: string[] } | undefined {
  const list = Array.isArray(was) ? (was as unknown[]) : [];
  const keep = new Set(wanted);
  const known = new Set(list);
  const dropped = list.flatMap((capec, i) => (keep.has(capec as string) ? [] : [i]));
  const fresh = wanted.filter((capec) => !known.has(capec));
  if (dropped.length === 0 && fresh.length === 0) return undefined;
  const next = [...(list.filter((capec) => keep.has(capec as string)) as string[]), ...fresh];
  const node = file.source.at(path);
  if (!Array.isArray(was) || node?.kind !== 'seq') {
    return { changes: was === undefined ? [{ kind: 'append', path, values: fresh, flowKeys: [path[path.length - 1] as string] }] : [{ kind: 'set', path, value: next }], next };
  }
  if (node.flow && (list.length === 0 || (dropped.length > 0 && fresh.length > 0))) return { changes: [{ kind: 'set', path, value: next }], next };
  const changes: Change[] = dropped.map((i) => ({ kind: 'remove', path: [...path, i] }));
  if (fresh.length > 0) changes.push({ kind: 'append', path, values: fresh });
  return { changes, next };
}

/** A requirement's causes, in the derived order (see listEdits.ts; appended causes go one per line in flow style). */
function becauseChanges(file: ParsedModelFile, path: PatchPath, before: unknown, after: Cause[]): Change[] {
  const same = (a: unknown, b: Cause) => a !== null && typeof a === 'object' && (a as Data).item === b.item && (a as Data).capec === b.capec;
  return listChanges(file, path, before, after, same, { flow: true });
}

/** The same causes in any order (a list holding one twice is not the same: it is rewritten without the repeat). */
function sameCauses(before: ReadonlyArray<Cause>, after: ReadonlyArray<Cause>): boolean {
  if (before.length !== after.length) return false;
  const key = (c: Cause) => `${c.item}\u0000${c.capec}`;
  const wanted = new Set(after.map(key));
  const found = new Set(before.map(key));
  return found.size === before.length && [...found].every((k) => wanted.has(k));
}

/** Work has started on the requirement: anything but To do, or evidence, a justification or a reason written down. */
function hasProgress(requirement: Requirement): boolean {
  return (
    requirement.status !== 'todo' ||
    (requirement.evidence?.length ?? 0) > 0 ||
    Boolean(requirement.justification?.trim()) ||
    Boolean(requirement.reason?.trim())
  );
}

/** "items +cache -legacy ~api; requirements +V1.2.4 -V2.1.1 ~V1.2.5 (kept with progress: V6.2.1)", at most 500 characters. */
function historyNote(plan: Omit<ArchitecturePlan, 'changes'>, removedWithProgress: boolean): string {
  const tokens = (prefix: string, ids: readonly string[]) => ids.map((id) => `${prefix}${id}`);
  const parts: string[] = [];
  const items = [...tokens('+', plan.addedItems), ...tokens('-', plan.removedItems), ...tokens('~', plan.changedItems)];
  if (items.length > 0) parts.push(`items ${items.join(' ')}`);
  const requirements = [...tokens('+', plan.addedRequirements), ...tokens('-', plan.removedRequirements), ...tokens('~', plan.relinkedRequirements)];
  if (plan.withProgress.length > 0) requirements.push(`(${removedWithProgress ? 'had progress' : 'kept with progress'}: ${plan.withProgress.join(', ')})`);
  if (requirements.length > 0) parts.push(`requirements ${requirements.join(' ')}`);
  const note = parts.join('; ');
  return note.length > ARCHITECTURE_NOTE_MAX_LENGTH ? `${note.slice(0, ARCHITECTURE_NOTE_MAX_LENGTH - 1)}…` : note;
}
