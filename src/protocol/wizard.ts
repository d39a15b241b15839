// Messages between the "Start New Project" wizard (webview) and the extension host. Both sides validate
// what they receive: strict objects, capped strings and arrays, so that anything that is not one of these
// messages, or is too big to be one, is refused whole. The webview owns the draft; the host computes
// (suggestions, search, requirements, validation) and saves.
import { z } from 'zod';

const short = z.string().max(200);
const text = z.string().max(5_000);
/** The form's long fields: as long as core lets a goal or scope be. */
const longText = z.string().max(10_000);
const id = z.string().max(64);
const capec = z.string().regex(/^CAPEC-[1-9][0-9]{0,4}$/);
const asvs = z.string().regex(/^V[1-9][0-9]?\.[0-9]{1,2}\.[0-9]{1,2}$/);
const key = z.string().regex(/^[a-z0-9-]{1,40}$/);
const words = z.array(short).max(100);

export const WIZARD_STEPS = ['items', 'patterns', 'requirements', 'save'] as const;
export const MAX_ITEMS = 100;

/** One architecture item as the person enters it. `patterns` is undefined until they change the pre-selection. */
export const DraftItem = z.strictObject({
  key,
  name: short,
  kind: id,
  alsoKinds: z.array(id).max(10),
  technologies: words,
  description: text,
  internetFacing: z.boolean(),
  data: words,
  patterns: z.array(capec).max(500).optional(),
});
export type DraftItem = z.infer<typeof DraftItem>;

/** The form of step 4, as typed (numbers and lists are parsed when validated). */
export const DraftDetails = z.strictObject({
  name: short,
  estimatedHours: z.string().max(20),
  goal: longText,
  scope: longText,
  team: longText,
  tags: longText,
  assets: longText,
});
export type DraftDetails = z.infer<typeof DraftDetails>;

export const WizardDraft = z.strictObject({
  step: z.enum(WIZARD_STEPS),
  items: z.array(DraftItem).max(MAX_ITEMS),
  /** Requirements the person unticked in step 3. */
  deselected: z.array(asvs).max(2_000),
  details: DraftDetails,
});
export type WizardDraft = z.infer<typeof WizardDraft>;

export const SuggestionView = z.strictObject({
  capec,
  name: short,
  summary: text,
  severity: z.string().max(16).optional(),
  likelihood: z.string().max(16).optional(),
  reasons: z.array(z.string().max(500)).max(20),
  preselected: z.boolean(),
});
export type SuggestionView = z.infer<typeof SuggestionView>;

export const RequirementView = z.strictObject({
  id: asvs,
  text,
  chapter: short,
  level: z.int().min(1).max(3),
  relevance: z.enum(['primary', 'supporting']),
  because: z.array(z.strictObject({ item: key, capec })).max(1_000),
  rationale: z.string().max(1_000).optional(),
});
export type RequirementView = z.infer<typeof RequirementView>;

export const KindView = z.strictObject({ id, label: short, description: text });

export const HostToWizard = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('init'),
    kinds: z.array(KindView).max(200),
    technologies: z.array(short).max(2_000),
    edition: z.string().max(16),
    draft: WizardDraft.optional(),
    /** Set when the panel edits an existing project: its details (step 4 only) or its architecture (steps 1-3). */
    editing: z.strictObject({ projectId: id, projectName: short, scope: z.enum(['details', 'architecture']) }).optional(),
  }),
  z.strictObject({ type: z.literal('suggestions'), itemKey: key, suggestions: z.array(SuggestionView).max(200) }),
  z.strictObject({ type: z.literal('searchResults'), itemKey: key, query: short, results: z.array(SuggestionView).max(50) }),
  z.strictObject({ type: z.literal('requirements'), requirements: z.array(RequirementView).max(2_000), patternsWithoutRequirements: z.array(capec).max(500) }),
  z.strictObject({ type: z.literal('problems'), problems: z.array(z.strictObject({ field: id, message: z.string().max(500) })).max(20) }),
  z.strictObject({ type: z.literal('saved'), projectId: id, projectName: short }),
  z.strictObject({ type: z.literal('error'), message: z.string().max(2_000) }),
]);
export type HostToWizard = z.infer<typeof HostToWizard>;

export const WizardToHost = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  /** Sent on every change so that closing the panel loses nothing. */
  z.strictObject({ type: z.literal('draftChanged'), draft: WizardDraft }),
  z.strictObject({ type: z.literal('suggest'), item: DraftItem }),
  z.strictObject({ type: z.literal('search'), itemKey: key, query: short }),
  z.strictObject({ type: z.literal('derive'), items: z.array(z.strictObject({ key, patterns: z.array(capec).max(500) })).max(MAX_ITEMS) }),
  z.strictObject({ type: z.literal('validate'), details: DraftDetails }),
  z.strictObject({ type: z.literal('showPattern'), capec }),
  z.strictObject({ type: z.literal('save'), draft: WizardDraft }),
  z.strictObject({ type: z.literal('discard') }),
  /** After each render: what step is on screen, so the host and its tests know the panel works. */
  z.strictObject({ type: z.literal('rendered'), step: z.enum(WIZARD_STEPS) }),
]);
export type WizardToHost = z.infer<typeof WizardToHost>;

export function emptyDraft(): WizardDraft {
  return { step: 'items', items: [], deselected: [], details: { name: '', estimatedHours: '', goal: '', scope: '', team: '', tags: '', assets: '' } };
}

/** "a, b\nc" -> ["a", "b", "c"]: how the form's list fields are typed. */
export function splitList(value: string): string[] {
  return value
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
