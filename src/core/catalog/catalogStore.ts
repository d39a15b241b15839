// Lazy, per-directory access to the generated catalogs. Nothing is read at import or construction time;
// each file is read and indexed on first use and kept for the life of the store. Async loads of the same
// file share one read.
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AsvsIndex } from './asvsIndex';
import { CapecIndex, type ResolvedCapec } from './capecIndex';
import { MappingIndex } from './mappingIndex';
import { requirementsForPatterns, type CatalogIndexes, type DerivedRequirement } from './requirementsForPatterns';
import type { AsvsCatalogFile, AsvsEdition, CapecCatalogFile, MappingFile } from './types';
import { ASVS_EDITIONS, CATALOG_SCHEMA_VERSION } from './types';

export const CATALOG_FILES = {
  capec: 'capec-3.9.json',
  asvs: (edition: AsvsEdition): string => `asvs-${edition}.json`,
  mapping: (edition: AsvsEdition): string => `mapping-asvs-${edition}.json`,
} as const;

export class CatalogError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'CatalogError';
  }
}

/** How the store reads files; replaceable in tests or for virtual file systems. */
export interface CatalogReader {
  read(path: string): Promise<string>;
  readSync(path: string): string;
}

/** Reads from the local disk; shared by every loader of shipped data files. */
export const nodeTextReader: CatalogReader = {
  read: (path) => readFile(path, 'utf8'),
  readSync: (path) => readFileSync(path, 'utf8'),
};

/** Loaded catalogs of one ASVS edition, with the CAPEC catalog they share. */
export interface EditionCatalogs extends CatalogIndexes {
  edition: AsvsEdition;
}

type Kind = 'capec' | 'asvs' | 'mapping';

export class CatalogStore {
  private readonly cache = new Map<string, unknown>();
  private readonly pending = new Map<string, Promise<unknown>>();

  constructor(
    readonly dir: string,
    private readonly reader: CatalogReader = nodeTextReader,
  ) {}

  // ------------------------------------------------------------ sync

  capec(): CapecIndex {
    return this.getSync(CATALOG_FILES.capec, (text) => new CapecIndex(parse<CapecCatalogFile>(text, CATALOG_FILES.capec, 'capec')));
  }

  asvs(edition: AsvsEdition): AsvsIndex {
    const name = CATALOG_FILES.asvs(checkEdition(edition));
    return this.getSync(name, (text) => new AsvsIndex(parse<AsvsCatalogFile>(text, name, 'asvs', edition)));
  }

  mapping(edition: AsvsEdition): MappingIndex {
    const name = CATALOG_FILES.mapping(checkEdition(edition));
    return this.getSync(name, (text) => new MappingIndex(parse<MappingFile>(text, name, 'mapping', edition)));
  }

  catalogs(edition: AsvsEdition): EditionCatalogs {
    return { edition, capec: this.capec(), asvs: this.asvs(edition), mapping: this.mapping(edition) };
  }

  /** Active or retired pattern (flagged `retired`); undefined when the id is unknown. */
  resolveCapec(id: string): ResolvedCapec | undefined {
    return this.capec().resolve(id);
  }

  requirementsForPatterns(patternIds: Iterable<string>, edition: AsvsEdition): DerivedRequirement[] {
    return requirementsForPatterns(this.catalogs(edition), patternIds);
  }

  // ------------------------------------------------------------ async

  capecAsync(): Promise<CapecIndex> {
    return this.getAsync(CATALOG_FILES.capec, (text) => new CapecIndex(parse<CapecCatalogFile>(text, CATALOG_FILES.capec, 'capec')));
  }

  asvsAsync(edition: AsvsEdition): Promise<AsvsIndex> {
    const name = CATALOG_FILES.asvs(checkEdition(edition));
    return this.getAsync(name, (text) => new AsvsIndex(parse<AsvsCatalogFile>(text, name, 'asvs', edition)));
  }

