// Ranked, typo-tolerant search over the CAPEC patterns and the ASVS requirements of one edition, fast
// enough to run on every keystroke. Order of results: exact id, then id prefix (a chapter, a section,
// CAPEC-6 -> CAPEC-60..69), then CWE, then text relevance (BM25 over names and texts, with abbreviation
// synonyms, word prefixes for the word being typed, and typo matching for words the catalogs lack).
import type { AsvsIndex } from '../catalog/asvsIndex';
import type { CapecIndex } from '../catalog/capecIndex';
import type { AsvsEdition, AsvsRequirement, AttackPattern, RetiredPattern } from '../catalog/types';
import { TypoIndex } from './fuzzy';
import { parseIdQuery, type IdQuery } from './idQuery';
import { InvertedIndex, type IndexedField } from './invertedIndex';
import { SEARCH_SYNONYMS } from './synonyms';
import { isStopWord, plainWords, stem, terms } from './tokenize';

export type SearchMatch = 'id' | 'id-prefix' | 'cwe' | 'text';

interface HitBase {
  readonly id: string;
  /** Pattern name or requirement text. */
  readonly title: string;
  readonly score: number;
  readonly match: SearchMatch;
}

export type SearchHit =
  | (HitBase & { readonly type: 'capec'; readonly pattern: AttackPattern })
  /** A deprecated or obsolete pattern, found only by its exact id. */
  | (HitBase & { readonly type: 'capec-retired'; readonly retiredPattern: RetiredPattern; readonly replacedBy: readonly string[] })
  | (HitBase & { readonly type: 'asvs'; readonly requirement: AsvsRequirement });

export interface SearchOptions {
  /** At most this many hits (default 50). */
  readonly limit?: number;
  /** Only these catalogs (default both). */
  readonly types?: ReadonlyArray<'capec' | 'asvs'>;
}

type Doc = { readonly type: 'capec'; readonly pattern: AttackPattern; readonly phrase: string } | { readonly type: 'asvs'; readonly requirement: AsvsRequirement; readonly phrase: string };

const FIELD = {
  capecName: { field: 'capec.name', boost: 3 },
  capecDescription: { field: 'capec.description', boost: 1 },
  asvsText: { field: 'asvs.text', boost: 1.5 },
  asvsSection: { field: 'asvs.section', boost: 1 },
  asvsChapter: { field: 'asvs.chapter', boost: 0.5 },
} as const;

const SCORE = { id: 1e6, idPrefix: 1e5, cwe: 1e4 } as const;
const MAX_QUERY_LENGTH = 200;
const MAX_WORDS = 8;
const MAX_PREFIX_TERMS = 200;
/** Longer words are not words anyone mistyped (a pasted token, a hash); typo lookup would cost quadratically. */
const MAX_TYPO_WORD = 24;

/** A query word, with the term lists that count as matching it (itself, then synonym phrases). */
interface Slot {
  readonly word: string;
  readonly alternatives: ReadonlyArray<readonly string[]>;
  readonly last: boolean;
}

export class CatalogSearch {
  private readonly capecById = new Map<string, number>();
  private readonly capecNumbers: Array<{ number: string; doc: number }> = [];
  private readonly asvsOrder: number[] = [];
  private readonly docsByCwe = new Map<string, number[]>();
  /** Per-document score buffers, reused by every query (queries run one at a time) to spare the GC. */
  private readonly scratch: { total: Float64Array; matched: Uint8Array; best: Float64Array; sum: Float64Array; hits: Uint8Array; one: Float64Array };

  private constructor(
    readonly edition: AsvsEdition,
    private readonly capec: CapecIndex,
    private readonly docs: readonly Doc[],
    private readonly index: InvertedIndex,
    private readonly typos: TypoIndex,
  ) {
    docs.forEach((doc, i) => {
      if (doc.type === 'capec') {
        this.capecById.set(doc.pattern.id, i);
        this.capecNumbers.push({ number: doc.pattern.id.slice('CAPEC-'.length), doc: i });
      } else {
        this.asvsOrder.push(i);
      }
      for (const cwe of doc.type === 'capec' ? doc.pattern.cwes : doc.requirement.cwes) {
        const list = this.docsByCwe.get(cwe) ?? [];
        list.push(i);
        this.docsByCwe.set(cwe, list);
      }
    });
    this.capecNumbers.sort((a, b) => Number(a.number) - Number(b.number));
    const n = docs.length;
    this.scratch = { total: new Float64Array(n), matched: new Uint8Array(n), best: new Float64Array(n), sum: new Float64Array(n), hits: new Uint8Array(n), one: new Float64Array(n) };
  }

