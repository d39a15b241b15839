// Reads and checks catalogs/curated-links.yaml: hand-reviewed CAPEC -> ASVS links, patterns reviewed as
// having no ASVS counterpart, and requirements whose CWE is too generic to join on.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { AsvsEdition } from '../../src/core/catalog/types';
import { ASVS_EDITIONS } from '../../src/core/catalog/types';

export interface CuratedLink {
  capec: string;
  requirement: string;
  rationale: string;
}

export interface EditionCuration {
  links: CuratedLink[];
  /** Patterns reviewed and judged to have no counterpart in this edition, with the reason. */
  noCounterpart: Map<string, string>;
  /** Requirements that never receive cwe / cwe-parent links, with the reason. */
  excludeFromCweJoin: Map<string, string>;
}

export type CuratedData = Record<AsvsEdition, EditionCuration>;

type PerEdition<T> = T | Partial<Record<string, T>>;

interface CuratedYaml {
  links?: Record<string, Partial<Record<string, Record<string, string>>>>;
  noCounterpart?: Record<string, PerEdition<string>>;
  excludeFromCweJoin?: Partial<Record<string, Record<string, string>>>;
}

const CAPEC_ID = /^CAPEC-\d+$/;
const REQ_ID = /^V\d+\.\d+\.\d+$/;

function edition(value: string, where: string): AsvsEdition {
  if (!(ASVS_EDITIONS as readonly string[]).includes(value)) throw new Error(`${where}: unknown edition "${value}"`);
  return value as AsvsEdition;
}

function text(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim().length < 10) throw new Error(`${where}: reason or rationale missing`);
  return value.trim().replace(/\s+/g, ' ');
}

/** Parses the curated file; throws on malformed entries. Whether ids exist is checked when mapping. */
export function loadCurated(path: string): CuratedData {
  const doc = (parseYaml(readFileSync(path, 'utf8')) ?? {}) as CuratedYaml;
  const empty = (): EditionCuration => ({ links: [], noCounterpart: new Map(), excludeFromCweJoin: new Map() });
  const out: CuratedData = { '5.0.0': empty(), '4.0.3': empty() };

  for (const [capec, perEdition] of Object.entries(doc.links ?? {})) {
    if (!CAPEC_ID.test(capec)) throw new Error(`curated links: bad pattern id "${capec}"`);
    for (const [ed, reqs] of Object.entries(perEdition ?? {})) {
      const e = edition(ed, `curated links ${capec}`);
      for (const [requirement, rationale] of Object.entries(reqs ?? {})) {
        const where = `curated links ${capec} ${e} ${requirement}`;
        if (!REQ_ID.test(requirement)) throw new Error(`${where}: bad requirement id`);
        out[e].links.push({ capec, requirement, rationale: text(rationale, where) });
      }
    }
  }

  for (const [capec, value] of Object.entries(doc.noCounterpart ?? {})) {
    if (!CAPEC_ID.test(capec)) throw new Error(`curated noCounterpart: bad pattern id "${capec}"`);
    const perEdition: [AsvsEdition, unknown][] =
      typeof value === 'string'
        ? ASVS_EDITIONS.map((e) => [e, value])
        : Object.entries(value ?? {}).map(([ed, reason]) => [edition(ed, `curated noCounterpart ${capec}`), reason]);
    for (const [e, reason] of perEdition) {
      if (out[e].links.some((l) => l.capec === capec)) {
        throw new Error(`curated ${capec} ${e}: both linked and listed without counterpart`);
      }
      out[e].noCounterpart.set(capec, text(reason, `curated noCounterpart ${capec} ${e}`));
    }
  }

  for (const [ed, reqs] of Object.entries(doc.excludeFromCweJoin ?? {})) {
    const e = edition(ed, 'curated excludeFromCweJoin');
    for (const [requirement, reason] of Object.entries(reqs ?? {})) {
      if (!REQ_ID.test(requirement)) throw new Error(`curated excludeFromCweJoin ${e}: bad requirement id "${requirement}"`);
      out[e].excludeFromCweJoin.set(requirement, text(reason, `curated excludeFromCweJoin ${e} ${requirement}`));
    }
  }
  return out;
}
