// Benchmarks of the catalogs as users feel them: cold load of each catalog file, the suggestion data and
// the search index; search latency per keystroke over realistic queries; suggestions for a whole model.
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { CatalogStore } from '../src/core/catalog/catalogStore';
import { ASVS_EDITIONS, type AsvsEdition } from '../src/core/catalog/types';
import { CatalogSearch } from '../src/core/search/catalogSearch';
import { requirementsForItems } from '../src/core/suggest/requirementsForItems';
import { SuggestionData } from '../src/core/suggest/suggestionData';
import type { SuggestableItem } from '../src/core/suggest/suggestionEngine';
import { median, percentile, report, round, timeRuns } from './stats';

/** From out/bench (compiled) or bench (source) to the repository's catalogs/. */
const CATALOGS = join(__dirname, __dirname.includes(join('out', 'bench')) ? '../..' : '..', 'catalogs');

/** What people type: ids, names, abbreviations, typos, requirement topics, and every prefix while typing. */
export const QUERIES: readonly string[] = [
  // ids, whole and partial
  'CAPEC-66', 'capec-63', 'CAPEC 62', 'capec-6', 'capec', '66', '115', '600', '1', '49', '125', '126', '221', '664', '586', '593', '21',
  'V1.2.4', '1.2.4', 'v2.1.1', 'V6.2', '6.2', 'V14', 'v5.3.4', '3.4.1', 'V13.4', '11.1.1', 'CWE-89', 'cwe-79', 'cwe 352',
  // pattern names
  'sql injection', 'cross-site scripting', 'cross site request forgery', 'authentication bypass', 'credential stuffing',
  'password brute forcing', 'flooding', 'path traversal', 'server side request forgery', 'object injection', 'session hijacking',
  'exploitation of trusted identifiers', 'xml external entities', 'command injection', 'os command injection', 'ldap injection',
  'nosql injection', 'buffer overflow', 'clickjacking', 'session fixation', 'http request smuggling', 'cache poisoning',
  'dictionary attack', 'password spraying', 'phishing', 'man in the middle', 'adversary in the middle', 'privilege escalation',
  'code injection', 'format string', 'integer overflow', 'race condition', 'xpath injection', 'email injection', 'log injection',
  'web shell', 'malicious file upload', 'forceful browsing', 'directory indexing', 'fuzzing', 'footprinting', 'sniffing',
  'dns spoofing', 'token impersonation', 'signature spoofing', 'padding oracle', 'rainbow table', 'default credentials',
  'open source library', 'repo jacking', 'software update', 'mass assignment', 'regular expression', 'deserialization',
  // abbreviations
  'xss', 'csrf', 'xsrf', 'xxe', 'ssrf', 'sqli', 'dos', 'ddos', 'mfa', '2fa', 'jwt', 'rce', 'lfi', 'idor', 'mitm', 'tls', 'ssl',
  'cors', 'csp', 'hsts', 'otp', 'sso', 'pii', 'redos', 'authz',
  // typos
  'injectoin', 'sql injectoin', 'scritping', 'cross site scriptng', 'athentication', 'authentification', 'passwrod',
  'brute forse', 'travresal', 'deserialisation', 'sesion hijacking', 'forgerry', 'crendential stuffing', 'flodding',
  'privilege escalaton', 'enryption', 'certficate', 'cokie', 'redirct', 'upload fle',
  // requirement topics
  'password length', 'password reset', 'session timeout', 'session token', 'cookie samesite', 'secure cookie attribute',
  'tls certificate', 'certificate pinning', 'content security policy', 'output encoding', 'parameterized queries',
  'input validation', 'file upload size', 'antivirus scan', 'rate limiting', 'anti automation', 'logging sensitive data',
  'audit log', 'error messages', 'stack trace', 'secrets management', 'key rotation', 'random number generator',
  'hash algorithm', 'encryption at rest', 'oauth authorization code', 'pkce', 'refresh token', 'access token audience',
  'graphql query depth', 'websocket origin', 'cors allowlist', 'http security headers', 'strict transport security',
  'csp nonce', 'subresource integrity', 'dependency check', 'software bill of materials', 'debug mode', 'admin interface',
  'multi factor authentication', 'account lockout', 'credential recovery', 'federated identity', 'saml assertion',
  'xml parser', 'template injection', 'eval', 'sandbox', 'memory safety', 'integer', 'business logic', 'race',
  'data classification', 'personal data', 'privacy', 'data retention', 'backup', 'client side storage', 'browser cache',
  // keystroke by keystroke
  's', 'sq', 'sql', 'sql ', 'sql i', 'sql in', 'sql inj', 'sql inje', 'sql injec', 'sql inject', 'sql injecti', 'sql injectio',
  'p', 'pa', 'pas', 'pass', 'passw', 'passwo', 'passwor', 'password', 'password r', 'password re', 'password res',
  'c', 'cr', 'cro', 'cros', 'cross', 'cross s', 'cross si', 'cross sit', 'cross site', 'cross site r', 'cross site re',
  'a', 'au', 'aut', 'auth', 'authe', 'authen', 'authent', 'authenti', 'authentic', 'authenticat', 'authentication b',
  'V', 'V1', 'V1.', 'V1.2', 'V1.2.', 'C', 'CA', 'CAP', 'CAPE', 'CAPEC-', 'CAPEC-5', 'CAPEC-58',
];

