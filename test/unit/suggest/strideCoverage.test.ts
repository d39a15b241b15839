// Coverage by design: for every item kind, the rules that apply to the kind alone offer at least one pattern
// of each STRIDE category that applies to that kind of element. The test titles list, per kind, the
// categories and the patterns that cover them, so the report reads as the coverage table.
import { strict as assert } from 'node:assert';
import { STRIDE_CATEGORIES, type StrideCategory } from '../../../src/core/suggest/stride';
import { loadEngineFixtures } from './fixtures';

const { store, data, engine } = loadEngineFixtures();
const stride = data.stride();

/** Patterns offered to an item that says nothing but its kind: its kind rules (exceptions aside). */
function kindPatterns(kind: string): string[] {
  return engine.suggest({ kind }).map((s) => s.capec);
}

function coverage(kind: string): Map<StrideCategory, string[]> {
  const byCategory = new Map<StrideCategory, string[]>();
  for (const id of kindPatterns(kind)) for (const c of stride.of(id)) byCategory.set(c, [...(byCategory.get(c) ?? []), id]);
  return byCategory;
}

describe('STRIDE coverage of the item kinds', () => {
  it('classifies every pattern a rule or a kind default offers', () => {
    const offered = new Set([...engine.ruleSet.offeredPatterns(), ...data.itemKinds().kinds.flatMap((k) => k.defaultAttackPatterns)]);
    const unclassified = [...offered].filter((id) => stride.of(id).length === 0);
    assert.deepEqual(unclassified, []);
  });

  it('names only active CAPEC patterns, each once per category', () => {
    for (const [category, ids] of Object.entries(stride.categories)) {
      assert.equal(new Set(ids).size, ids.length, `${category} lists a pattern twice`);
      for (const id of ids) assert.equal(store.capec().resolve(id)?.kind, 'pattern', `${category}: ${id}`);
    }
  });

  it('lists the STRIDE categories that apply to every kind', () => {
    for (const kind of data.itemKinds().kinds) assert.ok(kind.stride.length >= 2, `${kind.id} lists its categories`);
    const processes = data.itemKinds().kinds.filter((k) => k.stride.length === STRIDE_CATEGORIES.length).map((k) => k.id);
    for (const id of ['rest-api', 'backend-service', 'auth-service', 'container-platform', 'secret-store']) assert.ok(processes.includes(id), id);
  });

  for (const kind of data.itemKinds().kinds) {
    const byCategory = coverage(kind.id);
    const listing = kind.stride.map((c) => `${c}: ${(byCategory.get(c) ?? ['NONE']).join(' ')}`).join('; ');
    it(`${kind.id} — ${listing}`, () => {
      const missing = kind.stride.filter((c) => !byCategory.has(c));
      assert.deepEqual(missing, [], `${kind.id} has no pattern for ${missing.join(', ')}`);
    });
  }

  it('covers spoofing of a service with no technology named, and denial of service on internal services', () => {
    assert.ok(coverage('backend-service').get('spoofing')!.includes('CAPEC-151'));
    assert.ok(coverage('backend-service').get('denial-of-service')!.includes('CAPEC-125'));
    // Secrets in files, logs and backups are disclosure the data stores must be checked for.
    for (const kind of ['config-file', 'secret-store', 'logging-monitoring', 'database']) {
      const disclosure = coverage(kind).get('information-disclosure') ?? [];
      assert.ok(disclosure.includes('CAPEC-639') || disclosure.includes('CAPEC-37'), `${kind}: ${disclosure.join(' ')}`);
    }
  });
});
