// Creating a project from the New Project wizard: the details form's checks, the ids a new project and its
// items get, and the one change set that appends the project to the file. Requirements come from the caller
// (derived from the catalog mapping); this only checks and records them.
import type { Actor } from './operations';
import type { ParsedModelFile } from './parse';
import { AsvsId, CapecId, Project, Slug, type ThreatModel } from './schema';
import { slugify } from './starter';
import { WorkflowError } from './workflow';
import type { Change } from './yamlPatch';

export interface NewProjectItem {
  /** Slug, unique in the project. */
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly alsoKinds?: readonly string[];
  readonly technologies?: readonly string[];
  readonly description?: string;
  readonly internetFacing?: boolean;
  readonly data?: readonly string[];
  /** CAPEC ids like CAPEC-66. */
  readonly attackPatterns: readonly string[];
}

export interface NewProjectDetails {
  readonly name: string;
  readonly estimatedHours?: number;
  readonly goal?: string;
  readonly scope?: string;
  readonly team?: readonly string[];
  readonly tags?: readonly string[];
  readonly assets?: readonly string[];
}

export interface NewProjectRequest {
  readonly details: NewProjectDetails;
  readonly items: readonly NewProjectItem[];
  /** ASVS requirement ids with every {item, capec} that leads to them (computed by the caller from the catalog mapping). */
  readonly requirements: ReadonlyArray<{ readonly id: string; readonly because: ReadonlyArray<{ readonly item: string; readonly capec: string }> }>;
}

export interface DetailsProblem {
  readonly field: 'name' | 'estimatedHours' | 'goal' | 'scope' | 'team' | 'tags' | 'assets';
  readonly message: string;
}

export const NAME_MAX_LENGTH = 200;
export const HOURS_MAX = 100_000;
export const LIST_ENTRY_MAX_LENGTH = 200;
export const LIST_MAX_ENTRIES = 100;
/** Goal and scope are free text; the cap only keeps a pasted log out of the file. */
export const TEXT_MAX_LENGTH = 10_000;

const LIST_FIELDS = ['team', 'tags', 'assets'] as const;
const LIST_LABELS: Readonly<Record<(typeof LIST_FIELDS)[number], string>> = { team: 'Team', tags: 'Tags', assets: 'Assets' };
// Names and list entries are shown on one line (tree, tables): line breaks and other control characters are refused.
const CONTROL = /\p{Cc}/u;

/**
 * Inline validation for the form. The details come from a webview, so types are checked at run time too.
 * At most one problem per field, the first one found.
 */
export function validateProjectDetails(details: NewProjectDetails, model: ThreatModel | undefined, options: { readonly idFromName?: boolean } = {}): DetailsProblem[] {
  const problems: DetailsProblem[] = [];
  const nameProblem = projectNameProblem(details.name, model, options.idFromName ?? true);
  if (nameProblem) problems.push({ field: 'name', message: nameProblem });

  const hours: unknown = details.estimatedHours;
  if (hours !== undefined && (typeof hours !== 'number' || !Number.isFinite(hours) || hours < 0 || hours > HOURS_MAX)) {
    problems.push({ field: 'estimatedHours', message: `Estimated hours must be a number from 0 to ${HOURS_MAX}.` });
  }
  for (const field of ['goal', 'scope'] as const) {
    const value: unknown = details[field];
    if (value === undefined) continue;
    const label = field === 'goal' ? 'Goal' : 'Scope';
    if (typeof value !== 'string') problems.push({ field, message: `${label} must be text.` });
    else if (value.trim().length > TEXT_MAX_LENGTH) problems.push({ field, message: `${label} is ${value.trim().length} characters long; at most ${TEXT_MAX_LENGTH} are allowed.` });
  }
  for (const field of LIST_FIELDS) {
    const message = listProblem(LIST_LABELS[field], details[field]);
    if (message) problems.push({ field, message });
  }
  return problems;
}

/** `idFromName` is false when renaming: an existing project keeps its id, so only the names can clash. */
function projectNameProblem(raw: unknown, model: ThreatModel | undefined, idFromName: boolean): string | undefined {
  if (typeof raw !== 'string' || raw.trim() === '') return 'Give the project a name.';
  const name = raw.trim();
  if (name.length > NAME_MAX_LENGTH) return `The name is ${name.length} characters long; at most ${NAME_MAX_LENGTH} are allowed.`;
  if (CONTROL.test(name)) return 'The name must be one line of text, without line breaks or control characters.';
  const projects = model?.projects ?? [];
  // Case-insensitive: "Checkout" and "checkout" side by side in the tree would be told apart by nobody.
  const sameName = projects.find((p) => p.name.trim().toLowerCase() === name.toLowerCase());
  if (sameName) return `A project named "${sameName.name}" already exists.`;
  // Only a name with letters or digits derives its id; others share the fallback id and get a numbered one.
  if (idFromName && hasSlugCharacters(name)) {
    const id = slugify(name);
    const owner = projects.find((p) => p.id === id);
    if (owner) return `A project named "${name}" would get the id ${id}, which project "${owner.name}" already uses.`;
  }
  return undefined;
}

