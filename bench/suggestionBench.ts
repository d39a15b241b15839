// Suggestion quality against the benchmark of public threat models (bench/suggestion-benchmark/): recall of
// the authors' threats in the first ten suggestions and among the pre-selected ones, and precision of the
// first five. Targets: recall@10 >= 85%, pre-selected >= 65%, precision@5 >= 90%.
import { join } from 'node:path';
import { CatalogStore } from '../src/core/catalog/catalogStore';
import { SuggestionData } from '../src/core/suggest/suggestionData';
import { loadBenchmark, scoreComponent, summarize, type ComponentScore } from './suggestionQuality';
import { report, round } from './stats';

const CATALOGS = join(__dirname, __dirname.includes(join('out', 'bench')) ? '../..' : '..', 'catalogs');

export function runSuggestionBenchmarks(): void {
  const benchmark = loadBenchmark();
  const engine = new SuggestionData(CATALOGS).engine(new CatalogStore(CATALOGS).capec());
  const scores = benchmark.components.map((c) => scoreComponent(engine, c, benchmark.judgments));
  const figures = (list: readonly ComponentScore[]) => {
    const f = summarize(list);
    return { ...f, recallAt10: round(f.recallAt10), preselectedRecall: round(f.preselectedRecall), precisionAt5: round(f.precisionAt5) };
  };
  for (const source of benchmark.sources) {
    report({ bench: 'suggest.quality.source', source: source.id, licence: source.licence, ...figures(scores.filter((s) => s.component.source === source.id)) });
  }
  const infra = scores.filter((s) => s.component.source.startsWith('infra-'));
  report({ bench: 'suggest.quality.infrastructure', ...figures(infra) });
  report({ bench: 'suggest.quality.applications', ...figures(scores.filter((s) => !s.component.source.startsWith('infra-'))) });
  report({
    bench: 'suggest.quality',
    sources: benchmark.sources.length,
    ...figures(scores),
    targets: { recallAt10: 0.85, preselectedRecall: 0.65, precisionAt5: 0.9 },
    judgedBy: benchmark.judgments?.judgedBy ?? 'no judgments file: only the authors\' threats count as relevant',
  });
  if (process.env.BENCH_VERBOSE) {
    for (const s of scores) {
      console.log(`\n${s.component.id} (${s.component.item.kind}): ${s.foundIn10}/${s.threats} in 10, ${s.preselected} pre-selected, top 5 relevant ${s.top5.relevant}, unjudged ${s.top5.unjudged.join(' ')}`);
      console.log(`  top 10: ${s.suggestions.slice(0, 10).map((x) => `${x.preselected ? '*' : ''}${x.capec}`).join(' ')}`);
      for (const m of s.missed) console.log(`  missed: ${m}`);
    }
  }
}
