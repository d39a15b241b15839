// The "Start New Project" wizard's work as a person feels it: step 2's catalog search per keystroke (CAPEC
// only, with the summaries it shows), suggestions for an item, and step 3's derivation for 20 items with 10
// patterns each. Targets: under 50 ms for a keystroke's results and for the derivation.
import { join } from 'node:path';
import { CatalogStore } from '../src/core/catalog/catalogStore';
import { CatalogSearch } from '../src/core/search/catalogSearch';
import { SuggestionData } from '../src/core/suggest/suggestionData';
import { requirementViews, suggestionView } from '../src/core/wizard/newProjectDraft';
import { median, percentile, report, round, timeRuns } from './stats';

const CATALOGS = join(__dirname, __dirname.includes(join('out', 'bench')) ? '../..' : '..', 'catalogs');

/** What people type into step 2's search box, keystroke by keystroke. */
const TYPED = ['ldap injection', 'CAPEC-136', 'xml external entities', 'credential stuffing', 'typosquatting', 'container escape'].flatMap((q) =>
  [...q].map((_, i) => q.slice(0, i + 1)),
);

export function runWizardBenchmarks(): void {
  const store = new CatalogStore(CATALOGS);
  const indexes = store.catalogs('5.0.0');
  const search = CatalogSearch.build(indexes.capec, indexes.asvs);
  const engine = new SuggestionData(CATALOGS).engine(indexes.capec);

  const times: number[] = [];
  for (let round_ = 0; round_ < 5; round_++) {
    for (const query of TYPED) {
      const t = performance.now();
      search
        .search(query, { types: ['capec'], limit: 20 })
        .flatMap((h) => (h.type === 'capec' ? [suggestionView({ capec: h.pattern.id, name: h.pattern.name, abstraction: h.pattern.abstraction, score: 0, isDefault: false, preselected: false, selected: false, reasons: [] }, h.pattern.description)] : []));
      times.push(performance.now() - t);
    }
  }
  times.sort((a, b) => a - b);
  report({ bench: 'wizard.search', keystrokes: times.length, medianMs: round(median(times), 3), p99Ms: round(percentile(times, 99), 3), maxMs: round(times[times.length - 1], 3), target: '< 50 ms' });

  const item = { name: 'Shop API', kind: 'rest-api', technologies: ['Node.js', 'Express', 'PostgreSQL'], internetFacing: true, data: ['customer data'] };
  const suggest = timeRuns(() => engine.suggest(item, { limit: 25 }).map((s) => suggestionView(s, indexes.capec.pattern(s.capec)?.description ?? '')), 50);
  report({ bench: 'wizard.suggest', medianMs: round(median(suggest), 3), maxMs: round(suggest[suggest.length - 1], 3) });

  // 20 items with 10 mapped patterns each, spread over the catalog.
  const mapped = indexes.mapping.mappedPatterns();
  const items = Array.from({ length: 20 }, (_, i) => ({ key: `item-${i}`, patterns: Array.from({ length: 10 }, (_, j) => mapped[(i * 37 + j * 11) % mapped.length]) }));
  const derive = timeRuns(() => requirementViews(indexes, items), 20);
  const { requirements } = requirementViews(indexes, items);
  report({ bench: 'wizard.derive', items: items.length, patternsPerItem: 10, requirements: requirements.length, medianMs: round(median(derive), 2), maxMs: round(derive[derive.length - 1], 2), target: '< 50 ms' });
}
