// Selecting an attack pattern for an architecture item, and the ASVS requirements that follow from it.
// Requirement ids come from the catalog mapping (the caller passes them); this only records them.
import type { Actor } from './operations';
import type { ParsedModelFile } from './parse';
import { WorkflowError } from './workflow';
import type { Change } from './yamlPatch';

export interface AddAttackPatternRequest {
  readonly projectId: string;
  readonly itemId: string;
  readonly capecId: string;
  /** ASVS requirement ids the pattern leads to, from the catalog mapping of the model's edition. */
  readonly requirementIds: ReadonlyArray<string>;
}

export interface AddAttackPatternPlan {
  readonly changes: Change[];
  /** Requirements new to the project. */
  readonly added: string[];
  /** Requirements the project already had, which now also cite this pattern. */
  readonly linked: string[];
}

export function addAttackPattern(file: ParsedModelFile, request: AddAttackPatternRequest, actor: Actor): AddAttackPatternPlan {
  const projectIndex = file.model.projects.findIndex((p) => p.id === request.projectId);
  if (projectIndex < 0) throw new WorkflowError(`There is no project "${request.projectId}" in the threat model.`);
  const project = file.model.projects[projectIndex];
  if (project.status === 'done') throw new WorkflowError(`Project "${project.name}" is Done and locked for review. Reopen it to change it.`);
  const itemIndex = project.items.findIndex((i) => i.id === request.itemId);
  if (itemIndex < 0) throw new WorkflowError(`Project "${project.name}" has no architecture item "${request.itemId}".`);
  const item = project.items[itemIndex];

  const changes: Change[] = [];
  const base = ['projects', projectIndex] as const;
  if (!(item.attackPatterns ?? []).includes(request.capecId)) {
    changes.push({ kind: 'append', path: [...base, 'items', itemIndex, 'attackPatterns'], values: [request.capecId] });
  }

  const cause = { item: item.id, capec: request.capecId };
  const added: string[] = [];
  const linked: string[] = [];
  const fresh: unknown[] = [];
  for (const id of new Set(request.requirementIds)) {
    const index = project.requirements.findIndex((r) => r.id === id);
    if (index < 0) {
      added.push(id);
      fresh.push({ id, status: 'todo', because: [cause] });
      continue;
    }
    const because = project.requirements[index].because ?? [];
    if (!because.some((b) => b.item === cause.item && b.capec === cause.capec)) {
      linked.push(id);
      changes.push({ kind: 'append', path: [...base, 'requirements', index, 'because'], values: [cause], flow: true });
    }
  }
  if (fresh.length > 0) changes.push({ kind: 'append', path: [...base, 'requirements'], values: fresh, flowKeys: ['because'] });
  if (changes.length === 0) throw new WorkflowError(`${request.capecId} is already selected for ${item.name}, with all its requirements.`);

  changes.push({
    kind: 'append',
    path: [...base, 'history'],
    values: [{ at: actor.at, by: actor.by, action: 'add-attack-pattern', note: `${request.capecId} on ${item.id}; ${added.length} requirement(s) added, ${linked.length} linked` }],
    flow: true,
  });
  return { changes, added, linked };
}
