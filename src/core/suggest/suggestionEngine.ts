// Ranks CAPEC attack patterns for an architecture item from the suggestion rules. Each suggestion says
// which rules fired and what in the item made them fire, so people can judge it rather than trust it.
import type { CapecIndex } from '../catalog/capecIndex';
import type { CapecAbstraction, CapecLikelihood, CapecSeverity } from '../catalog/types';
import { normalizeCapecId } from '../catalog/ids';
import { SuggestionDataError, type FileProblem } from './configFile';
import type { ItemKindTaxonomy } from './itemKinds';
import { compileRules, type RuleSet, type RuleSource, type SuggestionRule } from './ruleSet';
import type { RulesDocument, RulesFileResult } from './rulesFile';
import type { KeywordMatch } from './vocabulary';

/** What the engine reads of an item; the model's ArchitectureItem and a wizard's draft both fit. */
export interface SuggestableItem {
  readonly name?: string;
  readonly kind: string;
  /** Further kinds the item also is (a server that renders pages and serves an API). */
  readonly alsoKinds?: readonly string[];
  readonly description?: string;
  readonly technologies?: readonly string[];
  readonly internetFacing?: boolean;
  readonly data?: readonly string[];
  /** Patterns already selected for the item. */
  readonly attackPatterns?: readonly string[];
}

export type MatchedCondition =
  | { readonly on: 'kind'; readonly kind: string }
  | { readonly on: 'internetFacing'; readonly value: boolean }
  | ({ readonly on: 'keyword' } & KeywordMatch)
  | ({ readonly on: 'data' } & KeywordMatch);

export interface SuggestionReason {
  readonly rule: string;
  readonly source: RuleSource;
  readonly file: string;
  /** Why the pattern threatens such an item, in words. */
  readonly reason: string;
  /** What this rule added to the score. */
  readonly weight: number;
  /** The item facts that made the rule apply. */
  readonly matched: readonly MatchedCondition[];
}

export interface Suggestion {
  readonly capec: string;
  readonly name: string;
  readonly abstraction: CapecAbstraction;
  readonly severity?: CapecSeverity;
  readonly likelihood?: CapecLikelihood;
  readonly score: number;
  /** In the default attack patterns (item-kinds.yaml) of one of the item's kinds. */
  readonly isDefault: boolean;
  /** Worth selecting without a second look: a kind default, or strong evidence near the top of the list. */
  readonly preselected: boolean;
  /** Already in the item's attackPatterns. */
  readonly selected: boolean;
  /** Strongest first. */
  readonly reasons: readonly SuggestionReason[];
}

export interface SuggestOptions {
  /** Leave out patterns already in the item's attackPatterns. */
  readonly excludeSelected?: boolean;
  /** Leave out these patterns too (any spelling normalizeCapecId accepts). */
  readonly exclude?: Iterable<string>;
  /** At most this many suggestions. */
  readonly limit?: number;
  /** Only suggestions scoring at least this much. */
  readonly minScore?: number;
}

export interface EngineInput {
  readonly capec: CapecIndex;
  readonly kinds: ItemKindTaxonomy;
  readonly builtin: RulesDocument;
  /** Workspace rule files, lowest precedence first; failed parses contribute their problems only. */
  readonly workspace?: ReadonlyArray<RulesFileResult | RulesDocument>;
}

/** A keyword found only in the name or description is weaker evidence than one listed as a technology. */
export const TEXT_MATCH_FACTOR = 0.5;

/**
 * Besides the kind defaults, suggestions scoring at least this much (one strong rule on a listed technology,
 * or two rules agreeing) among the first PRESELECT_RANK are pre-selected.
 */
export const PRESELECT_SCORE = 10;
export const PRESELECT_RANK = 8;

const SEVERITY_RANK: Record<CapecSeverity, number> = { 'Very High': 5, High: 4, Medium: 3, Low: 2, 'Very Low': 1 };

export class SuggestionEngine {
  private constructor(
    readonly capec: CapecIndex,
    readonly kinds: ItemKindTaxonomy,
    readonly ruleSet: RuleSet,
    /** Problems of the workspace rule files (errors and warnings); empty when all is well. */
    readonly problems: readonly FileProblem[],
  ) {}

  /**
   * Compiles the rules. Throws SuggestionDataError when the built-in rules are broken; workspace problems are
   * collected in `problems` and the offending files or entries are left out.
   */
  static create(input: EngineInput): SuggestionEngine {
    const problems: FileProblem[] = [];
    const workspace: RulesDocument[] = [];
    for (const w of input.workspace ?? []) {
      if ('ok' in w) {
        if (w.ok) workspace.push(w.document);
        else problems.push(...w.problems);
      } else workspace.push(w);
    }
    const compiled = compileRules({ builtin: input.builtin, workspace, capec: input.capec, kinds: input.kinds });
    const builtinErrors = compiled.problems.filter((p) => p.file === input.builtin.file && p.severity === 'error');
    if (builtinErrors.length > 0) throw new SuggestionDataError(builtinErrors);
    return new SuggestionEngine(input.capec, input.kinds, compiled.ruleSet, [...problems, ...compiled.problems]);
  }

