// The curated data shipped in catalogs/: item-kinds.yaml and suggestion-rules.yaml, checked against the
// generated catalogs so that every suggestion leads to requirements in both ASVS editions.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CatalogStore } from '../../../src/core/catalog/catalogStore';
import { ASVS_EDITIONS } from '../../../src/core/catalog/types';
import { normalizePhrase } from '../../../src/core/suggest/vocabulary';
import type { SuggestionData } from '../../../src/core/suggest/suggestionData';
import type { SuggestionEngine } from '../../../src/core/suggest/suggestionEngine';
import { REPO_ROOT } from '../helpers';
import { loadEngineFixtures, loadFixtures } from './fixtures';

const REQUIRED_KINDS = [
  'web-frontend', 'mobile-app', 'rest-api', 'graphql-api', 'auth-service', 'database', 'cache', 'message-queue', 'object-storage',
  'file-upload', 'third-party-api', 'payment-provider', 'admin-panel', 'ci-cd-pipeline', 'container-platform', 'serverless-function',
  'iot-device', 'llm-component', 'desktop-app', 'legacy-mainframe',
  // What infrastructure and supply-chain components need.
  'secret-store', 'package-registry', 'service-mesh', 'source-repository', 'config-file', 'static-hosting', 'directory-service', 'cms', 'client',
];

