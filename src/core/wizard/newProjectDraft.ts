// The "Start New Project" wizard's logic without VS Code: from a draft (items, chosen patterns, unticked
// requirements, the form) to what each step shows and to the request that creates the project. The
// requirements always come from the catalog mapping, never from the draft.
import type { CatalogIndexes } from '../catalog/requirementsForPatterns';
import { itemIdsFor, type NewProjectDetails, type NewProjectItem, type NewProjectRequest } from '../model/createProject';
import type { Project, ThreatModel } from '../model/schema';
import { requirementsForItems } from '../suggest/requirementsForItems';
import type { Suggestion, SuggestableItem } from '../suggest/suggestionEngine';
import type { DraftDetails, DraftItem, RequirementView, SuggestionView, WizardDraft } from '../../protocol/wizard';
import { splitList } from '../../protocol/wizard';

/** The draft item as the suggestion engine reads it. */
export function suggestableItem(item: DraftItem): SuggestableItem {
  return {
    name: item.name,
    kind: item.kind,
    alsoKinds: item.alsoKinds,
    technologies: item.technologies,
    description: item.description,
    internetFacing: item.internetFacing,
    data: item.data,
  };
}

/** First sentence of a pattern's description: enough to recognise it without leaving the step. */
export function summaryOf(description: string): string {
  let first = description;
  for (const m of description.matchAll(/[.!?](?=\s|$)/g)) {
    const end = m.index + 1;
    // Not at an abbreviation ("e.g.", "i.e.", "etc.") and not before a sentence worth the name.
    if (end < 40 || /\b(e\.g|i\.e|etc|vs)\.$/i.test(description.slice(Math.max(0, end - 4), end))) continue;
    first = description.slice(0, end);
    break;
  }
  return first.length > 300 ? `${first.slice(0, 297)}…` : first;
}

export function suggestionView(s: Suggestion, description: string): SuggestionView {
  return {
    capec: s.capec,
    name: s.name.slice(0, 200),
    summary: summaryOf(description),
    ...(s.severity ? { severity: s.severity } : {}),
    ...(s.likelihood ? { likelihood: s.likelihood } : {}),
    reasons: s.reasons.slice(0, 20).map((r) => r.reason.slice(0, 500)),
    preselected: s.preselected,
  };
}

/** The requirements that follow from the items' patterns, primary first, then supporting, in the standard's order. */
export function requirementViews(
  indexes: CatalogIndexes,
  items: ReadonlyArray<{ key: string; patterns: readonly string[] }>,
): { requirements: RequirementView[]; patternsWithoutRequirements: string[] } {
  const derived = requirementsForItems(
    items.map((i) => ({ id: i.key, attackPatterns: i.patterns })),
    indexes,
  );
  const requirements: RequirementView[] = derived.requirements.map((r) => ({
    id: r.id,
    text: r.requirement.text,
    chapter: `${r.requirement.chapterId} ${r.requirement.chapterName}`.slice(0, 200),
    level: r.requirement.level,
    // Derivation keeps primary and supporting links only; an unreviewed pattern's links count as supporting.
    relevance: r.relevance === 'primary' ? 'primary' : 'supporting',
    because: r.because.map((b) => ({ item: b.item, capec: b.capec })),
    ...(r.rationale ? { rationale: r.rationale.slice(0, 1_000) } : {}),
  }));
  requirements.sort((a, b) => Number(a.relevance !== 'primary') - Number(b.relevance !== 'primary'));
  return { requirements, patternsWithoutRequirements: [...new Set(derived.patternsWithoutRequirements.map((p) => p.capec))] };
}

/** The patterns an item ends up with: the person's choice once they made one, else the pre-selected suggestions. */
export function chosenPatterns(item: DraftItem, preselected: readonly string[]): string[] {
  return [...new Set(item.patterns ?? preselected)];
}

/**
 * The request that creates the project from a finished draft: item ids from their names, patterns as chosen,
 * and the requirements derived again here (the webview's list is never trusted) minus the unticked ones.
 */
