// Pins the size of the shipped catalogs: a change in these numbers means the data changed and needs review.
import * as assert from 'node:assert/strict';
import { DOMAINS_VIEW, MECHANISMS_VIEW } from '../../../src/core/catalog';
import { committedStore } from './catalogPaths';

describe('catalog counts (committed catalogs/)', () => {
  const store = committedStore();

  it('has the 558 active CAPEC 3.9 patterns: 61 Meta, 181 Standard, 316 Detailed', () => {
    const capec = store.capec();
    assert.equal(capec.version, '3.9');
    assert.equal(capec.patterns.length, 558);
    const by = (a: string): number => capec.patterns.filter((p) => p.abstraction === a).length;
    assert.deepEqual([by('Meta'), by('Standard'), by('Detailed')], [61, 181, 316]);
    assert.deepEqual(
      [...new Set(capec.patterns.map((p) => p.status))].sort(),
      ['Draft', 'Stable', 'Usable'],
    );
  });

  it('keeps the 57 retired patterns apart (56 Deprecated, 1 Obsolete)', () => {
    const retired = store.capec().retired();
    assert.equal(retired.length, 57);
    assert.equal(retired.filter((r) => r.status === 'Deprecated').length, 56);
    assert.equal(retired.filter((r) => r.status === 'Obsolete').length, 1);
    const active = new Set(store.capec().patterns.map((p) => p.id));
    for (const r of retired) assert.ok(!active.has(r.id), `${r.id} is both active and retired`);
  });

  it('has 21 active categories and 13 views; 9 mechanisms of attack and 6 domains of attack', () => {
    const capec = store.capec();
    assert.equal(capec.categories.length, 21);
    assert.equal(capec.views.length, 13);
    assert.equal(capec.mechanisms().length, 9);
    assert.equal(capec.domains().length, 6);
    assert.deepEqual(
      capec.domains().map((c) => c.name).sort(),
      ['Communications', 'Hardware', 'Physical Security', 'Social Engineering', 'Software', 'Supply Chain'],
    );
    assert.equal(capec.view(MECHANISMS_VIEW)?.name, 'Mechanisms of Attack');
    assert.equal(capec.view(DOMAINS_VIEW)?.name, 'Domains of Attack');
  });

  it('reaches every active pattern from the roots of both key views through ChildOf', () => {
    const capec = store.capec();
    for (const view of [MECHANISMS_VIEW, DOMAINS_VIEW]) {
      const seen = new Set<string>();
      const visit = (id: string): void => {
        if (seen.has(id)) return;
        seen.add(id);
        for (const child of capec.children(id)) visit(child.id);
      };
      for (const category of capec.categoriesOfView(view)) for (const m of category.members) visit(m);
      assert.equal(seen.size, 558, view);
    }
  });

  it('has 345 ASVS 5.0.0 requirements (L1 70, L2 183, L3 92) in 17 chapters', () => {
    const asvs = store.asvs('5.0.0');
    assert.equal(asvs.requirements.length, 345);
    assert.equal(asvs.chapters.length, 17);
    const at = (l: number): number => asvs.requirements.filter((r) => r.level === l).length;
    assert.deepEqual([at(1), at(2), at(3)], [70, 183, 92]);
    assert.ok(asvs.requirements.every((r) => r.cwesDerived === true), 'every 5.0.0 CWE list is marked derived');
    assert.equal(asvs.requirements.filter((r) => r.cwes.length > 0).length, 233);
  });

  it('has 278 active ASVS 4.0.3 requirements (the 8 [DELETED] rows dropped) in 14 chapters', () => {
    const asvs = store.asvs('4.0.3');
    assert.equal(asvs.requirements.length, 278);
    assert.equal(asvs.chapters.length, 14);
    assert.ok(asvs.requirements.every((r) => !r.text.startsWith('[DELETED')));
    assert.equal(asvs.requirement('V1.4.2'), undefined);
    // Cumulative per level. The sources README counts 259 at L2 because it counts V2.8.7's "o" (optional)
    // cell; as a minimum level, optional does not count, so V2.8.7 is L3 and L2 holds 258.
    const upTo = (l: number): number => asvs.requirements.filter((r) => r.level <= l).length;
    assert.deepEqual([upTo(1), upTo(2), upTo(3)], [128, 258, 278]);
  });

  it('reads the irregular 4.0.3 level cells as documented', () => {
    const asvs = store.asvs('4.0.3');
    assert.equal(asvs.requirement('V3.3.2')?.level, 1);
    assert.equal(asvs.requirement('V3.3.2')?.levelNotes?.L1, '30 days');
    assert.equal(asvs.requirement('V2.8.7')?.level, 3, '"Optional" at L2 is not a requirement at L2');
    assert.equal(asvs.requirement('V2.10.1')?.level, 2);
    assert.deepEqual(asvs.requirement('V2.10.1')?.levelNotes, { L2: 'OS assisted', L3: 'HSM' });
    assert.deepEqual(asvs.requirement('V5.3.4')?.cwes, ['CWE-89']);
  });
});
