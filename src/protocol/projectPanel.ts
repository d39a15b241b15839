// Messages between the project panel (webview) and the extension host. Both sides validate what they
// receive: strict objects (an unknown key is an error, not silently dropped), capped strings and arrays, so a
// message that is not ours, or too big to be one, is refused whole. The caps are the view builder's, which
// clips what it takes from the model file to them.
import { z } from 'zod';
import { PROJECT_VIEW_LIMITS as L, REQUIREMENT_ACTIONS, type ProjectView } from '../core/details/projectView';
import { REQUIREMENT_STATUSES, PROJECT_STATUSES } from '../core/model/schema';

const short = z.string().max(L.short);
const text = z.string().max(L.text);
const words = z.array(short).max(L.listItems);
const asvs = z.string().regex(/^V[1-9][0-9]?\.[0-9]{1,2}\.[0-9]{1,2}$/);
const capec = z.string().regex(/^CAPEC-[1-9][0-9]{0,4}$/);
const status = z.enum(REQUIREMENT_STATUSES);
const line = z.int().min(1).max(100_000_000);
const count = z.int().min(0).max(100_000_000);
const revision = z.int().min(0).max(Number.MAX_SAFE_INTEGER);

export const PROJECT_TABS = ['overview', 'history'] as const;

export const ProjectViewSchema: z.ZodType<ProjectView> = z.strictObject({
  id: short,
  name: short,
  status: z.enum(PROJECT_STATUSES),
  statusLabel: short,
  locked: z.boolean(),
  edition: z.string().max(16),
  estimatedHours: z.number().min(0).optional(),
  description: text.optional(),
  goal: text.optional(),
  scope: text.optional(),
  team: words,
  tags: words,
  assets: words,
  progress: z.strictObject({
    total: count,
    complete: count,
    percent: z.int().min(0).max(100),
    segments: z.array(z.strictObject({ status, label: short, count })).max(REQUIREMENT_STATUSES.length),
    summary: z.string().max(1_000),
  }),
  items: z
    .array(
      z.strictObject({
        id: short,
        name: short,
        kind: short,
        alsoKinds: words,
        technologies: words,
        data: words,
        internetFacing: z.boolean(),
        description: text.optional(),
        patterns: z.array(z.strictObject({ id: capec, name: short.optional() })).max(L.patternsPerItem),
      }),
    )
    .max(L.items),
  requirements: z
    .array(
      z.strictObject({
        id: asvs,
        text: z.string().max(L.requirementText).optional(),
        level: z.int().min(1).max(3).optional(),
        chapter: short.optional(),
        status,
        statusLabel: short,
        because: z.array(z.strictObject({ item: short, itemName: short, capec })).max(L.becausePerRequirement),
        evidenceCount: count,
        justification: text.optional(),
        reason: text.optional(),
        actions: z.array(z.enum(REQUIREMENT_ACTIONS)).max(REQUIREMENT_ACTIONS.length),
      }),
    )
    .max(L.requirements),
  history: z
    .array(
      z.strictObject({
        at: z.string().max(64),
        by: short,
        requirement: z.string().max(64).optional(),
        from: short.optional(),
        to: short.optional(),
        action: short.optional(),
        note: text.optional(),
      }),
    )
    .max(L.history),
  evidence: z
    .array(
      z.strictObject({
        requirementId: asvs,
        index: count,
        type: z.enum(['code', 'file', 'text']),
        path: z.string().max(L.path).optional(),
        lines: z.tuple([line, line]).optional(),
        text: text.optional(),
        note: text.optional(),
        openable: z.boolean(),
      }),
    )
    .max(L.evidence),
  totals: z.strictObject({ items: count, requirements: count, history: count, evidence: count }),
});

export const HostToProject = z.discriminatedUnion('type', [
  /** The project as it is now; `readOnly` in Restricted Mode, where only Reveal is offered. */
  z.strictObject({ type: z.literal('show'), revision, view: ProjectViewSchema, readOnly: z.boolean() }),
  /** The project is gone (removed, renamed id, the file deleted or invalid): why, in words. */
  z.strictObject({ type: z.literal('unavailable'), revision, name: short, message: z.string().max(1_000) }),
]);
export type HostToProject = z.infer<typeof HostToProject>;

export const ProjectToHost = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  /** After each render: which message is on screen and which tab, so the host and its tests know the panel works. */
  z.strictObject({ type: z.literal('rendered'), revision, tab: z.enum(PROJECT_TABS) }),
  /** One of the tree's requirement commands; the host runs it with the tree's argument shape. */
  z.strictObject({ type: z.literal('requirementAction'), action: z.enum(REQUIREMENT_ACTIONS), requirementId: asvs, expectedStatus: status }),
  /** Evidence by position: the host looks the path up in the model, never taking one from here. */
  z.strictObject({ type: z.literal('openEvidence'), requirementId: asvs, index: z.int().min(0).max(L.evidence) }),
  /** A pattern's or requirement's catalog detail panel (the host checks the id fits the kind). */
  z.strictObject({ type: z.literal('showDetails'), kind: z.enum(['pattern', 'requirement']), id: z.union([capec, asvs]) }),
]);
export type ProjectToHost = z.infer<typeof ProjectToHost>;
