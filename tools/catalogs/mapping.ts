// Computes the CAPEC -> ASVS links of one edition, each with the provenance that justifies it.
//
//   cwe           a CWE of the pattern is the requirement's CWE
//   cwe-parent    per CWE, only when that CWE matches no requirement itself: its ChildOf parent does
//                 (as a fallback it adds reach without burying exact matches under generic parents)
//   curated       hand-reviewed links from catalogs/curated-links.yaml
//   capec-parent  a pattern with none of the above inherits the links of its nearest ancestor(s) that
//                 have some, unless a reviewer recorded that it has no ASVS counterpart
//   review        found by the relevance review (catalogs/review/), which also decides every reviewed
//                 link's relevance: primary, supporting, related, or dropped
import type {
  AsvsEdition,
  AsvsRequirement,
  AttackPattern,
  MappingFile,
  MappingLink,
  Provenance,
  UnmappedPattern,
} from '../../src/core/catalog/types';
import { CATALOG_SCHEMA_VERSION, MAPPING_METHODS, RELEVANCES } from '../../src/core/catalog/types';
import type { EditionCuration } from './curated';
import type { CweParents } from './cweHierarchy';
import { byIdNumber } from './io';
import type { ReviewDecisions } from './review';
import { ASVS_ATTRIBUTION, ASVS_LICENSE, CAPEC_VERSION, GENERATED_BY, SOURCES } from './sources';

export interface MappingInput {
  edition: AsvsEdition;
  patterns: AttackPattern[];
  requirements: AsvsRequirement[];
  cweParents: CweParents;
  curation: EditionCuration;
  /** The relevance review's decisions for this edition (patterns absent from it stay unreviewed). */
  review?: ReviewDecisions;
}

