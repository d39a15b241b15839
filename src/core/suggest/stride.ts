// STRIDE categories and which CAPEC attack patterns realise each (catalogs/stride.yaml). Used to check that
// the rules cover every category that applies to a kind of item, and to say which kind of threat a
// suggestion is.
import { z } from 'zod';
import { parseConfigFile, SuggestionDataError } from './configFile';

export const STRIDE_CATEGORIES = ['spoofing', 'tampering', 'repudiation', 'information-disclosure', 'denial-of-service', 'elevation-of-privilege'] as const;
export type StrideCategory = (typeof STRIDE_CATEGORIES)[number];

const CapecId = z.string().regex(/^CAPEC-[1-9][0-9]{0,4}$/, 'must look like CAPEC-66');

export const StrideFileSchema = z.strictObject({
  version: z.literal(1, { message: 'version must be 1' }),
  categories: z.strictObject(Object.fromEntries(STRIDE_CATEGORIES.map((c) => [c, z.array(CapecId).min(1)])) as Record<StrideCategory, z.ZodArray<typeof CapecId>>),
});

export class StrideTable {
  private readonly byPattern = new Map<string, StrideCategory[]>();

  constructor(readonly categories: Readonly<Record<StrideCategory, readonly string[]>>) {
    for (const category of STRIDE_CATEGORIES) {
      for (const id of categories[category]) this.byPattern.set(id, [...(this.byPattern.get(id) ?? []), category]);
    }
  }

  /** The categories a pattern belongs to; empty for a pattern the table does not classify. */
  of(capec: string): readonly StrideCategory[] {
    return this.byPattern.get(capec) ?? [];
  }

  /** Every classified pattern. */
  patterns(): string[] {
    return [...this.byPattern.keys()];
  }
}

/** Parses stride.yaml; a broken shipped file throws. */
export function loadStrideTable(text: string, file: string): StrideTable {
  const result = parseConfigFile(text, file, StrideFileSchema, {});
  if (!result.ok) throw new SuggestionDataError(result.problems);
  return new StrideTable(result.value.categories);
}
