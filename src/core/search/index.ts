// Public API of the catalog search (pure TypeScript; no 'vscode').
export { CatalogSearch, type SearchHit, type SearchMatch, type SearchOptions } from './catalogSearch';
export { CatalogSearchProvider } from './searchProvider';
export { parseIdQuery, type IdQuery } from './idQuery';
export { SEARCH_SYNONYMS } from './synonyms';