export function runCatalogBenchmarks(): void {
  benchLoad();
  const store = new CatalogStore(CATALOGS);
  for (const edition of ASVS_EDITIONS) benchSearch(store, edition);
  benchSuggestions(store);
}

function benchLoad(): void {
  // Every run uses a fresh store, so each load parses and indexes the file from scratch.
  const files: Array<[string, (s: CatalogStore) => unknown]> = [
    ['capec-3.9.json', (s) => s.capec()],
    ...ASVS_EDITIONS.flatMap((e): Array<[string, (s: CatalogStore) => unknown]> => [
      [`asvs-${e}.json`, (s) => s.asvs(e)],
      [`mapping-asvs-${e}.json`, (s) => s.mapping(e)],
    ]),
  ];
  let first = 0;
  for (const [file, load] of files) {
    const t = performance.now();
    load(new CatalogStore(CATALOGS));
    const firstMs = performance.now() - t;
    first += firstMs;
    const runs = timeRuns(() => load(new CatalogStore(CATALOGS)), 5, 1);
    report({ bench: 'catalog.load', file, firstMs: round(firstMs, 1), medianMs: round(median(runs), 1) });
  }
  const total = timeRuns(() => {
    const s = new CatalogStore(CATALOGS);
    s.capec();
    for (const e of ASVS_EDITIONS) s.catalogs(e);
  }, 5, 1);
  report({ bench: 'catalog.load', file: 'all', firstMs: round(first, 1), medianMs: round(median(total), 1) });

  const suggestData = timeRuns(() => {
    const d = new SuggestionData(CATALOGS);
    d.itemKinds();
    d.builtinRules();
  }, 5, 1);
  const capec = new CatalogStore(CATALOGS).capec();
  const data = new SuggestionData(CATALOGS);
  const compile = timeRuns(() => data.engine(capec), 5, 1);
  report({ bench: 'suggest.load', what: 'item-kinds.yaml + suggestion-rules.yaml', medianMs: round(median(suggestData), 1), compileRulesMs: round(median(compile), 2) });
}

