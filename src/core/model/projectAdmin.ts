// Deleting a project and editing its details (the New Project form's step-4 fields), as minimal changes
// to the file. Both refuse a Done project: it is locked while the security team reviews it.
import { isDeepStrictEqual } from 'node:util';
import { validateProjectDetails, type NewProjectDetails } from './createProject';
import { textListChanges } from './listEdits';
import type { Actor } from './operations';
import type { ParsedModelFile } from './parse';
import { Project, type ThreatModel } from './schema';
import { isLocked, WorkflowError } from './workflow';
import type { Change } from './yamlPatch';

/** Removes the project's entry, with everything in it (its history too: git keeps the record). */
export function deleteProject(file: ParsedModelFile, projectId: string): Change[] {
  const { project, projectIndex } = findProject(file.model, projectId);
  if (isLocked(project)) {
    throw new WorkflowError(`Project "${project.name}" is Done and locked for review, so it cannot be deleted. Reopen it first.`);
  }
  return [{ kind: 'remove', path: ['projects', projectIndex] }];
}

/** The step-4 fields, in the order the history note lists them. */
const DETAIL_FIELDS = ['name', 'estimatedHours', 'goal', 'scope', 'team', 'tags', 'assets'] as const;
type DetailField = (typeof DETAIL_FIELDS)[number];
const LIST_FIELDS: ReadonlySet<DetailField> = new Set(['team', 'tags', 'assets']);

/**
 * Writes the project's details as the form now has them: `details` is the whole new state, so a field it
 * leaves out (or leaves blank) was cleared and is removed from the file (name, which is required, aside).
 * Fields that did not change are not touched; one history entry lists the ones that did. The id stays.
 */
export function updateProjectDetails(file: ParsedModelFile, projectId: string, details: NewProjectDetails, actor: Actor): Change[] {
  const { project, projectIndex } = findProject(file.model, projectId);
  if (isLocked(project)) {
    throw new WorkflowError(`Project "${project.name}" is Done and locked for review; reopen it to change its details.`);
  }
  // Checked like a new project's, against the other projects: the project's own name is no conflict.
  const others: ThreatModel = { ...file.model, projects: file.model.projects.filter((_, i) => i !== projectIndex) };
  const problems = validateProjectDetails(details, others, { idFromName: false });
  if (problems.length > 0) throw new WorkflowError(problems.map((p) => p.message).join(' '));

  const base = ['projects', projectIndex] as const;
  // Compared with what the file says (before schema defaults and trimming), so that what is written is what the form shows.
  const written = ((file.data as { projects: unknown[] }).projects[projectIndex] ?? {}) as Record<string, unknown>;
  const wanted = wantedDetails(details);
  const changes: Change[] = [];
  const changed: DetailField[] = [];
  for (const field of DETAIL_FIELDS) {
    const before = Object.hasOwn(written, field) ? written[field] : undefined;
    const after = wanted[field];
    if (after === undefined) {
      // Cleared. A key that is absent, null or blank already says "nothing"; it stays as it is.
      if (isBlank(before)) continue;
      changes.push({ kind: 'remove', path: [...base, field] });
    } else if (isDeepStrictEqual(before, after)) {
      continue;
    } else if (LIST_FIELDS.has(field)) {
      changes.push(...textListChanges(file, [...base, field], before, after as string[]));
    } else {
      changes.push({ kind: 'set', path: [...base, field], value: after });
    }
    changed.push(field);
  }
  if (changes.length === 0) throw new WorkflowError(`Nothing changed: the details of "${project.name}" are as they were.`);

  // A last guard: whatever the checks above missed, the file's own schema would refuse on the next read.
  const next: Record<string, unknown> = { ...written };
  for (const field of changed) {
    if (wanted[field] === undefined) delete next[field];
    else next[field] = wanted[field];
  }
  const checked = Project.safeParse(next);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new WorkflowError(`The project's details are not valid: ${issue.path.join('.')} ${issue.message}.`);
  }

  changes.push({
    kind: 'append',
    path: [...base, 'history'],
    values: [{ at: actor.at, by: actor.by, action: 'edit-details', note: `${changed.join(', ')} changed` }],
    flow: true,
  });
  return changes;
}

/** The details as they are to be written: trimmed, with blank text and empty lists as undefined (cleared). */
function wantedDetails(details: NewProjectDetails): Partial<Record<DetailField, unknown>> {
  const text = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);
  const list = (value: readonly string[] | undefined) => {
    const entries = (value ?? []).map((s) => s.trim()).filter((s) => s.length > 0);
    return entries.length > 0 ? entries : undefined;
  };
  return {
    name: details.name.trim(),
    estimatedHours: details.estimatedHours,
    goal: text(details.goal),
    scope: text(details.scope),
    team: list(details.team),
    tags: list(details.tags),
    assets: list(details.assets),
  };
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

function findProject(model: ThreatModel, projectId: string) {
  const projectIndex = model.projects.findIndex((p) => p.id === projectId);
  if (projectIndex < 0) throw new WorkflowError(`There is no project "${projectId}" in the threat model.`);
  return { project: model.projects[projectIndex], projectIndex };
}
