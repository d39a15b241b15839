import type { Project, RequirementStatus } from './schema';

export interface Progress {
  readonly total: number;
  readonly byStatus: Readonly<Record<RequirementStatus, number>>;
  /** Requirements that need no more work: Done or Not Applicable. */
  readonly complete: number;
  /** 0..100, rounded down so that 100 means really finished. */
  readonly percent: number;
}

export function projectProgress(project: Pick<Project, 'requirements'>): Progress {
  const byStatus: Record<RequirementStatus, number> = { todo: 0, running: 0, not_according: 0, not_applicable: 0, done: 0 };
  for (const r of project.requirements) byStatus[r.status]++;
  const total = project.requirements.length;
  const complete = byStatus.done + byStatus.not_applicable;
  return { total, byStatus, complete, percent: total === 0 ? 0 : Math.floor((complete * 100) / total) };
}
