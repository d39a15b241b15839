// The threat model file's schema. Objects are "loose": keys people add by hand are accepted and kept,
// because the file belongs to the team, not to the extension.
import { z } from 'zod';
import { WORKSPACE_PATH_MAX_LENGTH, WORKSPACE_PATH_PATTERN, workspacePathProblem } from './workspacePath';

export const PROJECT_STATUSES = ['todo', 'running', 'done'] as const;
export const REQUIREMENT_STATUSES = ['todo', 'running', 'not_according', 'not_applicable', 'done'] as const;
export const ASVS_EDITIONS = ['5.0.0', '4.0.3'] as const;

export const ProjectStatus = z.enum(PROJECT_STATUSES);
export const RequirementStatus = z.enum(REQUIREMENT_STATUSES);
export const AsvsEdition = z.enum(ASVS_EDITIONS);

const nonEmpty = z.string().trim().min(1, 'must not be empty');

/** Lower-case slug used for project and item ids: stable, safe in file names and URLs. */
export const Slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be a lower-case slug (a-z, 0-9, ".", "_", "-"; at most 64 characters)');

export const CapecId = z.string().regex(/^CAPEC-[1-9][0-9]{0,4}$/, 'must look like CAPEC-66');
export const AsvsId = z.string().regex(/^V[1-9][0-9]?\.[0-9]{1,2}\.[0-9]{1,2}$/, 'must look like V1.2.5');

/**
 * A workspace-relative path with forward slashes. URLs, home-directory, absolute and drive paths, ".."
 * segments, percent-escapes, empty segments and control characters are refused here (see workspacePath.ts),
 * so that no model file, whoever wrote it, can point the extension outside the workspace.
 */
export const WorkspacePath = z
  .string()
  .superRefine((p, ctx) => {
    const problem = workspacePathProblem(p);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({
    description: 'A path relative to the workspace folder, with forward slashes: no URL, no leading "/", "~" or drive letter, no ".." or empty segment, no %-escape',
    minLength: 1,
    maxLength: WORKSPACE_PATH_MAX_LENGTH,
    pattern: WORKSPACE_PATH_PATTERN,
  });

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case hex SHA-256');

export const CodeEvidence = z.looseObject({
  type: z.literal('code'),
  path: WorkspacePath,
  lines: z
    .tuple([z.int().min(1), z.int().min(1)])
    .refine(([a, b]) => a <= b, { message: 'first line must not be after last line' })
    .optional(),
  sha256: Sha256.optional(),
  note: z.string().optional(),
});

export const FileEvidence = z.looseObject({
  type: z.literal('file'),
  path: WorkspacePath,
  sha256: Sha256.optional(),
  mediaType: z.string().optional(),
  size: z.int().min(0).optional(),
  note: z.string().optional(),
});

export const TextEvidence = z.looseObject({
  type: z.literal('text'),
  text: nonEmpty,
});

export const Evidence = z.discriminatedUnion('type', [CodeEvidence, FileEvidence, TextEvidence]);

export const Because = z.looseObject({ item: Slug, capec: CapecId });

export const Requirement = z
  .looseObject({
    id: AsvsId,
    status: RequirementStatus.default('todo').describe('todo, running, not_according (rejected by review), not_applicable (needs a justification) or done (needs evidence)'),
    because: z.array(Because).optional().describe('The architecture items and CAPEC patterns that led to this requirement'),
    evidence: z.array(Evidence).optional().describe('What proves the requirement is met: code, a file or text'),
    justification: z.string().optional().describe('Why the requirement is not applicable (required for not_applicable)'),
    reason: z.string().optional().describe('Why the evidence does not hold (required for not_according)'),
    note: z.string().optional(),
  })
  .superRefine((r, ctx) => {
    // The workflow's mandatory fields, checked on the file itself so that hand edits obey them too.
    if (r.status === 'not_applicable' && !r.justification?.trim()) {
      ctx.addIssue({ code: 'custom', path: ['justification'], message: 'a Not Applicable requirement needs a justification' });
    }
    if (r.status === 'done' && !(r.evidence && r.evidence.length > 0)) {
      ctx.addIssue({ code: 'custom', path: ['evidence'], message: 'a Done requirement needs at least one piece of evidence' });
    }
    if (r.status === 'not_according' && !r.reason?.trim()) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a Not According requirement needs a reason' });
    }
  });

export const ArchitectureItem = z
  .looseObject({
    id: Slug,
    name: nonEmpty,
    kind: z.string().min(1).describe('Item kind, e.g. rest-api, database, web-frontend'),
    alsoKinds: z.array(z.string().min(1)).optional().describe('Further kinds the item also is, e.g. web-frontend for an API server that also renders pages'),
    description: z.string().optional(),
    technologies: z.array(z.string()).optional().describe('Technologies used, e.g. node, postgres, jwt'),
    internetFacing: z.boolean().optional(),
    data: z.array(z.string()).optional().describe('Data the item holds or handles'),
    attackPatterns: z.array(CapecId).optional().describe('CAPEC attack patterns selected for this item'),
  })
  .superRefine((item, ctx) => {
    // A Set, not indexOf: a hostile list of 300,000 ids must not take minutes.
    const seen = new Set<string>();
    item.attackPatterns?.forEach((id, i) => {
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path: ['attackPatterns', i], message: `${id} is listed twice` });
      seen.add(id);
    });
  });

