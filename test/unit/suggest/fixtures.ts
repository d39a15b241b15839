// Shared, lazily loaded catalogs and suggestion data for the suggest tests (one load per test run file).
import { join } from 'node:path';
import { CatalogStore } from '../../../src/core/catalog/catalogStore';
import { SuggestionData } from '../../../src/core/suggest/suggestionData';
import type { SuggestionEngine } from '../../../src/core/suggest/suggestionEngine';
import { REPO_ROOT } from '../helpers';

export const CATALOGS_DIR = join(REPO_ROOT, 'catalogs');

export function loadFixtures(): { store: CatalogStore; data: SuggestionData } {
  return { store: new CatalogStore(CATALOGS_DIR), data: new SuggestionData(CATALOGS_DIR) };
}

/** The fixtures plus an engine over the built-in rules (this loads the CAPEC catalog). */
export function loadEngineFixtures(): { store: CatalogStore; data: SuggestionData; engine: SuggestionEngine } {
  const { store, data } = loadFixtures();
  return { store, data, engine: data.engine(store.capec()) };
}

/** Ids of the first `n` suggestions. */
export function top(suggestions: ReadonlyArray<{ capec: string }>, n: number): string[] {
  return suggestions.slice(0, n).map((s) => s.capec);
}