export function newProjectRequest(indexes: CatalogIndexes, draft: WizardDraft, patternsOf: (item: DraftItem) => readonly string[]): NewProjectRequest {
  const ids = itemIdsFor(draft.items.map((i) => i.name));
  const idOf = new Map(draft.items.map((item, index) => [item.key, ids[index]]));
  const items = draft.items.map((item, index) => ({
    id: ids[index],
    name: item.name.trim(),
    kind: item.kind,
    ...(item.alsoKinds.length > 0 ? { alsoKinds: item.alsoKinds } : {}),
    ...(item.technologies.length > 0 ? { technologies: item.technologies } : {}),
    ...(item.description.trim() ? { description: item.description.trim() } : {}),
    internetFacing: item.internetFacing,
    ...(item.data.length > 0 ? { data: item.data } : {}),
    attackPatterns: [...patternsOf(item)],
  }));
  const deselected = new Set(draft.deselected);
  const derived = requirementViews(
    indexes,
    draft.items.map((item) => ({ key: item.key, patterns: patternsOf(item) })),
  );
  const requirements = derived.requirements
    .filter((r) => !deselected.has(r.id))
    .map((r) => ({ id: r.id, because: r.because.map((b) => ({ item: idOf.get(b.item)!, capec: b.capec })) }));
  return { details: detailsFromForm(draft.details), items, requirements };
}

/** The form as typed, read: the hours as a number (NaN when it is not one, for validation to say so), lists split. */
export function detailsFromForm(d: DraftDetails): NewProjectDetails {
  const hours = d.estimatedHours.trim();
  const list = (value: string) => splitList(value);
  return {
    name: d.name,
    ...(hours ? { estimatedHours: Number(hours) } : {}),
    ...(d.goal.trim() ? { goal: d.goal } : {}),
    ...(d.scope.trim() ? { scope: d.scope } : {}),
    ...(list(d.team).length > 0 ? { team: list(d.team) } : {}),
    ...(list(d.tags).length > 0 ? { tags: list(d.tags) } : {}),
    ...(list(d.assets).length > 0 ? { assets: list(d.assets) } : {}),
  };
}

/**
 * An existing project's architecture as a draft: one item per architecture item (keys stand for the ids, which
 * may not fit a draft key), its patterns as chosen, and the requirements the project does not have unticked,
 * so that saving without changes changes nothing.
 */
export function architectureDraft(indexes: CatalogIndexes, project: Project): { draft: WizardDraft; keyToId: Map<string, string> } {
  const keyToId = new Map<string, string>();
  const items: DraftItem[] = project.items.map((item, index) => {
    const key = `k${index}`;
    keyToId.set(key, item.id);
    return draftItemOf(item, key);
  });
  const have = new Set(project.requirements.map((r) => r.id));
  const derived = requirementViews(indexes, items.map((i) => ({ key: i.key, patterns: i.patterns ?? [] })));
  const deselected = derived.requirements.filter((r) => !have.has(r.id)).map((r) => r.id);
  return { draft: { step: 'items', items, deselected, details: { name: '', estimatedHours: '', goal: '', scope: '', team: '', tags: '', assets: '' } }, keyToId };
}

/** An architecture item as the draft shows it (within the protocol's caps). */
function draftItemOf(item: Project['items'][number], key: string): DraftItem {
  return {
    key,
    name: item.name.slice(0, 200),
    kind: item.kind.slice(0, 64),
    alsoKinds: (item.alsoKinds ?? []).slice(0, 10).map((k) => k.slice(0, 64)),
    technologies: (item.technologies ?? []).slice(0, 100).map((t) => t.slice(0, 200)),
    description: (item.description ?? '').slice(0, 5_000),
    internetFacing: item.internetFacing ?? false,
    data: (item.data ?? []).slice(0, 100).map((d) => d.slice(0, 200)),
    patterns: (item.attackPatterns ?? []).filter((id) => /^CAPEC-[1-9][0-9]{0,4}$/.test(id)).slice(0, 500),
  };
}

/**
 * The edited architecture: existing items keep their ids (and, for every field the person did not change,
 * the file's own value, uncut); new ones get ids the project has never used; requirements are derived again.
 * Requirements the architecture as opened did not derive (hand-added, or from an older catalog) are left as
 * they are, with only the causes that still exist.
 */