describe('curated suggestion data', () => {
  let store: CatalogStore;
  let data: SuggestionData;
  let engine: SuggestionEngine;

  before(() => ({ store, data, engine } = loadEngineFixtures()));

  it('loads lazily: nothing is read before it is asked for', () => {
    const fresh = loadFixtures();
    assert.equal(fresh.store.isLoaded('capec'), false);
    assert.ok(fresh.data.itemKinds().kinds.length > 0);
    assert.equal(fresh.store.isLoaded('capec'), false);
  });

  it('has the item kinds the model files use, each with label, icon and description', () => {
    const ids = data.itemKinds().ids();
    for (const id of REQUIRED_KINDS) assert.ok(ids.includes(id), id);
    for (const kind of data.itemKinds().kinds) {
      assert.ok(kind.label && kind.description && kind.icon, kind.id);
      assert.ok(kind.defaultAttackPatterns.length >= 3, `${kind.id} has default patterns`);
    }
  });

  it('uses icon names that exist in the codicon font', function () {
    const library = join(REPO_ROOT, 'node_modules', '@vscode', 'codicons', 'dist', 'codiconsLibrary.ts');
    if (!existsSync(library)) this.skip();
    const names = new Set([...readFileSync(library, 'utf8').matchAll(/register\('([a-z0-9-]+)'/g)].map((m) => m[1]));
    for (const kind of data.itemKinds().kinds) assert.ok(names.has(kind.icon), `${kind.id}: codicon "${kind.icon}"`);
  });

  it('compiles the built-in rules without a single problem', () => {
    assert.deepEqual(engine.problems, []);
    assert.ok(engine.ruleSet.rules.length >= 40);
  });

  it('offers only active CAPEC patterns, nearly all of them with ASVS requirements in both editions', () => {
    const offered = engine.ruleSet.offeredPatterns();
    const defaults = data.itemKinds().kinds.flatMap((k) => k.defaultAttackPatterns);
    const all = [...new Set([...offered, ...defaults])];
    assert.ok(all.length > 50);
    const inactive = all.filter((id) => store.capec().resolve(id)?.kind !== 'pattern');
    assert.deepEqual(inactive, [], 'not active patterns');
    // A real threat with no ASVS control (a mobile-platform or hardware attack) may still be suggested: the
    // project then shows the pattern without requirements. The review decides which those are. Supply-chain and
    // platform patterns (development alteration, container escape) are the ones ASVS 5.0.0 leaves without a control.
    for (const edition of ASVS_EDITIONS) {
      const without = all.filter((id) => store.requirementsForPatterns([id], edition).length === 0);
      assert.ok(without.length / all.length <= 0.15, `ASVS ${edition}: ${without.length} of ${all.length} offered patterns have no requirement: ${without.join(' ')}`);
    }
  });

  it('prefers concrete patterns: mostly Standard and Detailed', () => {
    const offered = engine.ruleSet.offeredPatterns().map((id) => store.capec().pattern(id)!);
    const meta = offered.filter((p) => p.abstraction === 'Meta');
    assert.ok(meta.length / offered.length < 0.25, `${meta.length} of ${offered.length} are Meta: ${meta.map((p) => p.id)}`);
  });

  it('gives every kind a rule that offers its default patterns, with a reason', () => {
    for (const kind of data.itemKinds().kinds) {
      const rules = engine.ruleSet.rules.filter((r) => r.when.kind?.includes(kind.id) && !r.when.keywords && !r.when.data && r.when.internetFacing === undefined);
      assert.ok(rules.length > 0, `${kind.id} has a kind rule`);
      const offered = new Set(rules.flatMap((r) => r.patterns.map((p) => p.capec)));
      for (const id of kind.defaultAttackPatterns) assert.ok(offered.has(id), `${kind.id}: default ${id} is offered by a kind rule`);
    }
  });

  it('names only declared kinds, keywords and data classes in its conditions', () => {
    const kinds = new Set(data.itemKinds().ids());
    const doc = data.builtinRules().data;
    const keywords = new Set(Object.keys(doc.keywords ?? {}).map(normalizePhrase));
    const dataClasses = new Set(Object.keys(doc.dataClasses ?? {}).map(normalizePhrase));
    for (const rule of engine.ruleSet.rules) {
      for (const k of rule.when.kind ?? []) assert.ok(kinds.has(k), `${rule.id}: kind ${k}`);
      for (const k of rule.when.keywords ?? []) assert.ok(keywords.has(k), `${rule.id}: keyword ${k}`);
      for (const d of rule.when.data ?? []) assert.ok(dataClasses.has(d), `${rule.id}: data class ${d}`);
      for (const p of rule.patterns) assert.ok(p.reason.length > 10 && p.weight > 0 && p.weight <= 10, `${rule.id}: ${p.capec}`);
    }
    for (const spelling of doc.notInText ?? []) {
      assert.ok(engine.ruleSet.keywords.knows(spelling) || engine.ruleSet.dataClasses.knows(spelling), `notInText "${spelling}" is a known spelling`);
    }
    assert.equal(new Set(doc.notInText).size, doc.notInText?.length, 'notInText has no duplicates');
  });

  it('maps the technologies the brief names to their canonical keywords', () => {
    const expectations: Record<string, string> = {
      postgres: 'sql', mysql: 'sql', mongo: 'nosql', 'node.js': 'node', 'spring boot': 'java', k8s: 'kubernetes',
      oidc: 'oauth', 'active directory': 'ldap', 'aws s3': 's3', 'apache kafka': 'kafka', 'c#': 'dotnet', pickle: 'serialization',
    };
    for (const [spelling, keyword] of Object.entries(expectations)) {
      assert.ok(engine.ruleSet.keywords.canonical(spelling).includes(keyword), spelling);
    }
    for (const keyword of ['jwt', 'oauth', 'saml', 'ldap', 'xml', 'graphql', 'sql', 'nosql', 'redis', 's3', 'kafka', 'php', 'java', 'node', 'python', 'kubernetes', 'docker', 'terraform']) {
      assert.ok(engine.ruleSet.rules.some((r) => r.when.keywords?.includes(keyword)), `a rule for ${keyword}`);
    }
  });

  // A phrase inside a longer one counts only as a spelling (see Vocabulary.match), so the longer spelling must
  // carry the keywords of the shorter ones, unless it is deliberately something else.
  it('gives every longer spelling the keywords of the spellings inside it, or says why not', () => {
    const deliberate = new Set([
      'azure ad ds < azure ad', 'ws security < ws', 'jax ws < ws', 'azure ad < ad', 'apache kafka < apache', 'cloud containers < containers',
      'azure container apps < container', 'github actions < github', 'gitlab ci < gitlab', 'bitbucket pipelines < bitbucket', 'github pages < github',
      'gitlab pages < gitlab', 'consul connect < consul', 'envoy sidecar < envoy', 'cloudflare workers < cloudflare', 'react native < react',
      // Data: what the longer phrase names is a different class (stored verifiers, other systems' secrets, tokens, trade secrets).
      'hashed api keys < api keys', 'hashed api keys < keys', 'api key hashes < api key', 'hashed tokens < tokens', 'database credentials < credentials',
      'db credentials < credentials', 'db password < password', 'service account credentials < credentials', 'service credentials < credentials',
      'session tokens < tokens', 'authentication tokens < tokens', 'auth tokens < tokens', 'id tokens < tokens', 'trade secrets < secrets',
    ]);
    const problems: string[] = [];
    for (const vocabulary of [engine.ruleSet.keywords, engine.ruleSet.dataClasses]) {
      const doc = data.builtinRules().data;
      const table = vocabulary === engine.ruleSet.keywords ? doc.keywords ?? {} : doc.dataClasses ?? {};
      const spellings = new Set(Object.entries(table).flatMap(([k, list]) => [k, ...list].map(normalizePhrase)));
      for (const long of spellings) {
        const words = long.split(' ');
        if (words.length < 2) continue;
        const outer = vocabulary.canonical(long);
        for (let i = 0; i < words.length; i++) {
          for (let j = i + 1; j <= words.length; j++) {
            const inner = words.slice(i, j).join(' ');
            if (inner === long || !spellings.has(inner)) continue;
            const missing = vocabulary.canonical(inner).filter((k) => !outer.includes(k));
            if (missing.length > 0 && !deliberate.has(`${long} < ${inner}`)) problems.push(`"${long}" lacks ${missing.join(', ')} of "${inner}"`);
          }
        }
      }
    }
    assert.deepEqual(problems, []);
  });
});