export function buildMapping(input: MappingInput): MappingFile {
  const { edition, patterns, requirements, cweParents, curation } = input;
  const derived = edition === '5.0.0';
  const reqOrder = new Map(requirements.map((r, i) => [r.id, i]));
  for (const req of curation.excludeFromCweJoin.keys()) {
    if (!reqOrder.has(req)) throw new Error(`curated excludeFromCweJoin ${edition}: unknown requirement ${req}`);
  }
  const byCwe = new Map<string, string[]>();
  for (const r of requirements) {
    if (curation.excludeFromCweJoin.has(r.id)) continue;
    for (const cwe of r.cwes) byCwe.set(cwe, [...(byCwe.get(cwe) ?? []), r.id]);
  }
  const patternIds = new Set(patterns.map((p) => p.id));

  // Direct links: pattern -> requirement -> provenance
  const direct = new Map<string, Map<string, Provenance[]>>();
  const addTo = (map: Map<string, Map<string, Provenance[]>>, capec: string, req: string, p: Provenance): void => {
    const perPattern = map.get(capec) ?? new Map<string, Provenance[]>();
    perPattern.set(req, [...(perPattern.get(req) ?? []), p]);
    map.set(capec, perPattern);
  };

  for (const pattern of patterns) {
    for (const cwe of pattern.cwes) {
      const exact = byCwe.get(cwe) ?? [];
      for (const req of exact) addTo(direct, pattern.id, req, derived ? { method: 'cwe', cwe, derived } : { method: 'cwe', cwe });
      if (exact.length > 0) continue;
      for (const parent of cweParents.get(cwe) ?? []) {
        for (const req of byCwe.get(parent) ?? []) {
          addTo(direct, pattern.id, req, derived ? { method: 'cwe-parent', cwe, parent, derived } : { method: 'cwe-parent', cwe, parent });
        }
      }
    }
  }
  for (const link of curation.links) {
    if (!patternIds.has(link.capec)) throw new Error(`curated ${edition}: ${link.capec} is not an active pattern`);
    if (!reqOrder.has(link.requirement)) throw new Error(`curated ${edition}: ${link.capec} -> unknown requirement ${link.requirement}`);
    addTo(direct, link.capec, link.requirement, { method: 'curated', rationale: link.rationale });
  }

  const unmapped: UnmappedPattern[] = [];
  for (const [capec, reason] of curation.noCounterpart) {
    if (!patternIds.has(capec)) throw new Error(`curated noCounterpart: ${capec} is not an active pattern`);
    if (direct.has(capec)) {
      throw new Error(`curated noCounterpart: ${capec} has ${edition} links by CWE or curation; remove it from the list`);
    }
    unmapped.push({ capec, reason });
  }
  unmapped.sort((a, b) => byIdNumber(a.capec, b.capec));

  // Inheritance from the nearest ancestors with direct links (breadth-first, one ChildOf level at a time).
  const parentsOf = new Map(patterns.map((p) => [p.id, p.childOf]));
  const all = new Map(direct);
  for (const pattern of patterns) {
    if (direct.has(pattern.id) || curation.noCounterpart.has(pattern.id)) continue;
    let level = [...pattern.childOf];
    const seen = new Set(level);
    while (level.length > 0) {
      const donors = level.filter((a) => direct.has(a)).sort(byIdNumber);
      if (donors.length > 0) {
        for (const ancestor of donors) {
          for (const req of direct.get(ancestor)!.keys()) addTo(all, pattern.id, req, { method: 'capec-parent', ancestor });
        }
        break;
      }
      const next: string[] = [];
      for (const a of level) {
        for (const p of parentsOf.get(a) ?? []) {
          if (!seen.has(p)) {
            seen.add(p);
            next.push(p);
          }
        }
      }
      level = next;
    }
  }

  // The relevance review decides which links stay and adds the ones no join could find.
  for (const [capec, decisions] of input.review ?? []) {
    if (!patternIds.has(capec)) throw new Error(`review ${edition}: ${capec} is not an active pattern`);
    for (const [req, d] of decisions) {
      if (!reqOrder.has(req)) throw new Error(`review ${edition}: ${capec} -> unknown requirement ${req}`);
      if ((d.verdict === 'primary' || d.verdict === 'supporting') && !all.get(capec)?.has(req)) addTo(all, capec, req, { method: 'review' });
    }
  }

  const links: MappingLink[] = [];
  for (const capec of [...all.keys()].sort(byIdNumber)) {
    const perPattern = all.get(capec)!;
    const decisions = input.review?.get(capec);
    const reqs = [...perPattern.keys()].sort((a, b) => reqOrder.get(a)! - reqOrder.get(b)!);
    const reviewed: MappingLink[] = [];
    for (const requirement of reqs) {
      const link: MappingLink = { capec, requirement, provenance: sortProvenance(perPattern.get(requirement)!) };
      if (!decisions) {
        links.push(link);
        continue;
      }
      // A reviewed pattern's link that no two readings settled is shown as related: not promoted on one reading.
      const d = decisions.get(requirement);
      if (d?.verdict === 'none') continue;
      const relevance = d?.verdict ?? 'related';
      reviewed.push({ ...link, relevance, ...(relevance !== 'related' && d?.rationale ? { rationale: d.rationale } : {}), rank: d ? Math.round(d.rank * 100) / 100 : 99 });
    }
    reviewed.sort((a, b) => RELEVANCES.indexOf(a.relevance!) - RELEVANCES.indexOf(b.relevance!) || a.rank! - b.rank! || reqOrder.get(a.requirement)! - reqOrder.get(b.requirement)!);
    links.push(...reviewed);
  }
  // A pattern the review gave links to has a counterpart after all.
  for (let i = unmapped.length - 1; i >= 0; i--) {
    if (links.some((l) => l.capec === unmapped[i].capec && l.relevance !== 'related')) unmapped.splice(i, 1);
  }

  return {
    meta: {
      schemaVersion: CATALOG_SCHEMA_VERSION,
      kind: 'mapping',
      edition,
      capecVersion: CAPEC_VERSION,
      generatedBy: GENERATED_BY,
      sources: [SOURCES.capecStix, edition === '5.0.0' ? SOURCES.asvs500 : SOURCES.asvs403, SOURCES.cweHierarchy],
      license: ASVS_LICENSE,
      attribution: ASVS_ATTRIBUTION[edition],
      derived: [
        'Every link is derived or curated; none is published by MITRE or OWASP. Provenance methods:',
        'cwe: the pattern lists the requirement\'s CWE.',
        'cwe-parent: the pattern lists a CWE that matches no requirement itself, and its direct ChildOf parent (cwe-hierarchy.json) is the requirement\'s CWE.',
        ...[...curation.excludeFromCweJoin].map(([req, why]) => `Not joined on CWE (reviewed): ${req}: ${why}`),
        'curated: reviewed by hand, with a rationale (catalogs/curated-links.yaml).',
        'capec-parent: the pattern has no link of the kinds above and inherits the links of its nearest ancestor pattern(s) that have some.',
        'review: found by the relevance review. On a reviewed pattern every link carries its relevance (primary, supporting or related), decided by two independent readings (a third where they disagreed, two more for a second opinion on supporting links; catalogs/review/), with a rationale for primary and supporting links and a rank, most direct first.',
        ...(derived ? ['derived: true marks links that rest on the derived 5.0.0 requirement CWEs (see asvs-5.0.0.json meta).'] : []),
      ],
    },
    links,
    unmapped,
  };
}

function sortProvenance(list: Provenance[]): Provenance[] {
  const key = (p: Provenance): string => {
    switch (p.method) {
      case 'cwe':
        return String(byIdNumber(p.cwe, 'CWE-0')).padStart(8, '0');
      case 'cwe-parent':
        return String(byIdNumber(p.cwe, 'CWE-0')).padStart(8, '0') + String(byIdNumber(p.parent, 'CWE-0')).padStart(8, '0');
      case 'capec-parent':
        return String(byIdNumber(p.ancestor, 'CAPEC-0')).padStart(8, '0');
      case 'curated':
        return p.rationale;
      case 'review':
        return '';
    }
  };
  const unique = new Map<string, Provenance>();
  for (const p of list) unique.set(JSON.stringify(p), p);
  return [...unique.values()].sort(
    (a, b) => MAPPING_METHODS.indexOf(a.method) - MAPPING_METHODS.indexOf(b.method) || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0),
  );
}
