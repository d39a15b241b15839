import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CatalogError,
  CatalogStore,
  loadCatalogs,
  normalizeCapecId,
  normalizeRequirementId,
  shortRequirementId,
  type CatalogReader,
} from '../../../src/core/catalog';
import { CATALOG_DIR } from './catalogPaths';

describe('CatalogStore', () => {
  it('reads nothing until a catalog is used, then only what is used', () => {
    const reads: string[] = [];
    const reader: CatalogReader = {
      read: async (p) => (reads.push(p), (await import('node:fs/promises')).readFile(p, 'utf8')),
      readSync: (p) => (reads.push(p), require('node:fs').readFileSync(p, 'utf8') as string),
    };
    const store = new CatalogStore(CATALOG_DIR, reader);
    assert.deepEqual(reads, []);
    assert.equal(store.isLoaded('capec'), false);
    store.capec();
    store.capec();
    assert.equal(reads.length, 1);
    assert.equal(store.isLoaded('capec'), true);
    assert.equal(store.isLoaded('asvs', '5.0.0'), false);
  });

  it('shares one read between concurrent async loads and with later sync calls', async () => {
    let reads = 0;
    const reader: CatalogReader = {
      read: async (p) => (reads++, (await import('node:fs/promises')).readFile(p, 'utf8')),
      readSync: () => assert.fail('sync read after async load'),
    };
    const store = new CatalogStore(CATALOG_DIR, reader);
    const [a, b] = await Promise.all([store.catalogsAsync('5.0.0'), store.catalogsAsync('5.0.0')]);
    assert.equal(a.capec, b.capec);
    assert.equal(reads, 3);
    assert.equal(store.capec(), a.capec);
    assert.equal(store.requirementsForPatterns(['CAPEC-66'], '5.0.0').length > 0, true);
  });

  it('keeps separate stores independent (no module-level cache)', () => {
    const one = new CatalogStore(CATALOG_DIR);
    const two = new CatalogStore(CATALOG_DIR);
    assert.notEqual(one.capec(), two.capec());
  });

  it('reports a missing directory as a CatalogError naming the file', async () => {
    const store = new CatalogStore(join(tmpdir(), 'no-such-catalogs-dir'));
    assert.throws(() => store.capec(), (e: unknown) => e instanceof CatalogError && /capec-3\.9\.json/.test(e.message));
    await assert.rejects(store.asvsAsync('4.0.3'), CatalogError);
  });

  it('refuses files of the wrong kind, edition or schema version', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalogs-'));
    writeFileSync(join(dir, 'capec-3.9.json'), JSON.stringify({ meta: { kind: 'asvs', schemaVersion: 1 } }));
    writeFileSync(join(dir, 'asvs-5.0.0.json'), JSON.stringify({ meta: { kind: 'asvs', schemaVersion: 1, edition: '4.0.3' } }));
    writeFileSync(join(dir, 'asvs-4.0.3.json'), JSON.stringify({ meta: { kind: 'asvs', schemaVersion: 99, edition: '4.0.3' } }));
    writeFileSync(join(dir, 'mapping-asvs-5.0.0.json'), '{not json');
    const store = new CatalogStore(dir);
    assert.throws(() => store.capec(), /expected a "capec" catalog/);
    assert.throws(() => store.asvs('5.0.0'), /holds ASVS 4\.0\.3, expected 5\.0\.0/);
    assert.throws(() => store.asvs('4.0.3'), /schema version 99/);
    assert.throws(() => store.mapping('5.0.0'), /not valid JSON/);
    assert.throws(() => store.asvs('3.0' as never), /unknown ASVS edition/);
  });

  it('loadCatalogs returns the indexes of one edition', async () => {
    const c = await loadCatalogs(CATALOG_DIR, '4.0.3');
    assert.equal(c.edition, '4.0.3');
    assert.equal(c.asvs.edition, '4.0.3');
    assert.equal(c.mapping.edition, '4.0.3');
    assert.equal(c.capec.patterns.length, 558);
  });
});

