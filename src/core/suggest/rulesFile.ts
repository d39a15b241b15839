// The suggestion-rules file format (catalogs/suggestion-rules.yaml, and a workspace's .threatmodel/rules.yaml):
// its zod schema and its parser. Strict objects: in a hand-written configuration an unknown key is a typo.
import { z } from 'zod';
import { parseConfigFile, type ConfigLimits, type FileProblem, type Locator } from './configFile';

export const RULES_FILE_VERSION = 1;

const Slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be a lower-case slug (a-z, 0-9, ".", "_", "-"; at most 64 characters)');
const Text = z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters');
const Spelling = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
const Weight = z.number({ message: 'must be a number' }).gt(0, 'must be more than 0').max(100, 'must be at most 100');
const CapecKey = z.string().regex(/^CAPEC-[1-9][0-9]{0,4}$/, 'must look like CAPEC-66');

const PatternEntry = z.union([Weight, z.strictObject({ weight: Weight, reason: Text })], {
  message: 'must be a weight (a number) or { weight, reason }',
});

const When = z
  .strictObject({
    kind: z.array(Slug).min(1, 'must list at least one kind').optional(),
    keywords: z.array(Spelling).min(1, 'must list at least one keyword').optional(),
    internetFacing: z.boolean({ message: 'must be true or false' }).optional(),
    data: z.array(Spelling).min(1, 'must list at least one data class').optional(),
  })
  .refine((w) => w.kind !== undefined || w.keywords !== undefined || w.internetFacing !== undefined || w.data !== undefined, {
    message: 'needs at least one condition: kind, keywords, internetFacing or data',
  });

/** Facts that switch a rule off: any one listed kind, keyword or data class found in the item. */
const Unless = z
  .strictObject({
    kind: z.array(Slug).min(1, 'must list at least one kind').optional(),
    keywords: z.array(Spelling).min(1, 'must list at least one keyword').optional(),
    data: z.array(Spelling).min(1, 'must list at least one data class').optional(),
  })
  .refine((u) => u.kind !== undefined || u.keywords !== undefined || u.data !== undefined, {
    message: 'needs at least one of kind, keywords or data',
  });

export const RuleSchema = z
  .strictObject({
    id: Slug,
    /** Switches off the rule of the same id from the built-in file (and needs nothing else). */
    disabled: z.boolean().optional(),
    when: When.optional(),
    unless: Unless.optional(),
    reason: Text.optional(),
    patterns: z.record(CapecKey, PatternEntry).optional(),
  })
  .superRefine((rule, ctx) => {
    if (rule.disabled) return;
    if (!rule.when) ctx.addIssue({ code: 'custom', path: ['when'], message: 'is required (or set "disabled: true")' });
    const entries = Object.entries(rule.patterns ?? {});
    if (entries.length === 0) ctx.addIssue({ code: 'custom', path: ['patterns'], message: 'must map at least one CAPEC id to a weight' });
    if (rule.reason === undefined) {
      for (const [id, entry] of entries) {
        if (typeof entry === 'number') {
          ctx.addIssue({ code: 'custom', path: ['patterns', id], message: 'needs a reason: give the rule a "reason" or write { weight, reason }' });
        }
      }
    }
  });

const SpellingTable = z.record(Spelling, z.array(Spelling));

export const RulesFileSchema = z
  .strictObject({
    version: z.literal(RULES_FILE_VERSION, { message: `version must be ${RULES_FILE_VERSION}` }),
    keywords: SpellingTable.optional(),
    dataClasses: SpellingTable.optional(),
    notInText: z.array(Spelling).optional(),
    /** Phrases that are not keywords although words inside them are ("threat composer", "vector database"). */
    ignore: z.array(Spelling).optional(),
    rules: z.array(RuleSchema).default([]),
  })
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>();
    file.rules.forEach((rule, index) => {
      const first = seen.get(rule.id);
      if (first === undefined) seen.set(rule.id, index);
      else ctx.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: `duplicate rule id "${rule.id}" (first used by rule #${first + 1})` });
    });
  });

export type RuleInput = z.output<typeof RuleSchema>;
export type RulesFileInput = z.output<typeof RulesFileSchema>;

/** A parsed rules file, with what is needed to locate its parts for later (semantic) problems. */
export interface RulesDocument {
  readonly file: string;
  readonly data: RulesFileInput;
  readonly locate: Locator;
}

export type RulesFileResult = { readonly ok: true; readonly document: RulesDocument } | { readonly ok: false; readonly problems: FileProblem[] };

/** Parses and validates a rules file. Never throws: every problem comes back located in the text. */
export function parseRulesFile(text: string, file: string, limits?: ConfigLimits): RulesFileResult {
  const result = parseConfigFile(text, file, RulesFileSchema, { rules: 'rule' }, limits);
  if (result.ok) return { ok: true, document: { file, data: result.value, locate: result.locate } };
  return { ok: false, problems: result.problems.map(withHint) };
}

// The likeliest cause of an unknown key inside a pattern entry: an unquoted reason with a comma in a
// `{ weight, reason }` flow mapping, which YAML splits into more keys.
function withHint(p: FileProblem): FileProblem {
  if (!/\.patterns\.CAPEC-/.test(p.path ?? '') || !p.message.includes('Unrecognized key')) return p;
  return { ...p, message: `${p.message} (a comma inside { } starts a new key: put the reason in quotes)` };
}
