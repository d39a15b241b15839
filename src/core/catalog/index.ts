// Public API of the catalog library (pure TypeScript; no 'vscode').
export * from './types';
export * from './ids';
export { CapecIndex, MECHANISMS_VIEW, DOMAINS_VIEW, type ResolvedCapec } from './capecIndex';
export { AsvsIndex } from './asvsIndex';
export { MappingIndex } from './mappingIndex';
export { requirementsForPatterns, type CatalogIndexes, type DerivedRequirement, type RequirementCause } from './requirementsForPatterns';
export { CatalogStore, CatalogError, CATALOG_FILES, type CatalogReader, type EditionCatalogs } from './catalogStore';
export { loadCatalogs, loadCatalogsSync } from './loadCatalogs';
