// Derives CWEs for ASVS 5.0.0 requirements, which OWASP publishes without any. Two independent paths,
// unioned (README of catalog-sources measures each):
//   (a) the v5.0.be CWE export, renumbered to 5.0.0 ids by mapping_v5.0.be_to_v5.0.0.yml;
//   (b) the 5.0.0 -> 4.0.3 lineage: a 5.0.0 requirement MOVED FROM / COVERS / MERGED FROM / SPLIT FROM a
//       4.0.3 requirement takes that requirement's CWE. ADDED / MODIFIED / GRAMMAR carry no lineage.
import type { AsvsRequirement, DerivedCwe } from '../../src/core/catalog/types';
import { byIdNumber, readJson, readYaml } from './io';
import { FILES } from './sources';

const LINEAGE_KINDS = new Set(['MOVED FROM', 'COVERS', 'MERGED FROM', 'SPLIT FROM']);

export interface DerivedCweResult {
  byRequirement: Map<string, DerivedCwe[]>;
  notes: string[];
}

/** `v5.0.0-1.2.4` -> `V1.2.4` */
function asvsId(upstream: string, prefix: string): string {
  if (!upstream.startsWith(prefix)) throw new Error(`unexpected ASVS id ${upstream}`);
  return 'V' + upstream.slice(prefix.length);
}

export function deriveAsvs5Cwes(sourcesDir: string, asvs403: AsvsRequirement[], ids500: Set<string>): DerivedCweResult {
  const notes: string[] = [];
  const found = new Map<string, Map<string, Set<string>>>(); // 5.0.0 id -> CWE -> upstream rows
  const add = (req: string, cwe: string, from: string): void => {
    if (!ids500.has(req)) {
      notes.push(`derived CWE for unknown 5.0.0 requirement ${req} (from ${from}) ignored`);
      return;
    }
    const perReq = found.get(req) ?? new Map<string, Set<string>>();
    const rows = perReq.get(cwe) ?? new Set<string>();
    rows.add(from);
    perReq.set(cwe, rows);
    found.set(req, perReq);
  };

  // (a) bleeding-edge export, renumbered
  const beCwe = readJson<Record<string, string>>(sourcesDir, FILES.asvs5BeCwe);
  const beTo500 = readYaml<Record<string, string>>(sourcesDir, FILES.asvs5BeTo500);
  let unmapped = 0;
  for (const [be, cwe] of Object.entries(beCwe)) {
    const target = beTo500[be];
    if (!target) {
      unmapped++; // requirement removed before the 5.0.0 release
      continue;
    }
    add(asvsId(target, 'v5.0.0-'), `CWE-${Number(cwe)}`, be);
  }
  notes.push(`v5.0.be CWE export: ${unmapped} rows have no 5.0.0 counterpart (removed before release)`);

  // (b) lineage to 4.0.3 and its published CWEs
  const cwe403 = new Map(asvs403.map((r) => [r.id, r.cwes]));
  const lineage = readYaml<Record<string, Record<string, string>>>(sourcesDir, FILES.asvs500To403);
  for (const [to, tags] of Object.entries(lineage)) {
    const req = asvsId(to, 'v5.0.0-');
    for (const [kind, from] of parseLineage(tags['tag-v4.0.3'] ?? '')) {
      if (!LINEAGE_KINDS.has(kind)) continue;
      for (const cwe of cwe403.get(asvsId(from, 'v4.0.3-')) ?? []) add(req, cwe, from);
    }
  }

  const byRequirement = new Map<string, DerivedCwe[]>();
  for (const [req, perReq] of found) {
    byRequirement.set(
      req,
      [...perReq.keys()].sort(byIdNumber).map((cwe) => ({ cwe, from: [...perReq.get(cwe)!].sort() })),
    );
  }
  return { byRequirement, notes };
}

/**
 * Splits a lineage tag such as "MODIFIED, MOVED FROM v4.0.3-2.2.4, MERGED FROM v4.0.3-2.2.7, v4.0.3-2.3.2"
 * into [kind, upstream id] pairs; an id without its own keyword continues the previous keyword.
 */
export function parseLineage(tag: string): [string, string][] {
  const out: [string, string][] = [];
  let kind = '';
  for (const token of tag.split(',')) {
    const m = /^\s*([A-Z][A-Z ]*?)?\s*(v\d+\.\d+\.\w+-[\d.]+)?\s*$/.exec(token.replace(/\s+/g, ' '));
    if (!m) throw new Error(`cannot parse lineage token "${token}" in "${tag}"`);
    if (m[1]) kind = m[1].trim();
    if (m[2]) out.push([kind, m[2]]);
  }
  return out;
}
