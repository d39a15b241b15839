// `npm run bench`: prints one JSON line per figure. Benchmarks measure; they never pass or fail.
import { runCatalogBenchmarks } from './catalogBench';
import { runHostBenchmarks } from './hostBench';
import { runModelBenchmarks } from './modelBench';
import { runSuggestionBenchmarks } from './suggestionBench';
import { runWizardBenchmarks } from './wizardBench';

const only = process.argv[2];
const suites: Record<string, () => void | Promise<void>> = {
  catalog: runCatalogBenchmarks,
  host: runHostBenchmarks,
  model: runModelBenchmarks,
  suggestions: runSuggestionBenchmarks,
  wizard: runWizardBenchmarks,
};

async function main(): Promise<void> {
  for (const [name, run] of Object.entries(suites)) {
    if (!only || only === name) await run();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
