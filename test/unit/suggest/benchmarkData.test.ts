// The suggestion benchmark's data (bench/suggestion-benchmark/) must stay loadable and meaningful: every file
// cites its source and licence, component ids are unique, kinds are known, and every expected pattern is an
// active CAPEC pattern, so a figure printed by `npm run bench` always measures what it says.
import { strict as assert } from 'node:assert';
import { loadBenchmark } from '../../../bench/suggestionQuality';
import { loadEngineFixtures } from './fixtures';

describe('suggestion benchmark data', () => {
  const { store, data } = loadEngineFixtures();
  const benchmark = loadBenchmark();

  it('has at least 30 components from several public sources, infrastructure and supply chain included', () => {
    assert.ok(benchmark.components.length >= 30, `${benchmark.components.length} components`);
    assert.ok(benchmark.sources.length >= 8);
    for (const source of benchmark.sources) assert.match(source.url, /^https:\/\//, source.id);
    const kinds = new Set(benchmark.components.map((c) => data.itemKinds().resolve(c.item.kind)?.id));
    for (const kind of ['container-platform', 'ci-cd-pipeline', 'package-registry', 'secret-store', 'source-repository']) assert.ok(kinds.has(kind), kind);
  });

  it('uses unique component ids, known kinds and active CAPEC patterns', () => {
    const ids = benchmark.components.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length, 'unique ids');
    for (const c of benchmark.components) {
      for (const kind of [c.item.kind, ...(c.item.alsoKinds ?? [])]) assert.ok(data.itemKinds().resolve(kind), `${c.id}: kind ${kind}`);
      assert.ok(c.threats.length > 0, `${c.id} has threats`);
      for (const t of c.threats) for (const id of t.capec) assert.equal(store.capec().resolve(id)?.kind, 'pattern', `${c.id}: ${id}`);
    }
  });

  it('has independent judgments, only for components that exist', () => {
    assert.ok(benchmark.judgments, 'bench/suggestion-benchmark/judgments.yaml is read');
    const ids = new Set(benchmark.components.map((c) => c.id));
    for (const id of Object.keys(benchmark.judgments.components)) assert.ok(ids.has(id), id);
  });
});
