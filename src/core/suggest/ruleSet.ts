// Built-in and workspace rule files merged into one checked rule set. Workspace rules add to the built-in
// ones or replace them by id; their mistakes become warnings and never take the built-in rules down.
import type { CapecIndex } from '../catalog/capecIndex';
import { formatPath } from '../model/problem';
import type { FileProblem } from './configFile';
import type { ItemKindTaxonomy } from './itemKinds';
import type { RuleInput, RulesDocument } from './rulesFile';
import { normalizePhrase, Vocabulary } from './vocabulary';

export type RuleSource = 'builtin' | 'workspace';

export interface RulePattern {
  readonly capec: string;
  readonly weight: number;
  readonly reason: string;
}

export interface RuleConditions {
  /** Canonical kind ids. */
  readonly kind?: readonly string[];
  /** Normalised keywords or spellings. */
  readonly keywords?: readonly string[];
  readonly internetFacing?: boolean;
  /** Normalised data classes or spellings. */
  readonly data?: readonly string[];
}

/** Any one of these found in the item switches the rule off. */
export interface RuleExceptions {
  readonly kind?: readonly string[];
  readonly keywords?: readonly string[];
  readonly data?: readonly string[];
}

export interface SuggestionRule {
  readonly id: string;
  readonly source: RuleSource;
  /** The file the rule comes from, for provenance ("catalogs/suggestion-rules.yaml"). */
  readonly file: string;
  readonly reason?: string;
  readonly when: RuleConditions;
  readonly unless?: RuleExceptions;
  readonly patterns: readonly RulePattern[];
  /** True when this workspace rule replaced a built-in rule of the same id. */
  readonly overridesBuiltin: boolean;
}

export class RuleSet {
  private readonly byId = new Map<string, SuggestionRule>();

  constructor(
    readonly rules: readonly SuggestionRule[],
    readonly keywords: Vocabulary,
    readonly dataClasses: Vocabulary,
    /** Ids of built-in rules a workspace switched off with `disabled: true`. */
    readonly disabled: readonly string[] = [],
  ) {
    for (const r of rules) this.byId.set(r.id, r);
  }

  rule(id: string): SuggestionRule | undefined {
    return this.byId.get(id);
  }

  /** Every CAPEC id some rule can suggest, in numeric order. */
  offeredPatterns(): string[] {
    const ids = new Set<string>();
    for (const r of this.rules) for (const p of r.patterns) ids.add(p.capec);
    return [...ids].sort((a, b) => capecNumber(a) - capecNumber(b));
  }
}

export interface CompileInput {
  readonly builtin: RulesDocument;
  /** Workspace rule files in order of precedence, lowest first. */
  readonly workspace?: readonly RulesDocument[];
  readonly capec: CapecIndex;
  readonly kinds: ItemKindTaxonomy;
}

/**
 * Merges and checks rule files against the CAPEC catalog and the taxonomy. Problems in the built-in file are
 * errors (the shipped data is wrong); in workspace files they are warnings and the offending entry is skipped.
 */
export function compileRules(input: CompileInput): { ruleSet: RuleSet; problems: FileProblem[] } {
  const problems: FileProblem[] = [];
  const docs: Array<{ doc: RulesDocument; source: RuleSource }> = [
    { doc: input.builtin, source: 'builtin' },
    ...(input.workspace ?? []).map((doc) => ({ doc, source: 'workspace' as const })),
  ];

  const keywordTable = new Map<string, string[]>();
  const dataTable = new Map<string, string[]>();
  const notInText: string[] = [];
  const ignored: string[] = [];
  for (const { doc } of docs) {
    mergeTable(keywordTable, doc.data.keywords);
    mergeTable(dataTable, doc.data.dataClasses);
    notInText.push(...(doc.data.notInText ?? []));
    ignored.push(...(doc.data.ignore ?? []));
  }
  // A keyword or data class that a rule names but no table declares still matches its own spelling.
  const knownKeywords = spellingsOf(keywordTable);
  const knownData = spellingsOf(dataTable);
  const declare = (table: Map<string, string[]>, known: Set<string>, spelling: string): void => {
    const key = normalizePhrase(spelling);
    if (known.has(key)) return;
    known.add(key);
    table.set(key, []);
  };
  for (const { doc } of docs) {
    for (const rule of doc.data.rules) {
      for (const k of [...(rule.when?.keywords ?? []), ...(rule.unless?.keywords ?? [])]) declare(keywordTable, knownKeywords, k);
      for (const d of [...(rule.when?.data ?? []), ...(rule.unless?.data ?? [])]) declare(dataTable, knownData, d);
    }
  }
  const keywords = new Vocabulary(keywordTable, notInText, ignored);
  const dataClasses = new Vocabulary(dataTable, notInText, ignored);

  // Insertion order of a Map keeps a replaced rule in its built-in position, so output stays stable.
  const merged = new Map<string, SuggestionRule>();
  const disabled: string[] = [];
  for (const { doc, source } of docs) {
    const report = (path: ReadonlyArray<string | number>, message: string): void => {
      problems.push({ file: doc.file, message, range: doc.locate(path), severity: source === 'builtin' ? 'error' : 'warning', path: formatPath(path) });
    };
    doc.data.rules.forEach((rule, index) => {
      const at = (...rest: Array<string | number>): Array<string | number> => ['rules', index, ...rest];
      const reportRule = (path: Array<string | number>, message: string): void => report(at(...path), `rule "${rule.id}": ${message}`);
      if (rule.disabled) {
        if (!merged.has(rule.id)) reportRule(['id'], 'is disabled, but no earlier rule has that id');
        else if (merged.get(rule.id)?.source === 'builtin') disabled.push(rule.id);
        merged.delete(rule.id);
        return;
      }
      const compiled = compileRule(rule, doc.file, source, merged.get(rule.id)?.source === 'builtin', input, reportRule);
      if (compiled) merged.set(rule.id, compiled);
    });
  }
  return { ruleSet: new RuleSet([...merged.values()], keywords, dataClasses, disabled), problems };
}