  /** Indexes the active CAPEC patterns and one edition's ASVS requirements (tens of milliseconds). */
  static build(capec: CapecIndex, asvs: AsvsIndex): CatalogSearch {
    const docs: Doc[] = [];
    const fields: IndexedField[][] = [];
    for (const pattern of capec.patterns) {
      docs.push({ type: 'capec', pattern, phrase: phraseOf(pattern.name) });
      fields.push([
        { ...FIELD.capecName, text: pattern.name },
        { ...FIELD.capecDescription, text: pattern.description },
      ]);
    }
    for (const requirement of asvs.requirements) {
      docs.push({ type: 'asvs', requirement, phrase: phraseOf(requirement.text) });
      fields.push([
        { ...FIELD.asvsText, text: requirement.text },
        { ...FIELD.asvsSection, text: requirement.sectionName },
        { ...FIELD.asvsChapter, text: requirement.chapterName },
      ]);
    }
    const index = InvertedIndex.build(fields);
    return new CatalogSearch(asvs.edition, capec, docs, index, new TypoIndex(index.vocabulary()));
  }

  get size(): number {
    return this.docs.length;
  }

  search(query: string, options: SearchOptions = {}): SearchHit[] {
    const text = query.trim().slice(0, MAX_QUERY_LENGTH);
    if (text.length === 0) return [];
    const limit = options.limit ?? 50;
    const wanted = new Set(options.types ?? ['capec', 'asvs']);
    const found = new Map<number, { score: number; match: SearchMatch }>();
    const extra: SearchHit[] = [];

    const id = parseIdQuery(text);
    // An id query is answered by ids alone: its words ("1", "2", "4" of "1.2.4") would only add noise.
    if (id) this.idMatches(id, found, extra);
    else this.textMatches(text, found);

    const hits: SearchHit[] = wanted.has('capec') ? extra : [];
    const ranked = [...found].sort((a, b) => b[1].score - a[1].score || a[0] - b[0]);
    for (const [doc, { score, match }] of ranked) {
      const d = this.docs[doc];
      if (!wanted.has(d.type)) continue;
      hits.push(
        d.type === 'capec'
          ? { type: 'capec', id: d.pattern.id, title: d.pattern.name, score, match, pattern: d.pattern }
          : { type: 'asvs', id: d.requirement.id, title: d.requirement.text, score, match, requirement: d.requirement },
      );
      if (hits.length >= limit) break;
    }
    return hits.slice(0, limit);
  }

  // ------------------------------------------------------------ ids

  private idMatches(id: IdQuery, found: Map<number, { score: number; match: SearchMatch }>, extra: SearchHit[]): void {
    const put = (doc: number, score: number, match: SearchMatch): void => {
      if ((found.get(doc)?.score ?? -1) < score) found.set(doc, { score, match });
    };
    if (id.kind === 'capec') {
      const exact = this.capecById.get(`CAPEC-${id.number}`);
      if (exact !== undefined) put(exact, SCORE.id, 'id');
      else {
        const resolved = this.capec.resolve(`CAPEC-${id.number}`);
        if (resolved?.kind === 'retired') {
          const r = resolved.retiredPattern;
          extra.push({ type: 'capec-retired', id: r.id, title: r.name, score: SCORE.id, match: 'id', retiredPattern: r, replacedBy: r.replacedBy });
        }
      }
      let rank = 0;
      for (const { number, doc } of this.capecNumbers) {
        if (number !== id.number && number.startsWith(id.number)) put(doc, SCORE.idPrefix - rank++, 'id-prefix');
      }
    } else if (id.kind === 'asvs') {
      const target = `V${id.parts.join('.')}`;
      let rank = 0;
      for (const doc of this.asvsOrder) {
        const d = this.docs[doc];
        if (d.type !== 'asvs') continue;
        const rid = d.requirement.id;
        if (rid === target) put(doc, SCORE.id, 'id');
        // "V1.2" lists its section, "V1" its chapter; "V1.2.1" also offers V1.2.10 and up.
        else if (rid.startsWith(`${target}.`) || (id.parts.length === 3 && rid.startsWith(target))) put(doc, SCORE.idPrefix - rank++, 'id-prefix');
      }
    } else {
      (this.docsByCwe.get(id.id) ?? []).forEach((doc, rank) => put(doc, SCORE.cwe - rank, 'cwe'));
    }
  }

  // ------------------------------------------------------------ text

