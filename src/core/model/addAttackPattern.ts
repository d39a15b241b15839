// Selecting attack patterns for an architecture item, and the ASVS requirements that follow from them.
// Requirement ids come from the catalog mapping (the caller passes them); this only records them.
import type { Actor } from './operations';
import type { ParsedModelFile } from './parse';
import { isLocked, WorkflowError } from './workflow';
import type { Change } from './yamlPatch';

export interface PatternSelection {
  readonly capecId: string;
  /** ASVS requirement ids the pattern leads to, from the catalog mapping of the model's edition. */
  readonly requirementIds: ReadonlyArray<string>;
}

export interface AddAttackPatternsRequest {
  readonly projectId: string;
  readonly itemId: string;
  readonly patterns: ReadonlyArray<PatternSelection>;
}

export interface AddAttackPatternsPlan {
  readonly changes: Change[];
  /** Requirements new to the project. */
  readonly added: string[];
  /** Requirements the project already had, which now also cite one of the patterns. */
  readonly linked: string[];
}

export function addAttackPatterns(file: ParsedModelFile, request: AddAttackPatternsRequest, actor: Actor): AddAttackPatternsPlan {
  const projectIndex = file.model.projects.findIndex((p) => p.id === request.projectId);
  if (projectIndex < 0) throw new WorkflowError(`There is no project "${request.projectId}" in the threat model.`);
  const project = file.model.projects[projectIndex];
  if (isLocked(project)) throw new WorkflowError(`Project "${project.name}" is Done and locked for review. Reopen it to change it.`);
  const itemIndex = project.items.findIndex((i) => i.id === request.itemId);
  if (itemIndex < 0) throw new WorkflowError(`Project "${project.name}" has no architecture item "${request.itemId}".`);
  const item = project.items[itemIndex];
  const base = ['projects', projectIndex] as const;

  const newPatterns = request.patterns.map((p) => p.capecId).filter((id, i, all) => all.indexOf(id) === i && !(item.attackPatterns ?? []).includes(id));
  const changes: Change[] = [];
  if (newPatterns.length > 0) changes.push({ kind: 'append', path: [...base, 'items', itemIndex, 'attackPatterns'], values: newPatterns });

  // One entry per requirement: new ones with all their causes, existing ones with the causes they lack.
  const fresh = new Map<string, { item: string; capec: string }[]>();
  const extra = new Map<number, { item: string; capec: string }[]>();
  for (const { capecId, requirementIds } of request.patterns) {
    const cause = { item: item.id, capec: capecId };
    for (const id of new Set(requirementIds)) {
      const index = project.requirements.findIndex((r) => r.id === id);
      if (index < 0) {
        const causes = fresh.get(id) ?? [];
        if (!causes.some((c) => c.capec === capecId)) causes.push(cause);
        fresh.set(id, causes);
        continue;
      }
      const known = project.requirements[index].because ?? [];
      const pending = extra.get(index) ?? [];
      if (!known.some((b) => b.item === cause.item && b.capec === cause.capec) && !pending.some((c) => c.capec === capecId)) {
        pending.push(cause);
        extra.set(index, pending);
      }
    }
  }
  for (const [index, causes] of extra) changes.push({ kind: 'append', path: [...base, 'requirements', index, 'because'], values: causes, flow: true });
  if (fresh.size > 0) {
    const values = [...fresh].map(([id, because]) => ({ id, status: 'todo', because }));
    changes.push({ kind: 'append', path: [...base, 'requirements'], values, flowKeys: ['because'] });
  }
  const ids = request.patterns.map((p) => p.capecId).join(', ');
  if (changes.length === 0) throw new WorkflowError(`${ids} already selected for ${item.name}, with all the requirements that follow.`);

  const added = [...fresh.keys()];
  const linked = [...extra.keys()].map((i) => project.requirements[i].id);
  changes.push({
    kind: 'append',
    path: [...base, 'history'],
    values: [{ at: actor.at, by: actor.by, action: 'add-attack-pattern', note: `${ids} on ${item.id}; ${added.length} requirement(s) added, ${linked.length} linked` }],
    flow: true,
  });
  return { changes, added, linked };
}
