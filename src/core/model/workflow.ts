// The status workflow of projects and requirements. Every guard lives here so that the tree view,
// the webviews and the CLI all obey the same rules.
import type { Evidence, ProjectStatus, RequirementStatus } from './schema';

export class WorkflowError extends Error {}

/** A Done project is locked while the security team reviews it: nothing in it may change. */
export function isLocked(project: { readonly status: ProjectStatus }): boolean {
  return project.status === 'done';
}

/** Which requirement statuses can follow which. Not According is the reviewer's verdict on Done work. */
export const REQUIREMENT_TRANSITIONS: Readonly<Record<RequirementStatus, ReadonlyArray<RequirementStatus>>> = {
  todo: ['running', 'done', 'not_applicable'],
  running: ['todo', 'done', 'not_applicable'],
  done: ['running', 'not_according'],
  not_according: ['running', 'done'],
  not_applicable: ['todo', 'running'],
};

export const PROJECT_TRANSITIONS: Readonly<Record<ProjectStatus, ReadonlyArray<ProjectStatus>>> = {
  todo: ['running'],
  running: ['todo', 'done'],
  done: ['running'],
};

export const REQUIREMENT_STATUS_LABELS: Readonly<Record<RequirementStatus, string>> = {
  todo: 'To do',
  running: 'Running',
  not_according: 'Not According',
  not_applicable: 'Not Applicable',
  done: 'Done',
};

export const PROJECT_STATUS_LABELS: Readonly<Record<ProjectStatus, string>> = {
  todo: 'To do',
  running: 'Running',
  done: 'Done',
};

export interface RequirementTransitionInput {
  readonly projectStatus: ProjectStatus;
  readonly from: RequirementStatus;
  readonly to: RequirementStatus;
  readonly existingEvidence: ReadonlyArray<Evidence>;
  readonly newEvidence: ReadonlyArray<Evidence>;
  readonly justification?: string;
  readonly reason?: string;
}

/** Throws a WorkflowError, worded for the person who asked, when the transition is not allowed. */
export function checkRequirementTransition(input: RequirementTransitionInput): void {
  const { from, to } = input;
  if (isLocked({ status: input.projectStatus })) {
    throw new WorkflowError('The project is Done and its requirements are locked for review. Reopen the project to change them.');
  }
  if (from === to) throw new WorkflowError(`The requirement is already ${REQUIREMENT_STATUS_LABELS[to]}.`);
  if (!REQUIREMENT_TRANSITIONS[from].includes(to)) {
    throw new WorkflowError(
      `A requirement that is ${REQUIREMENT_STATUS_LABELS[from]} cannot become ${REQUIREMENT_STATUS_LABELS[to]}` +
        (to === 'not_according' ? ': only Done work can be rejected.' : '.'),
    );
  }
  if (to === 'done' && input.existingEvidence.length + input.newEvidence.length === 0) {
    throw new WorkflowError('Done needs evidence: attach a code selection, a file or a note that proves the requirement is met.');
  }
  if (to === 'done' && from === 'not_according' && input.newEvidence.length === 0) {
    throw new WorkflowError('The review rejected the evidence this requirement had; attach new evidence to mark it Done again.');
  }
  if (to === 'not_applicable' && !input.justification?.trim()) {
    throw new WorkflowError('Not Applicable needs a written justification.');
  }
  if (to === 'not_according' && !input.reason?.trim()) {
    throw new WorkflowError('Not According needs a reason, so the developer knows what to fix.');
  }
}

export function checkProjectTransition(from: ProjectStatus, to: ProjectStatus): void {
  if (from === to) throw new WorkflowError(`The project is already ${PROJECT_STATUS_LABELS[to]}.`);
  if (!PROJECT_TRANSITIONS[from].includes(to)) {
    throw new WorkflowError(`A project that is ${PROJECT_STATUS_LABELS[from]} cannot become ${PROJECT_STATUS_LABELS[to]}.`);
  }
}
