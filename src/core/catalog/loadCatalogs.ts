// One-call loading of an edition's catalogs from a directory, for the CLI and scripts. Long-lived hosts
// (the extension) keep a CatalogStore instead so each file is read once.
import { CatalogStore, type EditionCatalogs } from './catalogStore';
import type { AsvsEdition } from './types';

export function loadCatalogs(dir: string, edition: AsvsEdition): Promise<EditionCatalogs> {
  return new CatalogStore(dir).catalogsAsync(edition);
}

export function loadCatalogsSync(dir: string, edition: AsvsEdition): EditionCatalogs {
  return new CatalogStore(dir).catalogs(edition);
}
