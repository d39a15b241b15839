// Regenerates catalogs/ from the upstream files in ../shared/catalog-sources (see catalogs/README.md).
//
//   npm run catalogs                      build and write into catalogs/
//   node out/tools/catalogs/build.js --sources DIR --out DIR --curated FILE --review DIR
//
// Output is deterministic: the same inputs give the same bytes.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AsvsCatalogFile, AsvsEdition, MappingFile } from '../../src/core/catalog/types';
import { ASVS_EDITIONS } from '../../src/core/catalog/types';
import { buildAsvs } from './asvs';
import { deriveAsvs5Cwes } from './asvs5Cwe';
import { buildCapec } from './capec';
import { measureCoverage, renderCoverage, type EditionCoverage } from './coverage';
import { loadCurated } from './curated';
import { loadCweParents } from './cweHierarchy';
import { compactJson, readText, REPO_ROOT, writeOutput } from './io';
import { buildMapping } from './mapping';
import { decide, loadReview, type ReviewDecisions } from './review';
import { FILES } from './sources';


export const OUTPUT_FILES = {
  capec: 'capec-3.9.json',
  asvs: (e: AsvsEdition) => `asvs-${e}.json`,
  mapping: (e: AsvsEdition) => `mapping-asvs-${e}.json`,
  coverage: 'coverage.md',
  capecLicense: 'LICENSE-CAPEC.txt',
  asvsLicense: 'LICENSE-ASVS-CC-BY-SA-4.0.md',
  cweNotice: 'NOTICE-CWE-SDK.txt',
} as const;

export interface BuildOptions {
  sourcesDir: string;
  curatedFile: string;
  /** catalogs/review: the relevance review's readings. */
  reviewDir: string;
}

export interface BuildResult {
  /** Relative output path -> file content. */
  files: Map<string, string>;
  coverage: EditionCoverage[];
  summary: string[];
  notes: string[];
}

export function defaultOptions(): BuildOptions {
  return {
    sourcesDir: resolve(REPO_ROOT, '..', 'shared', 'catalog-sources'),
    curatedFile: resolve(REPO_ROOT, 'catalogs', 'curated-links.yaml'),
    reviewDir: resolve(REPO_ROOT, 'catalogs', 'review'),
  };
}

