// From the attack patterns selected for a project's items to the ASVS requirements that follow, each
// remembering every {item, capec} that caused it: the `because` list of the threat model file, with the
// mapping provenance behind each cause. Requirements always come from the catalog mapping.
import { normalizeCapecId } from '../catalog/ids';
import { requirementsForPatterns, type CatalogIndexes } from '../catalog/requirementsForPatterns';
import { relevanceOrder } from '../catalog/requirementsForPatterns';
import type { AsvsLevel, AsvsRequirement, MappingMethod, Provenance, Relevance } from '../catalog/types';
import { MAPPING_METHODS } from '../catalog/types';

/** The part of an architecture item this needs. */
export interface ItemWithPatterns {
  readonly id: string;
  readonly attackPatterns?: readonly string[];
}

/** One entry of a requirement's `because` in the model file. */
export interface Because {
  readonly item: string;
  readonly capec: string;
}

export interface RequirementProvenance extends Because {
  /** When `capec` is a retired id: the active pattern whose mapping was used. */
  readonly via?: string;
  readonly provenance: readonly Provenance[];
}

export interface ProjectRequirement {
  /** "V1.2.5", as the catalog and the model file write it. */
  readonly id: string;
  readonly requirement: AsvsRequirement;
  /** Every item and pattern that leads here, in item order then pattern order, without duplicates. */
  readonly because: readonly Because[];
  /** The same causes with the mapping's reasons, one entry per cause (and replacement pattern). */
  readonly provenance: readonly RequirementProvenance[];
  /** Union of the mapping methods involved, strongest first. */
  readonly methods: readonly MappingMethod[];
  /** The strongest relevance among the causes (absent when none was reviewed), and why, from that cause. */
  readonly relevance?: Relevance;
  readonly rationale?: string;
}

export interface RequirementsForItemsOptions {
  /** Keep only requirements that apply at this ASVS level (a level-1 requirement applies at 1, 2 and 3). */
  readonly level?: AsvsLevel;
}

export interface RequirementsForItemsResult {
  /** In the standard's order. */
  readonly requirements: ProjectRequirement[];
  /** Selected ids that are not CAPEC patterns at all (typos, ids from another catalog version). */
  readonly unknownPatterns: Because[];
  /** Selected patterns that lead to no requirement in this edition (before the level filter). */
  readonly patternsWithoutRequirements: Because[];
}

export function requirementsForItems(
  items: readonly ItemWithPatterns[],
  catalogs: CatalogIndexes,
  options: RequirementsForItemsOptions = {},
): RequirementsForItemsResult {
  const found = new Map<
    string,
    { requirement: AsvsRequirement; because: Because[]; keys: Set<string>; provenance: RequirementProvenance[]; methods: Set<MappingMethod>; relevance?: Relevance; rationale?: string }
  >();
  const unknownPatterns: Because[] = [];
  const patternsWithoutRequirements: Because[] = [];
  for (const item of items) {
    const seen = new Set<string>();
    for (const raw of item.attackPatterns ?? []) {
      const capec = normalizeCapecId(raw);
      if (capec === undefined || !catalogs.capec.resolve(capec)) {
        unknownPatterns.push({ item: item.id, capec: raw });
        continue;
      }
      if (seen.has(capec)) continue;
      seen.add(capec);
      // One pattern at a time, so every requirement knows exactly which {item, capec} led to it.
      const derived = requirementsForPatterns(catalogs, [capec]);
      if (derived.length === 0) patternsWithoutRequirements.push({ item: item.id, capec });
      for (const d of derived) {
        let entry = found.get(d.requirement.id);
        if (!entry) {
          entry = { requirement: d.requirement, because: [], keys: new Set(), provenance: [], methods: new Set() };
          found.set(d.requirement.id, entry);
        }
        const key = `${item.id}\u0000${capec}`;
        if (!entry.keys.has(key)) {
          entry.keys.add(key);
          entry.because.push({ item: item.id, capec });
        }
        for (const cause of d.causes) {
          entry.provenance.push({ item: item.id, capec, ...(cause.via ? { via: cause.via } : {}), provenance: cause.provenance });
          if (cause.relevance && (entry.relevance === undefined || relevanceOrder(cause.relevance) < relevanceOrder(entry.relevance))) {
            entry.relevance = cause.relevance;
            entry.rationale = cause.rationale;
          }
        }
        for (const m of d.methods) entry.methods.add(m);
      }
    }
  }
  const requirements: ProjectRequirement[] = [];
  for (const e of found.values()) {
    if (options.level !== undefined && e.requirement.level > options.level) continue;
    requirements.push({
      id: e.requirement.id,
      requirement: e.requirement,
      because: e.because,
      provenance: e.provenance,
      methods: MAPPING_METHODS.filter((m) => e.methods.has(m)),
      ...(e.relevance ? { relevance: e.relevance } : {}),
      ...(e.rationale ? { rationale: e.rationale } : {}),
    });
  }
  requirements.sort((a, b) => catalogs.asvs.orderOf(a.id) - catalogs.asvs.orderOf(b.id));
  return { requirements, unknownPatterns, patternsWithoutRequirements };
}
