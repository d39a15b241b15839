// The hand-curated links must point at real things, and together with the derived links they must reach
// the coverage the suggestion rules rely on.
import * as assert from 'node:assert/strict';
import { ASVS_EDITIONS, type AsvsEdition } from '../../../src/core/catalog';
import { loadCurated } from '../../../tools/catalogs/curated';
import { CURATED_FILE, committedStore } from './catalogPaths';

describe('curated CAPEC -> ASVS links', () => {
  const store = committedStore();
  const curated = loadCurated(CURATED_FILE);

  for (const edition of ASVS_EDITIONS) {
    it(`${edition}: every curated link names an active pattern and an existing requirement, with a rationale`, () => {
      const capec = store.capec();
      const asvs = store.asvs(edition);
      assert.ok(curated[edition].links.length > 100, 'curated links are loaded');
      for (const link of curated[edition].links) {
        assert.ok(capec.pattern(link.capec), `${link.capec} is not an active pattern`);
        assert.ok(asvs.requirement(link.requirement), `${edition} ${link.capec}: ${link.requirement} does not exist`);
        assert.ok(link.rationale.length >= 20 && !/\bTODO\b/i.test(link.rationale), `${link.capec} ${link.requirement}: weak rationale`);
      }
      const keys = curated[edition].links.map((l) => `${l.capec}>${l.requirement}`);
      assert.equal(new Set(keys).size, keys.length, 'duplicate curated link');
    });

    it(`${edition}: every curated link appears in the mapping with its rationale`, () => {
      const mapping = store.mapping(edition);
      for (const link of curated[edition].links) {
        const found = mapping.linksForPattern(link.capec).find((l) => l.requirement === link.requirement);
        assert.ok(
          found?.provenance.some((p) => p.method === 'curated' && p.rationale === link.rationale),
          `${edition} ${link.capec} -> ${link.requirement} missing from mapping`,
        );
      }
    });

    it(`${edition}: patterns without counterpart are active, unlinked and explained`, () => {
      const capec = store.capec();
      const mapping = store.mapping(edition);
      for (const [id, reason] of curated[edition].noCounterpart) {
        assert.ok(capec.pattern(id), `${id} is not an active pattern`);
        assert.equal(mapping.linksForPattern(id).length, 0, `${id} has links but is listed without counterpart`);
        assert.equal(mapping.unmapped(id)?.reason, reason);
      }
    });
  }

  const covered = (edition: AsvsEdition, domain: string): { total: number; covered: number; missing: string[] } => {
    const mapping = store.mapping(edition);
    const patterns = store.capec().patterns.filter((p) => p.domains.includes(domain));
    const missing = patterns.filter((p) => mapping.linksForPattern(p.id).length === 0).map((p) => p.id);
    return { total: patterns.length, covered: patterns.length - missing.length, missing };
  };

  const thresholds: [AsvsEdition, number][] = [
    ['4.0.3', 0.95],
    ['5.0.0', 0.9],
  ];
  for (const [edition, min] of thresholds) {
    it(`${edition}: at least ${min * 100}% of Software-domain patterns reach a requirement`, () => {
      const c = covered(edition, 'Software');
      assert.ok(c.covered / c.total >= min, `${c.covered}/${c.total}; missing ${c.missing.join(' ')}`);
    });
  }

  for (const edition of ASVS_EDITIONS) {
    it(`${edition}: every Software, Communications and Supply Chain pattern is mapped or explained`, () => {
      const mapping = store.mapping(edition);
      for (const domain of ['Software', 'Communications', 'Supply Chain']) {
        const unexplained = covered(edition, domain).missing.filter((id) => !mapping.unmapped(id));
        assert.deepEqual(unexplained, [], `${domain}: unmapped without a reason`);
      }
    });
  }
});
