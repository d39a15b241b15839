// Candidate CAPEC -> ASVS links for the relevance review (catalogs/review/): every link the mapping
// proposes today (same CWE, CWE parent, CAPEC parent, curated) plus the requirements a text search finds
// for the pattern's name and each of its mitigations, so that mitigations no CWE reaches are read too.
// Candidates only propose; the review's verdicts decide.
//
//   node out/tools/catalogs/reviewCandidates.js --edition 5.0.0 --out DIR [--batch 20] [--pending]
//     writes DIR/<edition>/batch-NNN.json, each a list of patterns with their texts and candidates;
//     --pending: only the links the readings so far leave open (see review.ts), for a third reading
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CatalogStore } from '../../src/core/catalog/catalogStore';
import { REPO_ROOT } from './io';
import type { AsvsEdition, AttackPattern } from '../../src/core/catalog/types';
import { CatalogSearch } from '../../src/core/search/catalogSearch';
import { loadReview, pendingReadings } from './review';


export interface Candidate {
  readonly requirement: string;
  readonly text: string;
  /** Why it is a candidate: the mapping's provenance methods, or "text-search". */
  readonly proposedBy: readonly string[];
}

export interface PatternCandidates {
  readonly capec: string;
  readonly name: string;
  readonly abstraction: string;
  readonly description: string;
  readonly mitigations: readonly string[];
  readonly candidates: readonly Candidate[];
}

/** Words of a mitigation that a search can use: the first few content words. */
function queryOf(text: string): string {
  return text
    .replace(/[^A-Za-z0-9 -]/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 3)
    .slice(0, 8)
    .join(' ');
}

export function reviewCandidates(store: CatalogStore, edition: AsvsEdition, perQuery = 3): PatternCandidates[] {
  const { capec, asvs, mapping } = store.catalogs(edition);
  const search = CatalogSearch.build(capec, asvs);
  return capec.patterns.map((pattern: AttackPattern) => {
    const found = new Map<string, Set<string>>();
    const add = (requirement: string, by: string) => {
      if (!found.has(requirement)) found.set(requirement, new Set());
      found.get(requirement)!.add(by);
    };
    for (const link of mapping.linksForPattern(pattern.id)) for (const p of link.provenance) add(link.requirement, p.method);
    for (const query of [pattern.name, ...pattern.mitigations.map(queryOf)]) {
      if (!query.trim()) continue;
      for (const hit of search.search(query, { types: ['asvs'], limit: perQuery })) add(hit.id, 'text-search');
    }
    return {
      capec: pattern.id,
      name: pattern.name,
      abstraction: pattern.abstraction,
      description: pattern.description,
      mitigations: pattern.mitigations,
      candidates: [...found].map(([requirement, by]) => ({ requirement, text: asvs.requirement(requirement)?.text ?? '', proposedBy: [...by].sort() })),
    };
  });
}

if (require.main === module) {
  const arg = (name: string, fallback?: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : fallback;
  };
  const edition = arg('edition', '5.0.0') as AsvsEdition;
  const out = resolve(arg('out', join(REPO_ROOT, 'out', 'review'))!);
  const batch = Number(arg('batch', '20'));
  const store = new CatalogStore(join(REPO_ROOT, 'catalogs'));
  let all = reviewCandidates(store, edition);
  if (process.argv.includes('--pending')) {
    const pending = pendingReadings(loadReview(join(REPO_ROOT, 'catalogs', 'review'), edition));
    const asvs = store.asvs(edition);
    all = all.flatMap((p) => {
      const open = pending.get(p.capec);
      if (!open) return [];
      // Links a single reader added are not among the candidates: they are read now too.
      const candidates = open.map((requirement) => p.candidates.find((c) => c.requirement === requirement) ?? { requirement, text: asvs.requirement(requirement)?.text ?? '', proposedBy: ['reader'] });
      return [{ ...p, candidates }];
    });
  }
  mkdirSync(join(out, edition), { recursive: true });
  for (let i = 0; i * batch < all.length; i++) {
    writeFileSync(join(out, edition, `batch-${String(i + 1).padStart(3, '0')}.json`), JSON.stringify(all.slice(i * batch, (i + 1) * batch), null, 1) + '\n');
  }
  const links = all.reduce((n, p) => n + p.candidates.length, 0);
  console.log(`${edition}: ${all.length} patterns, ${links} candidates, ${Math.ceil(all.length / batch)} batches in ${join(out, edition)}`);
}