function listProblem(label: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return `${label} must be a list.`;
  if (value.length > LIST_MAX_ENTRIES) return `${label} has ${value.length} entries; at most ${LIST_MAX_ENTRIES} are allowed.`;
  for (const entry of value as unknown[]) {
    if (typeof entry !== 'string' || entry.trim() === '') return `${label} has an empty entry.`;
    const text = entry.trim();
    if (text.length > LIST_ENTRY_MAX_LENGTH) return `${label} entry "${text.slice(0, 40)}…" is ${text.length} characters long; at most ${LIST_ENTRY_MAX_LENGTH} are allowed.`;
    if (CONTROL.test(text)) return `${label} entries must be one line of text, without line breaks or control characters.`;
  }
  return undefined;
}

/** Whether slugify(name) comes from the name itself rather than its fallback. */
function hasSlugCharacters(name: string): boolean {
  return /[a-z0-9]/.test(
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase(),
  );
}

/** The id a new project gets: slugify(name), made unique against existing project ids by suffixing -2, -3... */
export function projectIdFor(name: string, model: ThreatModel | undefined): string {
  return uniqueSlug(slugify(name.trim()), new Set((model?.projects ?? []).map((p) => p.id)));
}

/** Item ids for draft item names: slugify(name), unique within the list (suffix -2, -3...). */
export function itemIdsFor(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    // slugify's fallback says "project"; an item without letters or digits in its name is an "item".
    const id = uniqueSlug(hasSlugCharacters(name) ? slugify(name) : 'item', taken);
    taken.add(id);
    return id;
  });
}

/** `base`, or `base-2`, `base-3`... whichever is free; the base is shortened so the id stays within 64 characters. */
function uniqueSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = base.slice(0, 64 - suffix.length).replace(/[-._]+$/, '') + suffix;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Appends the new project to `projects` in one change set, with one history entry. Everything is checked
 * before any change is produced, so a refused request leaves the file as it was.
 */
export function createProject(file: ParsedModelFile, request: NewProjectRequest, actor: Actor): { changes: Change[]; projectId: string } {
  const { details } = request;
  const problems = validateProjectDetails(details, file.model);
  if (problems.length > 0) throw new WorkflowError(problems.map((p) => p.message).join(' '));

  const items = request.items.map(checkedItem);
  const itemIds = new Set<string>();
  for (const item of items) {
    if (itemIds.has(item.id)) throw new WorkflowError(`Two architecture items have the id "${item.id}"; each item needs its own.`);
    itemIds.add(item.id);
  }
  const patternsOf = new Map(items.map((i) => [i.id, new Set(i.attackPatterns ?? [])]));
  const requirements = checkedRequirements(request.requirements, patternsOf, 'the new project').map(({ id, because }) => ({ id, status: 'todo', ...(because.length > 0 ? { because } : {}) }));

  const name = details.name.trim();
  const projectId = projectIdFor(name, file.model);
  const patternCount = items.reduce((n, i) => n + (i.attackPatterns?.length ?? 0), 0);
  const project = {
    id: projectId,
    name,
    status: 'todo',
    ...(details.estimatedHours !== undefined ? { estimatedHours: details.estimatedHours } : {}),
    ...(details.goal?.trim() ? { goal: details.goal.trim() } : {}),
    ...(details.scope?.trim() ? { scope: details.scope.trim() } : {}),
    ...listField('team', details.team),
    ...listField('tags', details.tags),
    ...listField('assets', details.assets),
    items,
    requirements,
    history: [
      {
        at: actor.at,
        by: actor.by,
        action: 'create-project',
        note: `${items.length} item(s), ${patternCount} attack pattern(s), ${requirements.length} requirement(s)`,
      },
    ],
  };
  // A last guard: whatever the checks above missed, the file's own schema would refuse on the next read.
  const checked = Project.safeParse(project);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new WorkflowError(`The new project is not valid: ${issue.path.join('.')} ${issue.message}.`);
  }

  // Short lists on one line, as people write them by hand. The history stays a block list: one written as
  // "history: [ ... ]" would take every later entry onto that same line, where the file has one line per entry.
  const flowKeys = ['because', 'alsoKinds', 'technologies', 'data', 'attackPatterns', 'team', 'tags', 'assets'];
  return { changes: [{ kind: 'append', path: ['projects'], values: [project], flowKeys }], projectId };
}

/** An architecture item as written: trimmed, only the fields that are set. */
export interface CheckedItem {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly alsoKinds?: string[];
  readonly description?: string;
  readonly technologies?: string[];
  readonly internetFacing?: boolean;
  readonly data?: string[];
  readonly attackPatterns?: string[];
}

/**
 * One architecture item checked as it comes from a webview (types at run time too), trimmed, with only the
 * fields that are set. Shared by createProject and editArchitecture, so both refuse the same things.
 */
