// Measures how much of CAPEC each mapping reaches, overall, per provenance method, per abstraction and
// per CAPEC domain, and renders the report written to catalogs/coverage.md.
import type { AsvsCatalogFile, CapecCatalogFile, MappingFile, MappingMethod } from '../../src/core/catalog/types';
import { MAPPING_METHODS } from '../../src/core/catalog/types';

export interface EditionCoverage {
  edition: string;
  patterns: number;
  covered: number;
  requirements: number;
  requirementsReached: number;
  links: number;
  /** Patterns with at least one link of the method, and links carrying the method. */
  byMethod: Record<MappingMethod, { patterns: number; links: number }>;
  /** Patterns covered using only links up to and including this method (cumulative, in MAPPING order below). */
  cumulative: { label: string; covered: number }[];
  byAbstraction: Record<string, { total: number; covered: number }>;
  byDomain: Record<string, { total: number; covered: number }>;
  unmapped: number;
  uncovered: string[];
  /** Uncovered patterns that no reviewer listed under noCounterpart. */
  unexplained: string[];
  /** The relevance review, over Software-domain patterns. */
  relevance: {
    /** Software patterns the review has read (its links carry a relevance). */
    reviewed: number;
    software: number;
    withPrimary: number;
    withPrimaryOrSupporting: number;
    /** Reviewed Software patterns with no primary or supporting link, and why. */
    withoutCounterpart: { capec: string; reason: string }[];
    /** Links per relevance, over all patterns. */
    links: Record<'primary' | 'supporting' | 'related' | 'unreviewed', number>;
  };
}

const CUMULATIVE: { label: string; methods: MappingMethod[] }[] = [
  { label: 'cwe', methods: ['cwe'] },
  { label: '+ cwe-parent', methods: ['cwe', 'cwe-parent'] },
  { label: '+ curated', methods: ['cwe', 'cwe-parent', 'curated'] },
  { label: '+ capec-parent (all)', methods: ['cwe', 'cwe-parent', 'curated', 'capec-parent'] },
];

/** `reviewed`: the patterns the relevance review read (its candidates may all have been dropped). */
export function measureCoverage(capec: CapecCatalogFile, asvs: AsvsCatalogFile, mapping: MappingFile, reviewed: ReadonlySet<string> = new Set()): EditionCoverage {
  const linked = new Map<string, Set<MappingMethod>>();
  const byMethod = Object.fromEntries(MAPPING_METHODS.map((m) => [m, { patterns: 0, links: 0 }])) as EditionCoverage['byMethod'];
  const patternMethods = new Map<string, Set<MappingMethod>>();
  const reached = new Set<string>();
  for (const link of mapping.links) {
    reached.add(link.requirement);
    const methods = new Set(link.provenance.map((p) => p.method));
    for (const m of methods) byMethod[m].links++;
    const set = patternMethods.get(link.capec) ?? new Set<MappingMethod>();
    methods.forEach((m) => set.add(m));
    patternMethods.set(link.capec, set);
    linked.set(link.capec, set);
  }
  for (const set of patternMethods.values()) for (const m of set) byMethod[m].patterns++;

  const byAbstraction: EditionCoverage['byAbstraction'] = {};
  const byDomain: EditionCoverage['byDomain'] = {};
  const uncovered: string[] = [];
  for (const p of capec.patterns) {
    const covered = linked.has(p.id);
    if (!covered) uncovered.push(p.id);
    const a = (byAbstraction[p.abstraction] ??= { total: 0, covered: 0 });
    a.total++;
    if (covered) a.covered++;
    for (const d of p.domains) {
      const e = (byDomain[d] ??= { total: 0, covered: 0 });
      e.total++;
      if (covered) e.covered++;
    }
  }
  const relevance: EditionCoverage['relevance'] = {
    reviewed: 0,
    software: 0,
    withPrimary: 0,
    withPrimaryOrSupporting: 0,
    withoutCounterpart: [],
    links: { primary: 0, supporting: 0, related: 0, unreviewed: 0 },
  };
  for (const link of mapping.links) relevance.links[link.relevance ?? 'unreviewed']++;
  for (const p of capec.patterns.filter((x) => x.domains.includes('Software'))) {
    relevance.software++;
    const links = mapping.links.filter((l) => l.capec === p.id);
    const read = reviewed.has(p.id) || links.some((l) => l.relevance);
    if (!read && !mapping.unmapped.some((u) => u.capec === p.id)) continue;
    relevance.reviewed++;
    if (links.some((l) => l.relevance === 'primary')) relevance.withPrimary++;
    if (links.some((l) => l.relevance === 'primary' || l.relevance === 'supporting')) relevance.withPrimaryOrSupporting++;
    else {
      const reason =
        mapping.unmapped.find((u) => u.capec === p.id)?.reason ??
        (links.length > 0
          ? 'The review found no ASVS requirement that addresses this attack; its links only share a weakness with it (shown on request).'
          : 'The review found no ASVS requirement that addresses this attack, among the requirements sharing its weaknesses or its words.');
      relevance.withoutCounterpart.push({ capec: p.id, reason });
    }
  }
  const cumulative = CUMULATIVE.map(({ label, methods }) => ({
    label,
    covered: [...patternMethods.values()].filter((set) => methods.some((m) => set.has(m))).length,
  }));
  return {
    edition: asvs.meta.edition,
    patterns: capec.patterns.length,
    covered: linked.size,
    requirements: asvs.requirements.length,
    requirementsReached: reached.size,
    links: mapping.links.length,
    byMethod,
    cumulative,
    byAbstraction,
    byDomain,
    unmapped: mapping.unmapped.length,
    uncovered,
    unexplained: uncovered.filter((id) => !mapping.unmapped.some((u) => u.capec === id)),
    relevance,
  };
}

