import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { CatalogStore } from '../../../src/core/catalog/catalogStore';
import { CatalogSearch, type SearchHit } from '../../../src/core/search/catalogSearch';
import { parseIdQuery } from '../../../src/core/search/idQuery';
import { CatalogSearchProvider } from '../../../src/core/search/searchProvider';
import { REPO_ROOT } from '../helpers';

const CATALOGS = join(REPO_ROOT, 'catalogs');

describe('catalog search', () => {
  let store: CatalogStore;
  let v5: CatalogSearch;
  let v4: CatalogSearch;

  before(() => {
    store = new CatalogStore(CATALOGS);
    const provider = new CatalogSearchProvider(store);
    v5 = provider.get('5.0.0');
    v4 = provider.get('4.0.3');
  });

  const ids = (hits: SearchHit[], n = hits.length): string[] => hits.slice(0, n).map((h) => h.id);

  it('finds CAPEC-66 first by name and by id', () => {
    for (const q of ['sql injection', 'SQL Injection', 'CAPEC-66', 'capec 66', 'capec-066', '66']) {
      const hits = v5.search(q);
      assert.equal(hits[0]?.id, 'CAPEC-66', q);
      assert.equal(hits[0].type, 'capec');
    }
    assert.equal(v5.search('CAPEC-66')[0].match, 'id');
    assert.equal(v5.search('sql injection')[0].match, 'text');
  });

  it('tolerates typos', () => {
    const hits = v5.search('injectoin');
    assert.ok(hits.length >= 5);
    for (const h of hits.slice(0, 5)) assert.match(h.title, /injection/i, `${h.id} ${h.title}`);
    assert.equal(v5.search('sql injectoin')[0].id, 'CAPEC-66');
    assert.ok(ids(v5.search('authentification'), 5).includes('CAPEC-115'));
    assert.equal(v5.search('cross site scriptng')[0].id, 'CAPEC-63');
  });

  it('finds requirements by id, with or without the V', () => {
    for (const q of ['V1.2.4', '1.2.4', 'v1.2.4']) {
      const hits = v5.search(q);
      assert.equal(hits[0]?.id, 'V1.2.4', q);
      assert.equal(hits[0].type, 'asvs');
      assert.equal(hits.length, 1, 'an exact id brings no word noise');
    }
    assert.equal(v4.search('V5.3.4')[0].id, 'V5.3.4');
  });

  it('lists a section or a chapter for a partial requirement id, in the standard order', () => {
    const section = v5.search('V1.2', { limit: 100 });
    const expected = store.asvs('5.0.0').requirementsOfSection('V1.2').map((r) => r.id);
    assert.deepEqual(ids(section), expected);
    assert.ok(section.every((h) => h.match === 'id-prefix'));
    const chapter = v5.search('V14', { limit: 500 });
    assert.ok(chapter.length > 5 && chapter.every((h) => h.id.startsWith('V14.')));
  });

  it('offers longer CAPEC ids while one is being typed, after the exact one', () => {
    const hits = v5.search('CAPEC-6', { limit: 20 });
    assert.equal(hits[0].id, 'CAPEC-6');
    assert.deepEqual(ids(hits, 4), ['CAPEC-6', 'CAPEC-60', 'CAPEC-61', 'CAPEC-62']);
  });

  it('finds retired patterns by exact id only, with their replacements', () => {
    const [hit] = v5.search('CAPEC-91');
    assert.equal(hit.type, 'capec-retired');
    if (hit.type === 'capec-retired') assert.deepEqual(hit.replacedBy, ['CAPEC-18']);
    assert.ok(!v5.search('xss in img tags').some((h) => h.type === 'capec-retired'));
  });

  it('understands common abbreviations', () => {
    const first: Record<string, string> = { xss: 'CAPEC-63', csrf: 'CAPEC-62', xsrf: 'CAPEC-62', ssrf: 'CAPEC-664', sqli: 'CAPEC-66', xxe: 'CAPEC-221' };
    for (const [q, id] of Object.entries(first)) assert.equal(v5.search(q)[0]?.id, id, q);
    assert.ok(ids(v5.search('dos'), 3).includes('CAPEC-125'));
    assert.ok(v5.search('mfa', { types: ['asvs'], limit: 5 }).some((h) => /multi-factor/i.test(h.title)));
    assert.ok(v5.search('jwt', { types: ['asvs'], limit: 5 }).some((h) => /self-contained token/i.test(h.title)));
  });

  it('finds requirements by their words and section names', () => {
    const hits = v5.search('password length', { types: ['asvs'], limit: 5 });
    assert.ok(hits.some((h) => /password/i.test(h.title) && /characters/i.test(h.title)), ids(hits).join(' '));
    const cookie = v4.search('cookie samesite', { types: ['asvs'], limit: 3 });
    assert.ok(cookie.some((h) => /samesite/i.test(h.title)));
  });

  it('finds patterns and requirements by CWE', () => {
    const hits = v5.search('CWE-89', { limit: 100 });
    assert.ok(hits.some((h) => h.id === 'CAPEC-66'));
    assert.ok(hits.every((h) => h.match === 'cwe'));
  });

  it('returns nothing for an empty query and never throws on odd input', () => {
    assert.deepEqual(v5.search(''), []);
    assert.deepEqual(v5.search('   \t\n'), []);
    for (const q of ['((', '***', '\\', '.', '-', 'V', 'v.', '0', 'CAPEC-0', 'é', '💥', '<script>', 'x'.repeat(10_000), 'a b c d e f g h i j k l m n o p', 'the of and']) {
      assert.doesNotThrow(() => v5.search(q), q);
    }
    assert.deepEqual(v5.search('qqqqzzzzxxxx'), []);
  });

  it('honours the limit and the catalog filter', () => {
    assert.equal(v5.search('injection', { limit: 3 }).length, 3);
    assert.ok(v5.search('injection', { types: ['asvs'] }).every((h) => h.type === 'asvs'));
    assert.ok(v5.search('injection', { types: ['capec'] }).every((h) => h.type === 'capec'));
    assert.deepEqual(v5.search('CAPEC-66', { types: ['asvs'] }), []);
  });

  it('ranks deterministically', () => {
    assert.deepEqual(v5.search('session'), v5.search('session'));
    const hits = v5.search('session');
    for (let i = 1; i < hits.length; i++) assert.ok(hits[i - 1].score >= hits[i].score);
  });

  it('builds each edition lazily, once', async () => {
    const fresh = new CatalogStore(CATALOGS);
    const provider = new CatalogSearchProvider(fresh);
    assert.equal(provider.isBuilt('5.0.0'), false);
    assert.equal(fresh.isLoaded('capec'), false);
    const [a, b] = await Promise.all([provider.getAsync('5.0.0'), provider.getAsync('5.0.0')]);
    assert.equal(a, b);
    assert.equal(provider.get('5.0.0'), a);
    assert.equal(provider.isBuilt('4.0.3'), false);
    assert.equal(a.edition, '5.0.0');
    assert.equal(a.size, fresh.capec().patterns.length + fresh.asvs('5.0.0').requirements.length);
  });
});

describe('id queries', () => {
  it('tells CAPEC, ASVS and CWE ids apart', () => {
    assert.deepEqual(parseIdQuery('CAPEC-66'), { kind: 'capec', number: '66' });
    assert.deepEqual(parseIdQuery(' 066 '), { kind: 'capec', number: '66' });
    assert.deepEqual(parseIdQuery('V1.2.4'), { kind: 'asvs', parts: ['1', '2', '4'] });
    assert.deepEqual(parseIdQuery('1.2'), { kind: 'asvs', parts: ['1', '2'] });
    assert.deepEqual(parseIdQuery('v14'), { kind: 'asvs', parts: ['14'] });
    assert.deepEqual(parseIdQuery('cwe-89'), { kind: 'cwe', id: 'CWE-89' });
    for (const q of ['sql', '1.2.3.4', 'V', 'capec-', '1.']) assert.equal(parseIdQuery(q), undefined, q);
  });
});