function compileRule(
  rule: RuleInput,
  file: string,
  source: RuleSource,
  overridesBuiltin: boolean,
  input: CompileInput,
  report: (path: Array<string | number>, message: string) => void,
): SuggestionRule | undefined {
  const when = rule.when ?? {};
  const kindIds = (kinds: readonly string[] | undefined, where: 'when' | 'unless'): string[] | undefined =>
    kinds?.map((k, i) => {
      const resolved = input.kinds.resolve(k);
      // Unknown kinds are allowed (a team may use its own), but most often they are typos.
      const effect = where === 'when' ? 'it matches only items of that exact kind' : 'it switches the rule off only for items of that exact kind';
      if (!resolved) report([where, 'kind', i], `unknown item kind "${k}" (known kinds: ${input.kinds.ids().join(', ')}); ${effect}`);
      return resolved?.id ?? input.kinds.canonicalId(k);
    });
  const kind = kindIds(when.kind, 'when');
  const unlessKind = kindIds(rule.unless?.kind, 'unless');
  if (kind && unlessKind && kind.every((k) => unlessKind.includes(k))) {
    report(['unless', 'kind'], 'excludes every kind the rule is for, so it can never apply');
  }
  const patterns: RulePattern[] = [];
  for (const [key, entry] of Object.entries(rule.patterns ?? {})) {
    const resolved = input.capec.resolve(key);
    if (!resolved) {
      report(['patterns', key], `${key} is not an attack pattern of CAPEC ${input.capec.version}`);
      continue;
    }
    if (resolved.kind === 'retired') {
      const instead = resolved.replacedBy.map((p) => `${p.id} (${p.name})`).join(' or ');
      report(['patterns', key], `${key} is ${resolved.retiredPattern.status.toLowerCase()} in CAPEC ${input.capec.version}${instead ? `; use ${instead}` : ''}`);
      continue;
    }
    const { weight, reason } = typeof entry === 'number' ? { weight: entry, reason: rule.reason ?? '' } : entry;
    patterns.push({ capec: resolved.id, weight, reason });
  }
  if (patterns.length === 0) {
    report(['id'], overridesBuiltin ? 'has no usable patterns; the built-in rule of that id stays in force' : 'has no usable patterns and is ignored');
    return undefined;
  }
  return {
    id: rule.id,
    source,
    file,
    reason: rule.reason,
    when: {
      kind,
      keywords: when.keywords?.map(normalizePhrase),
      internetFacing: when.internetFacing,
      data: when.data?.map(normalizePhrase),
    },
    unless: rule.unless && {
      kind: unlessKind,
      keywords: rule.unless.keywords?.map(normalizePhrase),
      data: rule.unless.data?.map(normalizePhrase),
    },
    patterns,
    overridesBuiltin,
  };
}

function mergeTable(table: Map<string, string[]>, add: Record<string, string[]> | undefined): void {
  for (const [keyword, spellings] of Object.entries(add ?? {})) {
    const key = normalizePhrase(keyword);
    table.set(key, [...(table.get(key) ?? []), ...spellings]);
  }
}

/** Every keyword and spelling of a table, normalised: built once, so that a large workspace file stays linear. */
function spellingsOf(table: ReadonlyMap<string, readonly string[]>): Set<string> {
  const out = new Set<string>();
  for (const [keyword, spellings] of table) {
    out.add(keyword);
    for (const s of spellings) out.add(normalizePhrase(s));
  }
  return out;
}

function capecNumber(id: string): number {
  return Number(id.slice(id.indexOf('-') + 1));
}

