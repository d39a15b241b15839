// The "Start New Project" wizard's logic without VS Code: from a draft (items, chosen patterns, unticked
// requirements, the form) to what each step shows and to the request that creates the project. The
// requirements always come from the catalog mapping, never from the draft.
import type { CatalogIndexes } from '../catalog/requirementsForPatterns';
import { itemIdsFor, type NewProjectDetails, type NewProjectRequest } from '../model/createProject';
import type { ThreatModel } from '../model/schema';
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
  const first = /^(.{40,}?[.!?])\s/s.exec(description)?.[1] ?? description;
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

/** Projects of the model, for duplicate checks; undefined when there is no file yet. */
export type ExistingModel = ThreatModel | undefined;
