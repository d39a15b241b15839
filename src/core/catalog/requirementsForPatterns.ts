// From a set of selected attack patterns to the ASVS requirements that follow, each remembering which
// pattern(s) led to it and why. Requirements always come from the catalog mapping, never from elsewhere.
import type { AsvsIndex } from './asvsIndex';
import type { CapecIndex } from './capecIndex';
import type { MappingIndex } from './mappingIndex';
import type { AsvsRequirement, MappingMethod, Provenance } from './types';
import { MAPPING_METHODS } from './types';

export interface RequirementCause {
  /** The pattern id as selected (normalised, e.g. "CAPEC-66"). */
  capec: string;
  /** When `capec` is a retired id: the active pattern whose links were used instead. */
  via?: string;
  provenance: readonly Provenance[];
}

export interface DerivedRequirement {
  requirement: AsvsRequirement;
  /** One entry per selected pattern (and replacement) that leads to the requirement, in selection order. */
  causes: RequirementCause[];
  /** Union of the provenance methods of all causes, strongest first. */
  methods: MappingMethod[];
}

export interface CatalogIndexes {
  capec: CapecIndex;
  asvs: AsvsIndex;
  mapping: MappingIndex;
}

/**
 * Requirements for the given patterns, deduplicated, in the standard's order. Retired ids use the patterns
 * they were replaced by; unknown ids contribute nothing (check them with CapecIndex.resolve first).
 */
export function requirementsForPatterns(indexes: CatalogIndexes, patternIds: Iterable<string>): DerivedRequirement[] {
  const { capec, asvs, mapping } = indexes;
  if (asvs.edition !== mapping.edition) {
    throw new Error(`ASVS ${asvs.edition} catalog used with the ${mapping.edition} mapping`);
  }
  const found = new Map<string, DerivedRequirement>();
  const seen = new Set<string>();
  for (const raw of patternIds) {
    const resolved = capec.resolve(raw);
    if (!resolved || seen.has(resolved.id)) continue;
    seen.add(resolved.id);
    const sources = resolved.kind === 'pattern' ? [resolved.id] : resolved.replacedBy.map((p) => p.id);
    for (const source of sources) {
      for (const link of mapping.linksForPattern(source)) {
        const requirement = asvs.requirement(link.requirement);
        if (!requirement) continue; // a mapping never names a missing requirement; tolerate a mismatched file
        let entry = found.get(requirement.id);
        if (!entry) {
          entry = { requirement, causes: [], methods: [] };
          found.set(requirement.id, entry);
        }
        entry.causes.push(resolved.kind === 'pattern' ? { capec: source, provenance: link.provenance } : { capec: resolved.id, via: source, provenance: link.provenance });
        for (const p of link.provenance) if (!entry.methods.includes(p.method)) entry.methods.push(p.method);
      }
    }
  }
  const result = [...found.values()];
  for (const r of result) r.methods.sort((a, b) => MAPPING_METHODS.indexOf(a) - MAPPING_METHODS.indexOf(b));
  return result.sort((a, b) => asvs.orderOf(a.requirement.id) - asvs.orderOf(b.requirement.id));
}
