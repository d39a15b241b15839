// Validating a model file piece by piece, for files with so many problems that the schema cannot collect
// them all at once (zod gathers every issue and overflows the stack past about 100,000). Each project is
// checked without its lists, then each entry of the lists on its own; the first `max` issues are kept and
// the rest counted. Cross-entry rules (duplicate ids) are not checked here: there is plenty to fix first.
import type { z } from 'zod';
import { ArchitectureItem, HistoryEntry, Project, Requirement, ThreatModel } from './schema';

type Issue = z.core.$ZodIssue;

const LISTS: ReadonlyArray<readonly [string, z.ZodType]> = [
  ['items', ArchitectureItem],
  ['requirements', Requirement],
  ['history', HistoryEntry],
];

export function boundedModelIssues(data: unknown, max: number): { issues: Issue[]; total: number } {
  const issues: Issue[] = [];
  let total = 0;
  const check = (schema: z.ZodType, value: unknown, prefix: ReadonlyArray<PropertyKey>) => {
    const result = schema.safeParse(value);
    if (result.success) return;
    for (const issue of result.error.issues) {
      total++;
      if (issues.length < max) issues.push({ ...issue, path: [...prefix, ...issue.path] } as Issue);
    }
  };
  const model = data as { projects?: unknown };
  check(ThreatModel, { ...model, projects: [] }, []);
  if (!Array.isArray(model.projects)) return { issues, total };
  model.projects.forEach((project: unknown, pi) => {
    if (!project || typeof project !== 'object') return check(Project, project, ['projects', pi]);
    const p = project as Record<string, unknown>;
    check(Project, { ...p, items: [], requirements: [], history: [] }, ['projects', pi]);
    for (const [key, schema] of LISTS) {
      const list = p[key];
      if (Array.isArray(list)) list.forEach((entry, i) => check(schema, entry, ['projects', pi, key, i]));
    }
  });
  return { issues, total };
}