export const HistoryEntry = z.looseObject({
  at: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time such as 2026-11-27T10:00:00Z' }),
  by: z.string(),
  requirement: AsvsId.optional(),
  action: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  note: z.string().optional(),
});

export const Project = z
  .looseObject({
    id: Slug,
    name: nonEmpty.max(200),
    status: ProjectStatus.default('todo').describe('todo, running or done (done locks the requirements for review)'),
    description: z.string().optional(),
    estimatedHours: z.number().min(0).optional(),
    goal: z.string().optional(),
    scope: z.string().optional().describe('Scope and limitations'),
    team: z.array(z.string()).optional(),
    tags: z.array(z.string()).optional(),
    assets: z.array(z.string()).optional(),
    items: z.array(ArchitectureItem).default([]).describe('Architecture items: services, APIs, databases, UIs, queues, integrations'),
    requirements: z.array(Requirement).default([]).describe('OWASP ASVS requirements of the project'),
    history: z.array(HistoryEntry).default([]).describe('Append-only record of changes, written by the extension'),
  })
  .superRefine((p, ctx) => {
    duplicateIds(p.items, ['items'], 'architecture item', ctx);
    duplicateIds(p.requirements, ['requirements'], 'requirement', ctx);
    const itemIds = new Set(p.items.map((i) => i.id));
    p.requirements.forEach((r, ri) =>
      r.because?.forEach((b, bi) => {
        if (!itemIds.has(b.item)) {
          ctx.addIssue({
            code: 'custom',
            path: ['requirements', ri, 'because', bi, 'item'],
            message: `refers to architecture item "${b.item}", which this project does not have`,
          });
        }
      }),
    );
  });

export const ThreatModel = z
  .looseObject({
    version: z.literal(1, { message: 'version must be 1' }),
    asvs: AsvsEdition.default('5.0.0').describe('OWASP ASVS edition that requirement ids refer to'),
    projects: z.array(Project).default([]),
  })
  .superRefine((m, ctx) => duplicateIds(m.projects, ['projects'], 'project', ctx));

function duplicateIds(list: ReadonlyArray<{ id: string }>, path: (string | number)[], what: string, ctx: z.RefinementCtx): void {
  const seen = new Map<string, number>();
  list.forEach((entry, index) => {
    const first = seen.get(entry.id);
    if (first === undefined) {
      seen.set(entry.id, index);
    } else {
      ctx.addIssue({
        code: 'custom',
        path: [...path, index, 'id'],
        message: `duplicate ${what} id "${entry.id}" (first used by entry ${first + 1})`,
      });
    }
  });
}

export type ThreatModel = z.output<typeof ThreatModel>;
export type Project = z.output<typeof Project>;
export type Requirement = z.output<typeof Requirement>;
export type ArchitectureItem = z.output<typeof ArchitectureItem>;
export type Evidence = z.output<typeof Evidence>;
export type HistoryEntry = z.output<typeof HistoryEntry>;
export type ProjectStatus = z.output<typeof ProjectStatus>;
export type RequirementStatus = z.output<typeof RequirementStatus>;
export type AsvsEdition = z.output<typeof AsvsEdition>;