export function buildCatalogs(options: BuildOptions): BuildResult {
  const { sourcesDir } = options;
  if (!existsSync(join(sourcesDir, FILES.capecStix))) {
    throw new Error(`catalog sources not found in ${sourcesDir} (use --sources DIR)`);
  }
  const files = new Map<string, string>();
  const summary: string[] = [];

  const { file: capec, notes } = buildCapec(sourcesDir);
  files.set(OUTPUT_FILES.capec, compactJson(capec));
  summary.push(
    `CAPEC ${capec.meta.capecVersion}: ${capec.patterns.length} active patterns ` +
      `(${['Meta', 'Standard', 'Detailed'].map((a) => `${capec.patterns.filter((p) => p.abstraction === a).length} ${a}`).join(', ')}), ` +
      `${capec.retired.length} retired, ${capec.categories.length} categories, ${capec.views.length} views`,
  );

  const { file: asvs403, dropped } = buildAsvs(sourcesDir, '4.0.3');
  const ids500 = new Set(buildAsvs(sourcesDir, '5.0.0').file.requirements.map((r) => r.id));
  const derived = deriveAsvs5Cwes(sourcesDir, asvs403.requirements, ids500);
  notes.push(...derived.notes);
  const { file: asvs500 } = buildAsvs(sourcesDir, '5.0.0', derived.byRequirement);
  const asvs: Record<AsvsEdition, AsvsCatalogFile> = { '5.0.0': asvs500, '4.0.3': asvs403 };
  summary.push(`ASVS 4.0.3: ${asvs403.requirements.length} requirements (${dropped.length} [DELETED] rows dropped)`);
  summary.push(
    `ASVS 5.0.0: ${asvs500.requirements.length} requirements, ${asvs500.requirements.filter((r) => r.cwes.length > 0).length} with derived CWEs`,
  );

  const cweParents = loadCweParents(sourcesDir);
  const curated = loadCurated(options.curatedFile);
  const coverage: EditionCoverage[] = [];
  const mappings = {} as Record<AsvsEdition, MappingFile>;
  const reviews = Object.fromEntries(ASVS_EDITIONS.map((e) => [e, decide(loadReview(options.reviewDir, e))])) as Record<AsvsEdition, ReviewDecisions>;
  for (const edition of ASVS_EDITIONS) {
    files.set(OUTPUT_FILES.asvs(edition), compactJson(asvs[edition]));
    mappings[edition] = buildMapping({
      edition,
      patterns: capec.patterns,
      requirements: asvs[edition].requirements,
      cweParents,
      curation: curated[edition],
      review: reviews[edition],
    });
    files.set(OUTPUT_FILES.mapping(edition), compactJson(mappings[edition]));
    coverage.push(measureCoverage(capec, asvs[edition], mappings[edition], new Set(reviews[edition].keys())));
  }

  const curatedCounts = Object.fromEntries(ASVS_EDITIONS.map((e) => [e, curated[e].links.length]));
  files.set(OUTPUT_FILES.coverage, renderCoverage(capec, coverage, curatedCounts) + '\n');
  for (const c of coverage) {
    summary.push(
      `mapping ${c.edition}: ${c.covered}/${c.patterns} patterns covered, ${c.requirementsReached}/${c.requirements} requirements reached, ` +
        `${c.links} links (curated ${curatedCounts[c.edition]}); by method: ` +
        Object.entries(c.byMethod)
          .map(([m, v]) => `${m} ${v.patterns}p/${v.links}l`)
          .join(', '),
    );
    summary.push(
      `  per domain: ` +
        Object.entries(c.byDomain)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([d, v]) => `${d} ${v.covered}/${v.total}`)
          .join(', '),
    );
  }

  files.set(OUTPUT_FILES.capecLicense, readText(sourcesDir, FILES.capecTerms));
  files.set(OUTPUT_FILES.asvsLicense, readText(sourcesDir, FILES.asvsLicense));
  files.set(
    OUTPUT_FILES.cweNotice,
    'The CWE ChildOf edges used to derive the "cwe-parent" links in mapping-asvs-*.json come from\n' +
      'raw/cwe-hierarchy.json of OWASP cwe-sdk-javascript (github.com/OWASP/cwe-sdk-javascript,\n' +
      'commit aaec8079baafd2d29bf6fefb14fc4f3cadf8270a), licensed under the Apache License 2.0 below.\n' +
      'The data is derived from MITRE CWE. CWE™ © The MITRE Corporation; used under the CWE Terms of Use\n' +
      '(https://cwe.mitre.org/about/termsofuse.html). The hierarchy file itself is not redistributed here.\n\n' +
      readText(sourcesDir, FILES.cweSdkLicense),
  );
  return { files, coverage, summary, notes };
}

export function writeCatalogs(result: BuildResult, outDir: string): void {
  for (const [rel, content] of [...result.files].sort(([a], [b]) => a.localeCompare(b))) writeOutput(outDir, rel, content);
}

function parseArgs(argv: string[]): BuildOptions & { outDir: string; verbose: boolean } {
  const defaults = defaultOptions();
  const opts = { ...defaults, outDir: resolve(REPO_ROOT, 'catalogs'), verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return resolve(v);
    };
    if (arg === '--sources') opts.sourcesDir = value();
    else if (arg === '--out') opts.outDir = value();
    else if (arg === '--curated') opts.curatedFile = value();
    else if (arg === '--review') opts.reviewDir = value();
    else if (arg === '--verbose') opts.verbose = true;
    else throw new Error(`unknown argument ${arg}`);
  }
  return opts;
}

if (require.main === module) {
  try {
    const opts = parseArgs(process.argv.slice(2));
    const result = buildCatalogs(opts);
    writeCatalogs(result, opts.outDir);
    for (const line of result.summary) console.log(line);
    if (opts.verbose) for (const line of result.notes) console.log(`note: ${line}`);
    else if (result.notes.length > 0) console.log(`${result.notes.length} notes about upstream data (--verbose to list)`);
    console.log(`wrote ${result.files.size} files to ${opts.outDir}`);
  } catch (err) {
    console.error(`catalogs: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
