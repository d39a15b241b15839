// Indexed, read-only view of one CAPEC -> ASVS mapping file: links by pattern and by requirement.
import { normalizeCapecId, normalizeRequirementId } from './ids';
import type { AsvsEdition, MappingFile, MappingLink, UnmappedPattern } from './types';

export class MappingIndex {
  readonly edition: AsvsEdition;
  readonly links: readonly MappingLink[];
  private readonly byCapec = new Map<string, MappingLink[]>();
  private readonly byRequirement = new Map<string, MappingLink[]>();
  private readonly unmappedById = new Map<string, UnmappedPattern>();

  constructor(readonly file: MappingFile) {
    this.edition = file.meta.edition;
    this.links = file.links;
    for (const link of file.links) {
      push(this.byCapec, link.capec, link);
      push(this.byRequirement, link.requirement, link);
    }
    for (const u of file.unmapped) this.unmappedById.set(u.capec, u);
  }

  /** Links of one pattern, in the standard's requirement order. */
  linksForPattern(capecId: string): readonly MappingLink[] {
    const key = normalizeCapecId(capecId);
    return (key !== undefined ? this.byCapec.get(key) : undefined) ?? [];
  }

  /** Links that lead to one requirement, in CAPEC id order. */
  linksForRequirement(requirementId: string): readonly MappingLink[] {
    const key = normalizeRequirementId(requirementId);
    return (key !== undefined ? this.byRequirement.get(key) : undefined) ?? [];
  }

  /** The reviewer's reason when a pattern was deliberately left without requirements. */
  unmapped(capecId: string): UnmappedPattern | undefined {
    const key = normalizeCapecId(capecId);
    return key === undefined ? undefined : this.unmappedById.get(key);
  }

  /** Ids of the patterns that have at least one link. */
  mappedPatterns(): string[] {
    return [...this.byCapec.keys()];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
