import { strict as assert } from 'node:assert';
import type { CatalogStore } from '../../../src/core/catalog/catalogStore';
import { requirementsForItems } from '../../../src/core/suggest/requirementsForItems';
import { loadFixtures } from './fixtures';

describe('requirements for selected patterns', () => {
  let store: CatalogStore;

  before(() => {
    ({ store } = loadFixtures());
  });

  const items = [
    { id: 'payments-api', attackPatterns: ['CAPEC-66', 'CAPEC-115'] },
    { id: 'orders-db', attackPatterns: ['CAPEC-66', 'capec-66', '66'] },
    { id: 'web', attackPatterns: ['CAPEC-63', 'CAPEC-62'] },
  ];

  it('deduplicates requirements across items and remembers every cause', () => {
    const { requirements, unknownPatterns, patternsWithoutRequirements } = requirementsForItems(items, store.catalogs('5.0.0'));
    assert.deepEqual(unknownPatterns, []);
    assert.deepEqual(patternsWithoutRequirements, []);
    const ids = requirements.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, 'no duplicates');
    const parameterised = requirements.find((r) => r.id === 'V1.2.4');
    assert.ok(parameterised, 'SQL injection leads to parameterised queries');
    assert.deepEqual(parameterised.because, [
      { item: 'payments-api', capec: 'CAPEC-66' },
      { item: 'orders-db', capec: 'CAPEC-66' },
    ]);
    assert.deepEqual(parameterised.provenance.map((p) => `${p.item}/${p.capec}`), ['payments-api/CAPEC-66', 'orders-db/CAPEC-66']);
    assert.ok(parameterised.provenance.every((p) => p.provenance.length > 0));
    assert.ok(parameterised.methods.length > 0);
    // The same requirements as requirementsForPatterns over the union, listed in the standard's order (a
    // project's list reads by chapter).
    const union = store.requirementsForPatterns(['CAPEC-66', 'CAPEC-115', 'CAPEC-63', 'CAPEC-62'], '5.0.0');
    assert.deepEqual([...ids].sort(), union.map((d) => d.requirement.id).sort());
    const asvs = store.asvs('5.0.0');
    assert.deepEqual(ids, [...ids].sort((a, b) => asvs.orderOf(a) - asvs.orderOf(b)));
    for (const r of requirements) {
      for (const b of r.because) {
        assert.ok(
          store.mapping('5.0.0').linksForPattern(b.capec).some((l) => l.requirement === r.id),
          `${r.id} is linked to ${b.capec}`,
        );
      }
    }
  });

  it('filters by ASVS level', () => {
    const all = requirementsForItems(items, store.catalogs('5.0.0')).requirements;
    const l1 = requirementsForItems(items, store.catalogs('5.0.0'), { level: 1 }).requirements;
    const l2 = requirementsForItems(items, store.catalogs('5.0.0'), { level: 2 }).requirements;
    assert.ok(l1.length > 0 && l1.length < all.length);
    assert.ok(l1.every((r) => r.requirement.level === 1));
    assert.ok(l2.every((r) => r.requirement.level <= 2));
    assert.deepEqual(requirementsForItems(items, store.catalogs('5.0.0'), { level: 3 }).requirements, all);
  });

  it('works for ASVS 4.0.3', () => {
    const { requirements } = requirementsForItems(items, store.catalogs('4.0.3'));
    assert.ok(requirements.some((r) => r.id === 'V5.3.4'), '4.0.3 parameterised queries');
    assert.ok(requirements.every((r) => store.asvs('4.0.3').has(r.id)));
  });

  it('reports unknown ids and follows retired ones to their replacements', () => {
    const result = requirementsForItems(
      [
        { id: 'a', attackPatterns: ['CAPEC-99999', 'not-an-id'] },
        { id: 'b', attackPatterns: ['CAPEC-91'] }, // deprecated, replaced by CAPEC-18
        { id: 'c' },
      ],
      store.catalogs('5.0.0'),
    );
    assert.deepEqual(result.unknownPatterns, [
      { item: 'a', capec: 'CAPEC-99999' },
      { item: 'a', capec: 'not-an-id' },
    ]);
    assert.ok(result.requirements.length > 0);
    const viaReplacement = result.requirements[0].provenance[0];
    assert.equal(viaReplacement.capec, 'CAPEC-91');
    assert.equal(viaReplacement.via, 'CAPEC-18');
    assert.deepEqual(result.requirements[0].because, [{ item: 'b', capec: 'CAPEC-91' }]);
  });

  it('returns nothing for nothing', () => {
    assert.deepEqual(requirementsForItems([], store.catalogs('5.0.0')), { requirements: [], unknownPatterns: [], patternsWithoutRequirements: [] });
  });
});
