// Reads and checks catalogs/curated-links.yaml, the hand-reviewed CAPEC -> ASVS links.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { AsvsEdition } from '../../src/core/catalog/types';
import { ASVS_EDITIONS } from '../../src/core/catalog/types';

export interface CuratedLink {
  capec: string;
  requirement: string;
  rationale: string;
}

export interface CuratedData {
  links: Record<AsvsEdition, CuratedLink[]>;
  /** Patterns reviewed and judged to have no ASVS counterpart, with the reason. */
  noCounterpart: Map<string, string>;
}

interface CuratedYaml {
  links?: Record<string, Partial<Record<string, Record<string, string>>>>;
  noCounterpart?: Record<string, string>;
}

const CAPEC_ID = /^CAPEC-\d+$/;
const REQ_ID = /^V\d+\.\d+\.\d+$/;

/** Parses the curated file; throws on malformed entries. Existence of ids is checked by the caller. */
export function loadCurated(path: string): CuratedData {
  const doc = (parseYaml(readFileSync(path, 'utf8')) ?? {}) as CuratedYaml;
  const links: Record<AsvsEdition, CuratedLink[]> = { '5.0.0': [], '4.0.3': [] };
  for (const [capec, perEdition] of Object.entries(doc.links ?? {})) {
    if (!CAPEC_ID.test(capec)) throw new Error(`curated: bad pattern id "${capec}"`);
    for (const [edition, reqs] of Object.entries(perEdition ?? {})) {
      if (!(ASVS_EDITIONS as readonly string[]).includes(edition)) {
        throw new Error(`curated ${capec}: unknown edition "${edition}"`);
      }
      for (const [requirement, rationale] of Object.entries(reqs ?? {})) {
        if (!REQ_ID.test(requirement)) throw new Error(`curated ${capec} ${edition}: bad requirement id "${requirement}"`);
        if (typeof rationale !== 'string' || rationale.trim().length < 10) {
          throw new Error(`curated ${capec} ${edition} ${requirement}: rationale missing`);
        }
        links[edition as AsvsEdition].push({ capec, requirement, rationale: rationale.trim() });
      }
    }
  }
  const noCounterpart = new Map<string, string>();
  for (const [capec, reason] of Object.entries(doc.noCounterpart ?? {})) {
    if (!CAPEC_ID.test(capec)) throw new Error(`curated noCounterpart: bad pattern id "${capec}"`);
    if (typeof reason !== 'string' || reason.trim() === '') throw new Error(`curated noCounterpart ${capec}: reason missing`);
    if (doc.links?.[capec]) throw new Error(`curated ${capec}: both linked and listed without counterpart`);
    noCounterpart.set(capec, reason.trim());
  }
  return { links, noCounterpart };
}
