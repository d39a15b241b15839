// From a set of selected attack patterns to the ASVS requirements that follow, each remembering which
// pattern(s) led to it and why. Requirements always come from the catalog mapping, never from elsewhere.
import type { AsvsIndex } from './asvsIndex';
import type { CapecIndex } from './capecIndex';
import type { MappingIndex } from './mappingIndex';
import type { AsvsRequirement, MappingMethod, Provenance, Relevance } from './types';
import { MAPPING_METHODS, RELEVANCES } from './types';

export interface RequirementCause {
  /** The pattern id as selected (normalised, e.g. "CAPEC-66"). */
  capec: string;
  /** When `capec` is a retired id: the active pattern whose links were used instead. */
  via?: string;
  provenance: readonly Provenance[];
  /** The review's verdict on this link; absent while the pattern is unreviewed. */
  relevance?: Relevance;
  /** Why the requirement counts against the attack (primary and supporting links). */
  rationale?: string;
  /** Order among the pattern's links of the same relevance, most direct first. */
  rank?: number;
}

export interface DerivedRequirement {
  requirement: AsvsRequirement;
  /** One entry per selected pattern (and replacement) that leads to the requirement, in selection order. */
  causes: RequirementCause[];
  /** Union of the provenance methods of all causes, strongest first. */
  methods: MappingMethod[];
  /** The strongest relevance among the causes; absent when no cause was reviewed. */
  relevance?: Relevance;
}

export interface DerivationOptions {
  /**
   * Every link: also those the review judged "related" (they share a weakness but do not address the
   * attack) and those past the first DEFAULT_LINKS_PER_PATTERN of a pattern. Lists show them only on
   * request; they are never added to a project by default.
   */
  readonly includeRelated?: boolean;
}

/** A pattern's primary and supporting links shown and added by default, most direct first; a wall of them helps nobody. */
export const DEFAULT_LINKS_PER_PATTERN = 10;

/** Sort key of a relevance: primary, supporting, unreviewed, related. */
export function relevanceOrder(r: Relevance | undefined): number {
  return r === undefined ? 2 : r === 'related' ? 3 : RELEVANCES.indexOf(r);
}

export interface CatalogIndexes {
  capec: CapecIndex;
  asvs: AsvsIndex;
  mapping: MappingIndex;
}

/**
 * Requirements for the given patterns, deduplicated: primary first, then supporting, unreviewed and (on
 * request) related, each group most direct first, then in the standard's order. Retired ids use the
 * patterns they were replaced by; unknown ids contribute nothing (check them with CapecIndex.resolve first).
 */
export function requirementsForPatterns(indexes: CatalogIndexes, patternIds: Iterable<string>, options: DerivationOptions = {}): DerivedRequirement[] {
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
      // The mapping lists a reviewed pattern's links by relevance and rank, so the first ones are the most direct.
      const links = mapping.linksForPattern(source).filter((l) => options.includeRelated || l.relevance !== 'related');
      const reviewed = links.some((l) => l.relevance);
      for (const link of options.includeRelated || !reviewed ? links : links.slice(0, DEFAULT_LINKS_PER_PATTERN)) {
        const requirement = asvs.requirement(link.requirement);
        if (!requirement) continue; // a mapping never names a missing requirement; tolerate a mismatched file
        let entry = found.get(requirement.id);
        if (!entry) {
          entry = { requirement, causes: [], methods: [] };
          found.set(requirement.id, entry);
        }
        const review = { relevance: link.relevance, rationale: link.rationale, rank: link.rank };
        entry.causes.push(resolved.kind === 'pattern' ? { capec: source, provenance: link.provenance, ...review } : { capec: resolved.id, via: source, provenance: link.provenance, ...review });
        if (link.relevance && (entry.relevance === undefined || relevanceOrder(link.relevance) < relevanceOrder(entry.relevance))) entry.relevance = link.relevance;
        for (const p of link.provenance) if (!entry.methods.includes(p.method)) entry.methods.push(p.method);
      }
    }
  }
  const result = [...found.values()];
  for (const r of result) r.methods.sort((a, b) => MAPPING_METHODS.indexOf(a) - MAPPING_METHODS.indexOf(b));
  const rank = (r: DerivedRequirement) => Math.min(...r.causes.filter((c) => c.relevance === r.relevance).map((c) => c.rank ?? 99), 99);
  return result.sort(
    (a, b) => relevanceOrder(a.relevance) - relevanceOrder(b.relevance) || rank(a) - rank(b) || asvs.orderOf(a.requirement.id) - asvs.orderOf(b.requirement.id),
  );
}
