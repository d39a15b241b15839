// Locations shared by the catalog tests: the committed catalogs/ and the upstream sources beside the repo.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CatalogStore } from '../../../src/core/catalog';

// Compiled to out/test/unit/catalog/, four levels below the repository root.
export const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');
export const CATALOG_DIR = resolve(REPO_ROOT, 'catalogs');
export const CURATED_FILE = resolve(CATALOG_DIR, 'curated-links.yaml');
export const REVIEW_DIR = resolve(CATALOG_DIR, 'review');
export const SOURCES_DIR = resolve(REPO_ROOT, '..', 'shared', 'catalog-sources');
export const SOURCES_PRESENT = existsSync(resolve(SOURCES_DIR, 'capec', 'stix-capec-3.9.json'));

/** One store for the committed catalogs, shared by a test file (read-only data). */
export function committedStore(): CatalogStore {
  return new CatalogStore(CATALOG_DIR);
}
