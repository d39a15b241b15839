// Builds each edition's search index on first use and keeps it for the life of the provider. One provider
// per catalog store, owned by whoever owns the store (the extension host, the CLI, a test).
import type { CatalogStore } from '../catalog/catalogStore';
import type { AsvsEdition } from '../catalog/types';
import { CatalogSearch } from './catalogSearch';

export class CatalogSearchProvider {
  private readonly built = new Map<AsvsEdition, CatalogSearch>();
  private readonly pending = new Map<AsvsEdition, Promise<CatalogSearch>>();

  constructor(private readonly store: CatalogStore) {}

  /** The index for an edition, building it (and loading its catalogs) synchronously if needed. */
  get(edition: AsvsEdition): CatalogSearch {
    let search = this.built.get(edition);
    if (!search) {
      search = CatalogSearch.build(this.store.capec(), this.store.asvs(edition));
      this.built.set(edition, search);
    }
    return search;
  }

  /** Like get, reading the catalog files asynchronously; concurrent calls share one build. */
  getAsync(edition: AsvsEdition): Promise<CatalogSearch> {
    const ready = this.built.get(edition);
    if (ready) return Promise.resolve(ready);
    const inFlight = this.pending.get(edition);
    if (inFlight) return inFlight;
    const promise = Promise.all([this.store.capecAsync(), this.store.asvsAsync(edition)])
      .then(([capec, asvs]) => {
        const search = this.built.get(edition) ?? CatalogSearch.build(capec, asvs);
        this.built.set(edition, search);
        return search;
      })
      .finally(() => this.pending.delete(edition));
    this.pending.set(edition, promise);
    return promise;
  }

  /** True once the edition's index exists (for lazy-loading checks). */
  isBuilt(edition: AsvsEdition): boolean {
    return this.built.has(edition);
  }
}