export function checkedItem(item: NewProjectItem, index: number): CheckedItem {
  const label = `Architecture item ${index + 1}`;
  if (item === null || typeof item !== 'object') throw new WorkflowError(`${label} is not an architecture item.`);
  if (typeof item.id !== 'string' || !Slug.safeParse(item.id).success) {
    throw new WorkflowError(`${label} has the id "${String(item.id)}", which is not a lower-case slug (a-z, 0-9, ".", "_", "-"; at most 64 characters).`);
  }
  if (typeof item.name !== 'string' || item.name.trim() === '') throw new WorkflowError(`${label} (${item.id}) needs a name.`);
  const name = item.name.trim();
  if (typeof item.kind !== 'string' || item.kind.trim() === '') throw new WorkflowError(`Architecture item "${name}" needs a kind.`);
  if (item.internetFacing !== undefined && typeof item.internetFacing !== 'boolean') {
    throw new WorkflowError(`Architecture item "${name}": internet-facing must be yes or no.`);
  }
  if (item.description !== undefined && typeof item.description !== 'string') throw new WorkflowError(`Architecture item "${name}": the description must be text.`);
  const patterns: unknown = item.attackPatterns ?? [];
  if (!Array.isArray(patterns)) throw new WorkflowError(`Architecture item "${name}": the attack patterns must be a list.`);
  for (const capec of patterns as unknown[]) {
    if (typeof capec !== 'string' || !CapecId.safeParse(capec).success) throw new WorkflowError(`"${String(capec)}" on architecture item "${name}" is not a CAPEC id like CAPEC-66.`);
  }
  const attackPatterns = [...new Set(patterns as string[])];
  const description = item.description?.trim();
  return {
    id: item.id,
    name,
    kind: item.kind.trim(),
    ...checkedList('alsoKinds', item.alsoKinds, 'also-kinds', name),
    ...(description ? { description } : {}),
    ...checkedList('technologies', item.technologies, 'technologies', name),
    ...(item.internetFacing !== undefined ? { internetFacing: item.internetFacing } : {}),
    ...checkedList('data', item.data, 'data', name),
    ...(attackPatterns.length > 0 ? { attackPatterns } : {}),
  };
}

function checkedList<K extends string>(key: K, list: unknown, label: string, itemName: string): { [P in K]?: string[] } {
  if (list === undefined || list === null) return {};
  if (!Array.isArray(list) || list.some((entry) => typeof entry !== 'string')) throw new WorkflowError(`Architecture item "${itemName}": ${label} must be a list of text.`);
  return listField(key, list as string[]);
}

/**
 * Requirement ids with every {item, capec} leading to them, checked: well-formed ids, none twice, each cause a
 * pattern selected for an item of `patternsOf` (`where` names those items in messages). With `causeRequired`,
 * a requirement must have at least one cause.
 */
export function checkedRequirements(
  requested: ReadonlyArray<{ readonly id: string; readonly because: ReadonlyArray<{ readonly item: string; readonly capec: string }> }>,
  patternsOf: ReadonlyMap<string, ReadonlySet<string>>,
  where: string,
  options: { readonly causeRequired?: boolean } = {},
): Array<{ id: string; because: Array<{ item: string; capec: string }> }> {
  const seen = new Set<string>();
  return requested.map((requirement) => {
    const id: unknown = requirement?.id;
    if (typeof id !== 'string' || !AsvsId.safeParse(id).success) throw new WorkflowError(`"${String(id)}" is not an ASVS requirement id like V1.2.5.`);
    if (seen.has(id)) throw new WorkflowError(`Requirement ${id} is listed twice.`);
    seen.add(id);
    const because: unknown = requirement.because ?? [];
    if (!Array.isArray(because) || (options.causeRequired && because.length === 0)) throw new WorkflowError(`Requirement ${id} does not say which item and attack pattern lead to it.`);
    const causes: Array<{ item: string; capec: string }> = [];
    for (const cause of because as Array<{ item?: unknown; capec?: unknown } | null>) {
      const item: unknown = cause?.item;
      const capec: unknown = cause?.capec;
      const patterns = typeof item === 'string' ? patternsOf.get(item) : undefined;
      if (!patterns) throw new WorkflowError(`Requirement ${id} refers to architecture item "${String(item)}", which ${where} does not have.`);
      if (typeof capec !== 'string' || !CapecId.safeParse(capec).success) throw new WorkflowError(`Requirement ${id} refers to "${String(capec)}", which is not a CAPEC id like CAPEC-66.`);
      // A cause must be a pattern chosen for that item, or the file would explain the requirement by something it does not contain.
      if (!patterns.has(capec)) throw new WorkflowError(`Requirement ${id} refers to ${capec} on "${String(item)}", but that attack pattern is not selected for it.`);
      if (!causes.some((c) => c.item === item && c.capec === capec)) causes.push({ item: item as string, capec });
    }
    return { id, because: causes };
  });
}

/** `{ [key]: trimmed entries }`, or nothing when the list is unset or has no non-empty entry. */
function listField<K extends string>(key: K, list: readonly string[] | undefined): { [P in K]?: string[] } {
  const entries = (list ?? []).filter((s) => typeof s === 'string').map((s) => s.trim()).filter((s) => s.length > 0);
  return (entries.length > 0 ? { [key]: entries } : {}) as { [P in K]?: string[] };
}
