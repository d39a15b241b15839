// The build script: deterministic output that matches what is committed, and its small parsers.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLineage } from '../../../tools/catalogs/asvs5Cwe';
import { buildCatalogs, writeCatalogs } from '../../../tools/catalogs/build';
import { mentionedPatterns } from '../../../tools/catalogs/capec';
import { CATALOG_DIR, CURATED_FILE, REVIEW_DIR, SOURCES_DIR, SOURCES_PRESENT } from './catalogPaths';

describe('catalog build (regeneration from ../shared/catalog-sources)', function () {
  this.timeout(120_000);
  let first: string;
  let second: string;

  before(function () {
    if (!SOURCES_PRESENT) {
      console.log(`      (skipped: upstream catalog sources not found at ${SOURCES_DIR})`);
      this.skip();
    }
    first = mkdtempSync(join(tmpdir(), 'catalogs-a-'));
    second = mkdtempSync(join(tmpdir(), 'catalogs-b-'));
    writeCatalogs(buildCatalogs({ sourcesDir: SOURCES_DIR, curatedFile: CURATED_FILE, reviewDir: REVIEW_DIR }), first);
    writeCatalogs(buildCatalogs({ sourcesDir: SOURCES_DIR, curatedFile: CURATED_FILE, reviewDir: REVIEW_DIR }), second);
  });

  it('gives identical bytes when run twice', () => {
    const files = readdirSync(first).sort();
    assert.deepEqual(readdirSync(second).sort(), files);
    for (const f of files) assert.ok(readFileSync(join(first, f)).equals(readFileSync(join(second, f))), f);
  });

  it('matches the committed catalogs/ (run npm run catalogs after changing sources, curation or the script)', () => {
    for (const f of readdirSync(first)) {
      assert.ok(readFileSync(join(first, f)).equals(readFileSync(join(CATALOG_DIR, f))), `catalogs/${f} is stale`);
    }
  });

  it('writes compact JSON with a meta header first', () => {
    for (const f of readdirSync(first).filter((n) => n.endsWith('.json'))) {
      const text = readFileSync(join(first, f), 'utf8');
      assert.ok(text.startsWith('{"meta":{"schemaVersion":1,'), f);
      assert.equal(text.split('\n').length, 2, `${f} is one line plus a newline`);
    }
  });
});

describe('catalog build helpers', () => {
  it('parses ASVS lineage tags, continuing a keyword over a list of ids', () => {
    assert.deepEqual(parseLineage('MODIFIED, MOVED FROM v4.0.3-2.2.4, MERGED FROM v4.0.3-2.2.7, v4.0.3-2.3.2'), [
      ['MOVED FROM', 'v4.0.3-2.2.4'],
      ['MERGED FROM', 'v4.0.3-2.2.7'],
      ['MERGED FROM', 'v4.0.3-2.3.2'],
    ]);
    assert.deepEqual(parseLineage('ADDED'), []);
    assert.deepEqual(parseLineage('ADDED, SPLIT FROM\n    v4.0.3-2.7.3'), [['SPLIT FROM', 'v4.0.3-2.7.3']]);
  });

  it('finds the CAPEC ids a deprecation note refers to', () => {
    assert.deepEqual(mentionedPatterns('Please refer to CAPEC:30 - Hijacking'), ['CAPEC-30']);
    assert.deepEqual(mentionedPatterns('generalization of CAPEC-230: X and CAPEC-231: Y. CAPEC-230 again'), ['CAPEC-230', 'CAPEC-231']);
  });
});