export function architectureEdit(
  indexes: CatalogIndexes,
  draft: WizardDraft,
  keyToId: ReadonlyMap<string, string>,
  patternsOf: (item: DraftItem) => readonly string[],
  opened?: Project,
): { items: NewProjectItem[]; requirements: Array<{ id: string; because: Array<{ item: string; capec: string }> }> } {
  const used = new Set([...keyToId.values(), ...(opened?.items.map((i) => i.id) ?? [])]);
  const fresh = itemIdsFor(draft.items.map((i) => i.name));
  const idOf = new Map<string, string>();
  draft.items.forEach((item, index) => {
    let id = keyToId.get(item.key);
    if (!id) {
      id = fresh[index];
      for (let n = 2; used.has(id); n++) id = `${fresh[index].slice(0, 60)}-${n}`;
      used.add(id);
    }
    idOf.set(item.key, id);
  });
  const request = newProjectRequest(indexes, draft, patternsOf);
  const keyOfNewId = new Map(draft.items.map((item, index) => [fresh[index], item.key]));
  const originals = new Map((opened?.items ?? []).map((i) => [i.id, i]));
  const items = request.items.map((item, index): NewProjectItem => {
    const draftItem = draft.items[index];
    const id = idOf.get(draftItem.key)!;
    const original = keyToId.has(draftItem.key) ? originals.get(id) : undefined;
    if (!original) return { ...item, id };
    const shown = draftItemOf(original, draftItem.key);
    const same = <K extends keyof DraftItem>(k: K) => JSON.stringify(draftItem[k]) === JSON.stringify(shown[k]);
    return {
      id,
      attackPatterns: item.attackPatterns,
      name: same('name') ? original.name : item.name,
      kind: same('kind') ? original.kind : item.kind,
      ...optional('alsoKinds', same('alsoKinds') ? original.alsoKinds : item.alsoKinds),
      ...optional('technologies', same('technologies') ? original.technologies : item.technologies),
      ...optional('description', same('description') ? original.description : item.description),
      ...optional('internetFacing', same('internetFacing') ? original.internetFacing : item.internetFacing),
      ...optional('data', same('data') ? original.data : item.data),
    };
  });
  const requirements = request.requirements.map((r) => ({ id: r.id, because: r.because.map((b) => ({ item: idOf.get(keyOfNewId.get(b.item)!)!, capec: b.capec })) }));
  if (opened) {
    // What the architecture as opened derived, whatever was unticked: only those may be removed by this edit.
    const before = new Set(requirementViews(indexes, opened.items.map((i) => ({ key: i.id, patterns: i.attackPatterns ?? [] }))).requirements.map((r) => r.id));
    const listed = new Set(requirements.map((r) => r.id));
    const patterns = new Map(items.map((i) => [i.id, new Set(i.attackPatterns)]));
    for (const r of opened.requirements) {
      if (!r.because?.length || before.has(r.id) || listed.has(r.id)) continue;
      const still = r.because.filter((b) => patterns.get(b.item)?.has(b.capec));
      if (still.length > 0) requirements.push({ id: r.id, because: still.map((b) => ({ item: b.item, capec: b.capec })) });
    }
  }
  return { items, requirements };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/**
 * The details to save when editing a project: what was typed for the fields the person changed, the file's
 * own values for the others (a multi-line goal, a tag containing a comma), so that only changes are written.
 */
export function detailsToSave(now: DraftDetails, opened: DraftDetails, project: Project): NewProjectDetails {
  const typed = detailsFromForm(now);
  const keep = (field: keyof DraftDetails) => now[field] === opened[field];
  const pick = <V>(field: keyof DraftDetails, original: V | undefined, value: V | undefined): V | undefined => (keep(field) ? original : value);
  const fields = {
    estimatedHours: pick('estimatedHours', project.estimatedHours, typed.estimatedHours),
    goal: pick('goal', project.goal, typed.goal),
    scope: pick('scope', project.scope, typed.scope),
    team: pick('team', project.team, typed.team),
    tags: pick('tags', project.tags, typed.tags),
    assets: pick('assets', project.assets, typed.assets),
  };
  return {
    name: keep('name') ? project.name : typed.name,
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
  } as NewProjectDetails;
}

/** Projects of the model, for duplicate checks; undefined when there is no file yet. */
export type ExistingModel = ThreatModel | undefined;

/** A project's details as the form shows them. */
export function formOf(project: Project): DraftDetails {
  const list = (values: readonly string[] | undefined) => (values ?? []).join(', ');
  return {
    name: project.name.slice(0, 200),
    estimatedHours: project.estimatedHours === undefined ? '' : String(project.estimatedHours),
    goal: (project.goal ?? '').slice(0, 10_000),
    scope: (project.scope ?? '').slice(0, 10_000),
    team: list(project.team).slice(0, 10_000),
    tags: list(project.tags).slice(0, 10_000),
    assets: list(project.assets).slice(0, 10_000),
  };
}

/** What an architecture edit was planned on: the items and the requirements with their causes and statuses. */
export function architectureSignature(project: Project): string {
  return JSON.stringify([project.items, project.requirements.map((r) => [r.id, r.status, r.because])]);
}
