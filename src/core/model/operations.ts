// Operations people perform on a threat model, expressed as minimal changes to the file.
// Each checks the workflow first and appends one history entry, so the file records who did what.
import type { ParsedModelFile } from './parse';
import type { Evidence, HistoryEntry, ProjectStatus, RequirementStatus, ThreatModel } from './schema';
import { checkProjectTransition, checkRequirementTransition, REQUIREMENT_STATUS_LABELS, WorkflowError } from './workflow';
import type { Change } from './yamlPatch';

export interface Actor {
  readonly by: string;
  /** ISO 8601 time; injected so that tests and the CLI are deterministic. */
  readonly at: string;
}

export interface RequirementStatusChange {
  readonly projectId: string;
  readonly requirementId: string;
  readonly to: RequirementStatus;
  /** The status the person saw; when the file says otherwise now, the change is refused, not applied blind. */
  readonly expectedFrom?: RequirementStatus;
  readonly evidence?: ReadonlyArray<Evidence>;
  readonly justification?: string;
  readonly reason?: string;
  readonly note?: string;
}

export interface ProjectStatusChange {
  readonly projectId: string;
  readonly to: ProjectStatus;
  readonly note?: string;
}

export function changeRequirementStatus(file: ParsedModelFile, request: RequirementStatusChange, actor: Actor): Change[] {
  const { project, projectIndex } = findProject(file.model, request.projectId);
  const requirementIndex = project.requirements.findIndex((r) => r.id === request.requirementId);
  if (requirementIndex < 0) {
    throw new WorkflowError(`Project "${project.name}" has no requirement ${request.requirementId}.`);
  }
  const requirement = project.requirements[requirementIndex];
  if (request.expectedFrom && request.expectedFrom !== requirement.status) {
    throw new WorkflowError(
      `${requirement.id} changed meanwhile: it is now ${REQUIREMENT_STATUS_LABELS[requirement.status]}, not ${REQUIREMENT_STATUS_LABELS[request.expectedFrom]}. Nothing was changed; review it and try again.`,
    );
  }
  const newEvidence = request.evidence ?? [];
  checkRequirementTransition({
    projectStatus: project.status,
    from: requirement.status,
    to: request.to,
    existingEvidence: requirement.evidence ?? [],
    newEvidence,
    justification: request.justification,
    reason: request.reason,
  });

  const base = ['projects', projectIndex, 'requirements', requirementIndex] as const;
  const changes: Change[] = [{ kind: 'set', path: [...base, 'status'], value: request.to }];
  if (request.to === 'not_applicable') changes.push({ kind: 'set', path: [...base, 'justification'], value: request.justification!.trim() });
  if (request.to === 'not_according') changes.push({ kind: 'set', path: [...base, 'reason'], value: request.reason!.trim() });
  if (newEvidence.length > 0) changes.push({ kind: 'append', path: [...base, 'evidence'], values: newEvidence, flow: true });

  const note = request.note ?? request.justification ?? request.reason;
  changes.push(historyEntry(projectIndex, {
    at: actor.at,
    by: actor.by,
    requirement: requirement.id,
    from: requirement.status,
    to: request.to,
    ...(note?.trim() ? { note: note.trim() } : {}),
  }));
  return changes;
}

export function changeProjectStatus(file: ParsedModelFile, request: ProjectStatusChange, actor: Actor): Change[] {
  const { project, projectIndex } = findProject(file.model, request.projectId);
  checkProjectTransition(project.status, request.to);
  const action = project.status === 'done' && request.to === 'running' ? 'reopen' : 'project-status';
  return [
    { kind: 'set', path: ['projects', projectIndex, 'status'], value: request.to },
    historyEntry(projectIndex, {
      at: actor.at,
      by: actor.by,
      action,
      from: project.status,
      to: request.to,
      ...(request.note?.trim() ? { note: request.note.trim() } : {}),
    }),
  ];
}

function historyEntry(projectIndex: number, entry: HistoryEntry): Change {
  return { kind: 'append', path: ['projects', projectIndex, 'history'], values: [entry], flow: true };
}

function findProject(model: ThreatModel, projectId: string) {
  const projectIndex = model.projects.findIndex((p) => p.id === projectId);
  if (projectIndex < 0) throw new WorkflowError(`There is no project "${projectId}" in the threat model.`);
  return { project: model.projects[projectIndex], projectIndex };
}