  /** Ranked suggestions for one item: highest score first, ties broken by default, severity, then CAPEC id. */
  suggest(item: SuggestableItem, options: SuggestOptions = {}): Suggestion[] {
    const kindIds = [...new Set([item.kind, ...(item.alsoKinds ?? [])].map((k) => this.kinds.canonicalId(k)))];
    const texts = [item.name ?? '', item.description ?? ''].filter((t) => t.length > 0);
    const keywords = this.ruleSet.keywords.match(item.technologies ?? [], texts);
    const dataClasses = this.ruleSet.dataClasses.match(item.data ?? [], texts);
    const selected = new Set((item.attackPatterns ?? []).map((id) => normalizeCapecId(id) ?? id));
    const excluded = new Set<string>();
    for (const id of options.exclude ?? []) excluded.add(normalizeCapecId(id) ?? id);
    if (options.excludeSelected) for (const id of selected) excluded.add(id);
    const defaults = new Set(kindIds.flatMap((k) => this.kinds.resolve(k)?.defaultAttackPatterns ?? []));

    const found = new Map<string, { score: number; reasons: SuggestionReason[] }>();
    for (const rule of this.ruleSet.rules) {
      const applied = applies(rule, kindIds, item.internetFacing, keywords, dataClasses);
      if (!applied) continue;
      for (const p of rule.patterns) {
        if (excluded.has(p.capec)) continue;
        const weight = p.weight * applied.factor;
        const entry = found.get(p.capec) ?? { score: 0, reasons: [] };
        entry.score += weight;
        entry.reasons.push({ rule: rule.id, source: rule.source, file: rule.file, reason: p.reason, weight, matched: applied.matched });
        found.set(p.capec, entry);
      }
    }

    const out: Array<Omit<Suggestion, 'preselected'>> = [];
    for (const [capec, { score, reasons }] of found) {
      if (options.minScore !== undefined && score < options.minScore) continue;
      const pattern = this.capec.pattern(capec);
      if (!pattern) continue; // compileRules keeps active patterns only; a stale catalog must not crash
      reasons.sort((a, b) => b.weight - a.weight);
      out.push({
        capec,
        name: pattern.name,
        abstraction: pattern.abstraction,
        severity: pattern.severity,
        likelihood: pattern.likelihood,
        score: Math.round(score * 100) / 100,
        isDefault: defaults.has(capec),
        selected: selected.has(capec),
        reasons,
      });
    }
    out.sort(
      (a, b) =>
        b.score - a.score ||
        Number(b.isDefault) - Number(a.isDefault) ||
        (b.severity ? SEVERITY_RANK[b.severity] : 0) - (a.severity ? SEVERITY_RANK[a.severity] : 0) ||
        capecNumber(a.capec) - capecNumber(b.capec),
    );
    const ranked = out.map((s, rank): Suggestion => ({ ...s, preselected: s.isDefault || (rank < PRESELECT_RANK && s.score >= PRESELECT_SCORE) }));
    return options.limit !== undefined ? ranked.slice(0, Math.max(0, options.limit)) : ranked;
  }
}

function applies(
  rule: SuggestionRule,
  kindIds: readonly string[],
  internetFacing: boolean | undefined,
  keywords: ReadonlyMap<string, KeywordMatch>,
  dataClasses: ReadonlyMap<string, KeywordMatch>,
): { factor: number; matched: MatchedCondition[] } | undefined {
  const { when, unless } = rule;
  if (unless) {
    // Only what the item lists as its technologies or data switches a rule off: a description that mentions
    // "backups copied to S3" does not make a self-hosted database a managed service.
    if (unless.kind?.some((k) => kindIds.includes(k))) return undefined;
    if (unless.keywords?.some((k) => keywords.get(k)?.where === 'field')) return undefined;
    if (unless.data?.some((d) => dataClasses.get(d)?.where === 'field')) return undefined;
  }
  const matched: MatchedCondition[] = [];
  let factor = 1;
  if (when.kind) {
    const kind = kindIds.find((k) => when.kind!.includes(k));
    if (kind === undefined) return undefined;
    matched.push({ on: 'kind', kind });
  }
  if (when.internetFacing !== undefined) {
    if (internetFacing !== when.internetFacing) return undefined;
    matched.push({ on: 'internetFacing', value: internetFacing });
  }
  for (const [on, names, table] of [
    ['keyword', when.keywords, keywords],
    ['data', when.data, dataClasses],
  ] as const) {
    if (!names) continue;
    const hit = bestMatch(names, table);
    if (!hit) return undefined;
    matched.push({ on, ...hit });
    if (hit.where === 'text') factor = Math.min(factor, TEXT_MATCH_FACTOR);
  }
  return { factor, matched };
}

/** The first listed name found in a field, else the first found in text. */
function bestMatch(names: readonly string[], table: ReadonlyMap<string, KeywordMatch>): KeywordMatch | undefined {
  let inText: KeywordMatch | undefined;
  for (const name of names) {
    const m = table.get(name);
    if (m?.where === 'field') return m;
    inText ??= m;
  }
  return inText;
}

function capecNumber(id: string): number {
  return Number(id.slice(id.indexOf('-') + 1));
}