describe('resolveCapec', () => {
  const store = new CatalogStore(CATALOG_DIR);

  it('resolves active patterns written in any usual way', () => {
    for (const id of ['CAPEC-66', 'capec-66', '66', ' CAPEC 66 ']) {
      const r = store.resolveCapec(id);
      assert.equal(r?.kind, 'pattern', id);
      assert.equal(r?.retired, false);
      assert.equal(r?.id, 'CAPEC-66');
    }
  });

  it('resolves deprecated ids, flagged, with their replacement', () => {
    const r = store.resolveCapec('CAPEC-213');
    assert.ok(r && r.kind === 'retired');
    assert.equal(r.retired, true);
    assert.equal(r.retiredPattern.status, 'Deprecated');
    assert.deepEqual(r.replacedBy.map((p) => p.id), ['CAPEC-126']);
    const obsolete = store.resolveCapec('CAPEC-5');
    assert.ok(obsolete?.kind === 'retired' && obsolete.retiredPattern.status === 'Obsolete');
    const multi = store.resolveCapec('CAPEC-82');
    assert.ok(multi?.kind === 'retired');
    assert.deepEqual(multi.replacedBy.map((p) => p.id), ['CAPEC-230', 'CAPEC-231', 'CAPEC-147']);
  });

  it('does not resolve unknown ids, categories or views as patterns', () => {
    assert.equal(store.resolveCapec('CAPEC-99999'), undefined);
    assert.equal(store.resolveCapec('SQL injection'), undefined);
    assert.equal(store.resolveCapec('CAPEC-152'), undefined);
    assert.equal(store.capec().category('CAPEC-152')?.name, 'Inject Unexpected Items');
    assert.equal(store.capec().pattern('CAPEC-213'), undefined, 'retired ids are hidden from pattern()');
  });

  it('indexes hierarchy and category membership', () => {
    const capec = store.capec();
    assert.deepEqual(capec.parents('CAPEC-66').map((p) => p.id), ['CAPEC-248']);
    assert.ok(capec.children('CAPEC-66').some((p) => p.id === 'CAPEC-7'));
    assert.deepEqual(capec.ancestors('CAPEC-7').map((p) => p.id), ['CAPEC-66', 'CAPEC-248']);
    assert.deepEqual(capec.categoriesInView('CAPEC-66', 'CAPEC-1000').map((c) => c.name), ['Inject Unexpected Items']);
    assert.deepEqual(capec.categoriesInView('CAPEC-66', 'CAPEC-3000').map((c) => c.name), ['Software']);
    assert.ok(capec.roots().every((p) => p.abstraction === 'Meta'));
    const p = capec.pattern('CAPEC-66')!;
    assert.deepEqual(p.cwes, ['CWE-89', 'CWE-1286']);
    assert.equal(p.likelihood, 'High');
    assert.ok(p.mitigations.some((m) => /parameterized queries/.test(m)));
  });
});

describe('requirementsForPatterns', () => {
  const store = new CatalogStore(CATALOG_DIR);

  it('deduplicates requirements and remembers every pattern that led to them, primary first', () => {
    const result = store.requirementsForPatterns(['CAPEC-66', 'CAPEC-63', 'CAPEC-66'], '4.0.3');
    const ids = result.map((r) => r.requirement.id);
    assert.equal(new Set(ids).size, ids.length);
    const tiers = result.map((r) => ['primary', 'supporting', undefined, 'related'].indexOf(r.relevance));
    assert.deepEqual(tiers, [...tiers].sort((a, b) => a - b), 'primary, then supporting');
    assert.ok(result.every((r) => r.relevance !== 'related'), 'related links are left out by default');
    assert.deepEqual(ids.slice(0, 2).sort(), ['V5.3.3', 'V5.3.4'], 'the most direct control of each attack leads');
    const v513 = result.find((r) => r.requirement.id === 'V5.1.3')!;
    assert.deepEqual(v513.causes.map((c) => c.capec).sort(), ['CAPEC-63', 'CAPEC-66']);
    const v534 = result.find((r) => r.requirement.id === 'V5.3.4')!;
    assert.deepEqual(v534.causes.map((c) => c.capec), ['CAPEC-66']);
    assert.deepEqual(v534.methods, ['cwe']);
    assert.equal(v534.causes[0].provenance[0].method, 'cwe');
  });

  it('follows a retired id to its replacement and says so', () => {
    const result = store.requirementsForPatterns(['CAPEC-213'], '5.0.0');
    const r = result.find((x) => x.requirement.id === 'V5.3.2');
    assert.ok(r);
    assert.deepEqual(r.causes.map((c) => [c.capec, c.via]), [['CAPEC-213', 'CAPEC-126']]);
  });

  it('ignores unknown ids and returns nothing for patterns without counterpart', () => {
    assert.deepEqual(store.requirementsForPatterns(['CAPEC-99999', 'nonsense'], '5.0.0'), []);
    assert.deepEqual(store.requirementsForPatterns(['CAPEC-392'], '5.0.0'), []);
    assert.ok(store.mapping('5.0.0').unmapped('CAPEC-392')?.reason);
  });

  it('finds the patterns behind a requirement', () => {
    const links = store.mapping('4.0.3').linksForRequirement('5.3.4');
    assert.ok(links.some((l) => l.capec === 'CAPEC-66'));
    assert.ok(links.every((l) => l.requirement === 'V5.3.4'));
  });
});

describe('catalog ids', () => {
  it('normalises CAPEC and ASVS ids', () => {
    assert.equal(normalizeCapecId('capec_66'), 'CAPEC-66');
    assert.equal(normalizeCapecId('CAPEC-066'), 'CAPEC-66');
    assert.equal(normalizeCapecId('CWE-89'), undefined);
    assert.equal(normalizeRequirementId('1.2.5'), 'V1.2.5');
    assert.equal(normalizeRequirementId('v14.4.10'), 'V14.4.10');
    assert.equal(normalizeRequirementId('V1.2'), undefined);
    assert.equal(shortRequirementId('V1.2.5'), '1.2.5');
  });
});
