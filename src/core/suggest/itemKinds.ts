// The architecture item taxonomy (catalogs/item-kinds.yaml): kinds with label, icon, description, aliases
// and default attack patterns; resolution of the `kind` strings people and models write.
import { z } from 'zod';
import { parseConfigFile, SuggestionDataError, type FileProblem } from './configFile';
import { STRIDE_CATEGORIES } from './stride';

const Slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be a lower-case slug (a-z, 0-9, ".", "_", "-"; at most 64 characters)');

const ItemKindSchema = z.strictObject({
  id: Slug,
  label: z.string().trim().min(1).max(80),
  icon: z.string().regex(/^[a-z0-9-]+$/, 'must be a codicon name such as "database"'),
  description: z.string().trim().min(1).max(300),
  aliases: z.array(Slug).default([]),
  defaultAttackPatterns: z.array(z.string().regex(/^CAPEC-[1-9][0-9]{0,4}$/, 'must look like CAPEC-66')).default([]),
  /** The STRIDE categories that apply to this kind of element. */
  stride: z.array(z.enum(STRIDE_CATEGORIES)).default([]),
});

export const ItemKindsFileSchema = z
  .strictObject({
    version: z.literal(1, { message: 'version must be 1' }),
    kinds: z.array(ItemKindSchema).min(1),
  })
  .superRefine((file, ctx) => {
    // Ids and aliases share one name space: a `kind` string must resolve to exactly one kind.
    const owner = new Map<string, string>();
    file.kinds.forEach((kind, index) => {
      const names: Array<[string, (string | number)[]]> = [[kind.id, ['kinds', index, 'id']], ...kind.aliases.map((a, ai): [string, (string | number)[]] => [a, ['kinds', index, 'aliases', ai]])];
      for (const [name, path] of names) {
        const other = owner.get(name);
        if (other !== undefined) ctx.addIssue({ code: 'custom', path, message: `"${name}" is already used by kind "${other}"` });
        else owner.set(name, kind.id);
      }
    });
  });

export type ItemKind = z.output<typeof ItemKindSchema>;

export class ItemKindTaxonomy {
  private readonly byName = new Map<string, ItemKind>();

  constructor(readonly kinds: readonly ItemKind[]) {
    for (const kind of kinds) {
      this.byName.set(kind.id, kind);
      for (const alias of kind.aliases) this.byName.set(alias, kind);
    }
  }

  /** The kind for an id or alias, case- and separator-insensitive ("REST API", "rest_api" -> rest-api). */
  resolve(kind: string | undefined): ItemKind | undefined {
    if (kind === undefined) return undefined;
    return this.byName.get(kind) ?? this.byName.get(normalizeKind(kind));
  }

  /** The kind's id for an id or alias; unknown kinds come back normalised, so rules can still name them. */
  canonicalId(kind: string): string {
    return this.resolve(kind)?.id ?? normalizeKind(kind);
  }

  ids(): string[] {
    return this.kinds.map((k) => k.id);
  }
}

function normalizeKind(kind: string): string {
  return kind
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Parses item-kinds.yaml; `problems` is empty when it is valid. */
export function parseItemKinds(text: string, file: string): { taxonomy?: ItemKindTaxonomy; problems: FileProblem[] } {
  const result = parseConfigFile(text, file, ItemKindsFileSchema, { kinds: 'kind' });
  return result.ok ? { taxonomy: new ItemKindTaxonomy(result.value.kinds), problems: [] } : { problems: result.problems };
}

/** Like parseItemKinds, for the shipped file: a broken one throws. */
export function loadItemKinds(text: string, file: string): ItemKindTaxonomy {
  const { taxonomy, problems } = parseItemKinds(text, file);
  if (!taxonomy) throw new SuggestionDataError(problems);
  return taxonomy;
}