  mappingAsync(edition: AsvsEdition): Promise<MappingIndex> {
    const name = CATALOG_FILES.mapping(checkEdition(edition));
    return this.getAsync(name, (text) => new MappingIndex(parse<MappingFile>(text, name, 'mapping', edition)));
  }

  /** Loads (once) everything one edition needs; afterwards the sync methods answer from memory. */
  async catalogsAsync(edition: AsvsEdition): Promise<EditionCatalogs> {
    const [capec, asvs, mapping] = await Promise.all([this.capecAsync(), this.asvsAsync(edition), this.mappingAsync(edition)]);
    return { edition, capec, asvs, mapping };
  }

  async resolveCapecAsync(id: string): Promise<ResolvedCapec | undefined> {
    return (await this.capecAsync()).resolve(id);
  }

  async requirementsForPatternsAsync(patternIds: Iterable<string>, edition: AsvsEdition): Promise<DerivedRequirement[]> {
    return requirementsForPatterns(await this.catalogsAsync(edition), patternIds);
  }

  /** True once the file has been read and indexed (for tests and lazy-loading checks). */
  isLoaded(kind: 'capec'): boolean;
  isLoaded(kind: 'asvs' | 'mapping', edition: AsvsEdition): boolean;
  isLoaded(kind: Kind, edition?: AsvsEdition): boolean {
    return this.cache.has(kind === 'capec' || edition === undefined ? CATALOG_FILES.capec : CATALOG_FILES[kind](edition));
  }

  // ------------------------------------------------------------ internals

  private getSync<T>(name: string, build: (text: string) => T): T {
    if (this.cache.has(name)) return this.cache.get(name) as T;
    const path = join(this.dir, name);
    let text: string;
    try {
      text = this.reader.readSync(path);
    } catch (err) {
      throw new CatalogError(`cannot read catalog (${err instanceof Error ? err.message : String(err)})`, path);
    }
    const value = build(text);
    this.cache.set(name, value);
    return value;
  }

  private getAsync<T>(name: string, build: (text: string) => T): Promise<T> {
    if (this.cache.has(name)) return Promise.resolve(this.cache.get(name) as T);
    const inFlight = this.pending.get(name);
    if (inFlight) return inFlight as Promise<T>;
    const path = join(this.dir, name);
    const promise = this.reader
      .read(path)
      .catch((err: unknown) => {
        throw new CatalogError(`cannot read catalog (${err instanceof Error ? err.message : String(err)})`, path);
      })
      .then((text) => {
        // A sync call may have filled the cache meanwhile; keep one instance.
        if (this.cache.has(name)) return this.cache.get(name) as T;
        const value = build(text);
        this.cache.set(name, value);
        return value;
      })
      .finally(() => this.pending.delete(name));
    this.pending.set(name, promise);
    return promise;
  }
}

function checkEdition(edition: AsvsEdition): AsvsEdition {
  if (!ASVS_EDITIONS.includes(edition)) throw new Error(`unknown ASVS edition "${String(edition)}"`);
  return edition;
}

function parse<T extends { meta: { kind: string; schemaVersion: number; edition?: string } }>(
  text: string,
  name: string,
  kind: Kind,
  edition?: AsvsEdition,
): T {
  let data: T;
  try {
    data = JSON.parse(text) as T;
  } catch (err) {
    throw new CatalogError(`not valid JSON (${err instanceof Error ? err.message : String(err)})`, name);
  }
  const meta = data?.meta;
  if (!meta || meta.kind !== kind) throw new CatalogError(`expected a "${kind}" catalog`, name);
  if (meta.schemaVersion !== CATALOG_SCHEMA_VERSION) {
    throw new CatalogError(`schema version ${meta.schemaVersion}, this build reads ${CATALOG_SCHEMA_VERSION}; regenerate with npm run catalogs`, name);
  }
  if (edition !== undefined && meta.edition !== edition) throw new CatalogError(`holds ASVS ${meta.edition}, expected ${edition}`, name);
  return data;
}