const pct = (n: number, d: number): string => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`);

export function renderCoverage(capec: CapecCatalogFile, editions: EditionCoverage[], curatedCounts: Record<string, number>): string {
  const lines: string[] = [];
  const abstractionCounts = ['Meta', 'Standard', 'Detailed']
    .map((a) => `${capec.patterns.filter((p) => p.abstraction === a).length} ${a}`)
    .join(', ');
  lines.push('# CAPEC → ASVS mapping coverage', '');
  lines.push('Generated by `npm run catalogs` (tools/catalogs/build.ts). Do not edit by hand.', '');
  lines.push(
    `CAPEC ${capec.meta.capecVersion}: ${capec.patterns.length} active patterns (${abstractionCounts}), ` +
      `${capec.retired.length} retired, ${capec.categories.length} categories, ${capec.views.length} views.`,
    '',
  );
  lines.push('| | ' + editions.map((e) => `ASVS ${e.edition}`).join(' | ') + ' |');
  lines.push('|---|' + editions.map(() => '---|').join(''));
  const row = (label: string, f: (e: EditionCoverage) => string): void => {
    lines.push(`| ${label} | ` + editions.map(f).join(' | ') + ' |');
  };
  row('Requirements', (e) => String(e.requirements));
  row('Patterns with ≥1 requirement', (e) => `${e.covered} / ${e.patterns} (${pct(e.covered, e.patterns)})`);
  row('Requirements reached', (e) => `${e.requirementsReached} / ${e.requirements}`);
  row('CAPEC–requirement links', (e) => String(e.links));
  row('Curated links (in curated-links.yaml)', (e) => String(curatedCounts[e.edition] ?? 0));
  row('Patterns reviewed as without ASVS counterpart', (e) => String(e.unmapped));
  lines.push('', '## Relevance (the review of every link)', '');
  lines.push(
    'Each link of a reviewed pattern is primary (implementing it materially prevents or detects the attack), supporting ' +
      '(defence in depth) or related (shares a weakness, does not address the attack; never added by default). Two ' +
      'independent readings decide, a third where they disagree, and two more gave a second opinion on the supporting links (catalogs/review/). Software-domain patterns:',
    '',
  );
  lines.push('| | ' + editions.map((e) => `ASVS ${e.edition}`).join(' | ') + ' |');
  lines.push('|---|' + editions.map(() => '---|').join(''));
  row('Software patterns reviewed', (e) => `${e.relevance.reviewed} / ${e.relevance.software}`);
  row('… with ≥1 primary link', (e) => `${e.relevance.withPrimary} (${pct(e.relevance.withPrimary, e.relevance.reviewed)})`);
  row('… with ≥1 primary or supporting link', (e) => `${e.relevance.withPrimaryOrSupporting} (${pct(e.relevance.withPrimaryOrSupporting, e.relevance.reviewed)})`);
  row('Links: primary / supporting / related / not yet reviewed', (e) => `${e.relevance.links.primary} / ${e.relevance.links.supporting} / ${e.relevance.links.related} / ${e.relevance.links.unreviewed}`);
  for (const e of editions) {
    if (e.relevance.withoutCounterpart.length === 0) continue;
    lines.push('', `Reviewed Software patterns without a primary or supporting link in ASVS ${e.edition} (${e.relevance.withoutCounterpart.length}):`, '');
    for (const w of e.relevance.withoutCounterpart) lines.push(`- ${w.capec} ${capec.patterns.find((p) => p.id === w.capec)?.name ?? ''}: ${w.reason}`);
  }
  lines.push('', '## Per provenance method', '');
  lines.push('Patterns and links carrying each method (a link can carry several).', '');
  lines.push('| Method | ' + editions.map((e) => `${e.edition} patterns | ${e.edition} links`).join(' | ') + ' |');
  lines.push('|---|' + editions.map(() => '---|---|').join(''));
  for (const m of MAPPING_METHODS) {
    lines.push(`| ${m} | ` + editions.map((e) => `${e.byMethod[m].patterns} | ${e.byMethod[m].links}`).join(' | ') + ' |');
  }
  lines.push('', 'Cumulative: patterns covered when only these methods count.', '');
  lines.push('| Methods | ' + editions.map((e) => e.edition).join(' | ') + ' |');
  lines.push('|---|' + editions.map(() => '---|').join(''));
  editions[0].cumulative.forEach((c, i) => {
    lines.push(`| ${c.label} | ` + editions.map((e) => `${e.cumulative[i].covered} (${pct(e.cumulative[i].covered, e.patterns)})`).join(' | ') + ' |');
  });
  lines.push('', '## Per abstraction', '');
  lines.push('| Abstraction | ' + editions.map((e) => e.edition).join(' | ') + ' |');
  lines.push('|---|' + editions.map(() => '---|').join(''));
  for (const a of ['Meta', 'Standard', 'Detailed']) {
    lines.push(`| ${a} | ` + editions.map((e) => fmt(e.byAbstraction[a])).join(' | ') + ' |');
  }
  lines.push('', '## Per CAPEC domain', '');
  lines.push('A pattern can belong to several domains.', '');
  lines.push('| Domain | ' + editions.map((e) => e.edition).join(' | ') + ' |');
  lines.push('|---|' + editions.map(() => '---|').join(''));
  const domains = [...new Set(editions.flatMap((e) => Object.keys(e.byDomain)))].sort();
  for (const d of domains) {
    lines.push(`| ${d} | ` + editions.map((e) => fmt(e.byDomain[d])).join(' | ') + ' |');
  }
  lines.push('', '## Patterns without requirements', '');
  lines.push('Patterns reviewed as having no ASVS counterpart are listed, with the reason, under `noCounterpart` in curated-links.yaml.', '');
  const names = new Map(capec.patterns.map((p) => [p.id, p.name]));
  for (const e of editions) {
    lines.push(`### ASVS ${e.edition} (${e.uncovered.length}; without a recorded reason: ${e.unexplained.length})`, '');
    lines.push(e.uncovered.map((id) => `${id} ${names.get(id)}`).join('; ') || 'none', '');
  }
  return lines.join('\n');
}

function fmt(c: { total: number; covered: number } | undefined): string {
  return c ? `${c.covered} / ${c.total} (${pct(c.covered, c.total)})` : '-';
}