function benchSearch(store: CatalogStore, edition: AsvsEdition): void {
  const capec = store.capec();
  const asvs = store.asvs(edition);
  const build = timeRuns(() => CatalogSearch.build(capec, asvs), 5, 1);
  const search = CatalogSearch.build(capec, asvs);
  report({ bench: 'search.build', edition, documents: search.size, medianMs: round(median(build), 1), maxMs: round(build[build.length - 1], 1) });

  // One warm-up pass (JIT), then every query timed individually, several rounds. The raw figures include
  // whatever else the machine does (GC, other processes); the per-query medians show the search itself.
  for (const q of QUERIES) search.search(q);
  const ROUNDS = 5;
  const times: number[] = [];
  const perQuery = QUERIES.map(() => [] as number[]);
  for (let r = 0; r < ROUNDS; r++) {
    QUERIES.forEach((q, i) => {
      const t = performance.now();
      search.search(q);
      const ms = performance.now() - t;
      times.push(ms);
      perQuery[i].push(ms);
    });
  }
  times.sort((a, b) => a - b);
  const medians = perQuery.map((t) => median([...t].sort((a, b) => a - b)));
  const slowest = medians.indexOf(Math.max(...medians));
  const sortedMedians = [...medians].sort((a, b) => a - b);
  report({
    bench: 'search.query',
    edition,
    queries: QUERIES.length,
    samples: times.length,
    medianMs: round(median(times), 3),
    p99Ms: round(percentile(times, 99), 3),
    maxMs: round(times[times.length - 1], 3),
    perQueryMedianP99Ms: round(percentile(sortedMedians, 99), 3),
    slowestQuery: QUERIES[slowest],
    slowestQueryMedianMs: round(medians[slowest], 3),
    loadAverage: round(loadavg()[0], 2),
    target: 'p99 < 2 ms',
  });
}

function benchSuggestions(store: CatalogStore): void {
  const capec = store.capec();
  const data = new SuggestionData(CATALOGS);
  const engine = data.engine(capec);
  const items = generateItems(data.itemKinds().ids(), 200);
  const runs = timeRuns(() => {
    for (const item of items) engine.suggest(item);
  }, 10);
  report({ bench: 'suggest.items', items: items.length, medianMs: round(median(runs), 2), maxMs: round(runs[runs.length - 1], 2), target: '< 50 ms' });

  // The requirements that follow when each item keeps its top five suggestions.
  const selected = items.map((item, i) => ({ id: `item-${i}`, attackPatterns: engine.suggest(item, { limit: 5 }).map((s) => s.capec) }));
  for (const edition of ASVS_EDITIONS) {
    const catalogs = store.catalogs(edition);
    const derive = timeRuns(() => requirementsForItems(selected, catalogs), 10);
    const { requirements } = requirementsForItems(selected, catalogs);
    report({ bench: 'suggest.requirements', edition, items: selected.length, requirements: requirements.length, medianMs: round(median(derive), 2) });
  }
}

/** Deterministic, varied items: every kind, rotating technology stacks, exposure and data. */
export function generateItems(kinds: readonly string[], count: number): SuggestableItem[] {
  const stacks = [
    ['node', 'express', 'postgres'], ['java', 'spring boot', 'mysql'], ['python', 'django', 'redis'], ['php', 'laravel'],
    ['go', 'grpc', 'kafka'], ['dotnet', 'sql server'], ['mongodb', 'graphql'], ['kubernetes', 'docker', 'terraform'],
    ['react', 'next.js'], ['saml', 'ldap'], ['jwt', 'oauth'], ['s3', 'lambda'], ['rabbitmq', 'celery'], ['openai', 'langchain'],
    ['android', 'kotlin'], ['swift', 'ios'], ['electron'], ['github actions', 'npm'], ['mqtt', 'bluetooth'], ['cobol', 'cics'],
  ];
  const data = [[], ['credentials'], ['personal data'], ['card data'], ['api keys', 'session tokens'], ['health records']];
  const descriptions = [
    '',
    'Handles login and password reset for customers.',
    'Accepts file uploads and generates PDF previews from a URL.',
    'Stores orders in PostgreSQL and sends mail through SendGrid.',
    'Receives webhooks from the payment provider and publishes events to Kafka.',
  ];
  return Array.from({ length: count }, (_, i) => ({
    name: `Item ${i}`,
    kind: kinds[i % kinds.length],
    technologies: stacks[i % stacks.length],
    internetFacing: i % 3 === 0 ? true : i % 3 === 1 ? false : undefined,
    data: data[i % data.length],
    description: descriptions[i % descriptions.length],
  }));
}