  private textMatches(text: string, found: Map<number, { score: number; match: SearchMatch }>): void {
    const slots = this.slotsOf(text);
    if (slots.length === 0) return;
    const n = this.docs.length;
    const { total, matched, best, sum, hits, one } = this.scratch;
    total.fill(0);
    matched.fill(0);
    for (const slot of slots) {
      best.fill(0);
      for (const alternative of slot.alternatives) {
        if (alternative.length === 1) {
          this.scoreTerm(alternative[0], slot.last, best);
          continue;
        }
        // A synonym phrase: the mean of its words' scores, discounted when some words are missing.
        sum.fill(0);
        hits.fill(0);
        alternative.forEach((term, i) => {
          one.fill(0);
          this.scoreTerm(term, slot.last && i === alternative.length - 1, one);
          for (let d = 0; d < n; d++) {
            if (one[d] > 0) {
              sum[d] += one[d];
              hits[d]++;
            }
          }
        });
        const k = alternative.length;
        for (let d = 0; d < n; d++) {
          if (hits[d] === 0) continue;
          const v = (sum[d] / k) * (hits[d] / k);
          if (v > best[d]) best[d] = v;
        }
      }
      for (let d = 0; d < n; d++) {
        if (best[d] > 0) {
          total[d] += best[d];
          matched[d]++;
        }
      }
    }

    const phrases = phraseVariants(plainWords(text).slice(0, MAX_WORDS * 2));
    for (let d = 0; d < n; d++) {
      if (matched[d] === 0) continue;
      const coverage = matched[d] / slots.length;
      if (slots.length > 1 && coverage < 0.5) continue;
      const score = total[d] * coverage * coverage * this.titleBonus(this.docs[d], phrases);
      if (score > 0 && !found.has(d)) found.set(d, { score, match: 'text' });
    }
  }

  /** Query words without stop words (unless that leaves none), each with its synonym phrases. */
  private slotsOf(text: string): Slot[] {
    const all = [...new Set(plainWords(text))];
    const words = (all.some((w) => !isStopWord(w)) ? all.filter((w) => !isStopWord(w)) : all).slice(0, MAX_WORDS);
    const endsInWord = /[a-z0-9]$/i.test(text);
    return words.map((word, i) => ({
      word,
      alternatives: [[stem(word)], ...(SEARCH_SYNONYMS[word] ?? []).map(terms).filter((t) => t.length > 0)],
      // The last word may still be being typed: let it match longer words.
      last: i === words.length - 1 && endsInWord,
    }));
  }

  /** Adds into `into` the best score each document gets for `term`: exact, else prefix, else a typo away. */
  private scoreTerm(term: string, typing: boolean, into: Float64Array): void {
    const add = (t: string, factor: number): void => {
      const p = this.index.postings(t);
      if (!p) return;
      for (let i = 0; i < p.docs.length; i++) {
        const v = p.weights[i] * factor;
        if (v > into[p.docs[i]]) into[p.docs[i]] = v;
      }
    };
    const exact = this.index.has(term);
    if (exact) add(term, 1);
    let prefixed = false;
    if (term.length >= (typing ? 2 : 4)) {
      for (const t of this.index.prefixTerms(term, MAX_PREFIX_TERMS)) {
        prefixed = true;
        add(t, 0.5 + (0.4 * term.length) / t.length);
      }
    }
    // Typo matching only when the word is unknown: a real word is what the user meant.
    if (!exact && !prefixed && term.length >= 4 && term.length <= MAX_TYPO_WORD) {
      for (const [t, distance] of this.typos.lookup(term, term.length >= 8 ? 2 : 1)) add(t, distance === 1 ? 0.6 : 0.4);
    }
  }

  /**
   * Favours documents whose title holds the query as a phrase: a pattern named exactly like the query,
   * then one whose name starts with it, then one whose name (or requirement text) contains it.
   */
  private titleBonus(doc: Doc, phrases: ReadonlyArray<{ phrase: string; expanded: boolean }>): number {
    let bonus = 1;
    for (const { phrase, expanded } of phrases) {
      const title = doc.phrase;
      let b = 1;
      if (doc.type === 'capec') {
        // The spelled-out name of an abbreviation is the concept itself ("xss" -> Cross-Site Scripting),
        // ahead of the many patterns that merely carry the abbreviation ("Stored XSS").
        if (title === ` ${phrase} `) b = expanded ? 4 : 3;
        else if (title.startsWith(` ${phrase}`)) b = expanded ? 3.5 : 2.2;
        else if (title.includes(` ${phrase}`)) b = expanded ? 2.5 : 1.8;
      } else if (title.includes(` ${phrase}`)) b = 1.5;
      if (b > bonus) bonus = b;
    }
    return bonus;
  }
}

/** Words of a title joined by single spaces and padded with spaces, for whole-word phrase checks. */
function phraseOf(text: string): string {
  return ` ${plainWords(text).join(' ')} `;
}

/** The query as typed, plus each abbreviation replaced by its spelled-out phrases. */
function phraseVariants(words: readonly string[]): Array<{ phrase: string; expanded: boolean }> {
  const out = [{ phrase: words.join(' '), expanded: false }];
  words.forEach((word, i) => {
    for (const synonym of SEARCH_SYNONYMS[word] ?? []) {
      out.push({ phrase: [...words.slice(0, i), plainWords(synonym).join(' '), ...words.slice(i + 1)].join(' '), expanded: true });
    }
  });
  return out;
}
