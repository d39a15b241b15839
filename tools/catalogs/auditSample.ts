// A random sample of Software-domain patterns with the requirements shown for them by default, in order,
// for an independent reading of the mapping's precision (catalogs/README.md reports its figures).
//
//   node out/tools/catalogs/auditSample.js --edition 5.0.0 --size 50 --seed 7 --out FILE
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CatalogStore } from '../../src/core/catalog/catalogStore';
import { REPO_ROOT } from './io';
import { requirementsForPatterns } from '../../src/core/catalog/requirementsForPatterns';
import type { AsvsEdition } from '../../src/core/catalog/types';


/** A small deterministic generator (mulberry32), so that a sample can be drawn again. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function auditSample(store: CatalogStore, edition: AsvsEdition, size: number, seed: number) {
  const catalogs = store.catalogs(edition);
  const candidates = catalogs.capec.patterns.filter((p) => p.domains.includes('Software') && requirementsForPatterns(catalogs, [p.id]).length > 0);
  const next = random(seed);
  const pool = [...candidates];
  const picked = [];
  while (picked.length < size && pool.length > 0) picked.push(pool.splice(Math.floor(next() * pool.length), 1)[0]);
  return picked.map((p) => ({
    capec: p.id,
    name: p.name,
    description: p.description,
    mitigations: p.mitigations,
    shown: requirementsForPatterns(catalogs, [p.id]).map((r) => ({ requirement: r.requirement.id, text: r.requirement.text })),
  }));
}

if (require.main === module) {
  const arg = (name: string, fallback: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : fallback;
  };
  const edition = arg('edition', '5.0.0') as AsvsEdition;
  const sample = auditSample(new CatalogStore(join(REPO_ROOT, 'catalogs')), edition, Number(arg('size', '50')), Number(arg('seed', '7')));
  const out = resolve(arg('out', join(REPO_ROOT, 'out', `audit-${edition}.json`)));
  writeFileSync(out, JSON.stringify(sample, null, 1) + '\n');
  console.log(`${edition}: ${sample.length} patterns, ${sample.reduce((n, p) => n + p.shown.length, 0)} links shown, in ${out}`);
}
