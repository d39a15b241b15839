// Keyword vocabularies (technologies, data classes): canonical keywords with their other spellings, and
// how to find them in an item's fields and free text. Matching is word-based, so "PostgreSQL 15",
// "postgres" and "Postgres" all find `sql`, while "spring" inside "springfield" finds nothing.

/** Lower-case words joined by one space: the form both spellings and item text are compared in. */
export function normalizePhrase(text: string): string {
  return words(text).join(' ');
}

/** Words of a text: lower-case, accents removed, split on anything but letters, digits, "+" and "#" (c++, c#). */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9+#]+/)
    .filter((w) => w.length > 0);
}

/** How a keyword was found in an item. */
export interface KeywordMatch {
  /** The canonical keyword, e.g. "sql". */
  readonly keyword: string;
  /** The spelling found, normalised, e.g. "postgresql". */
  readonly spelling: string;
  /** The item text it was found in, as written (a technology entry, or "description"/"name" text). */
  readonly found: string;
  /** `field`: an entry of the item's own list (technologies, data); `text`: its name or description. */
  readonly where: 'field' | 'text';
}

export class Vocabulary {
  /** Normalised spelling -> canonical keywords it stands for (usually one; none for an ignored phrase). */
  private readonly spellings = new Map<string, string[]>();
  private readonly textExcluded: Set<string>;
  private readonly maxWords: number;
  /** The canonical keywords' own names, normalised. */
  private readonly canonicals = new Set<string>();

  /**
   * @param entries canonical keyword -> other spellings; the keyword matches itself as well
   * @param notInText spellings that count only in field entries, never in free text (everyday words)
   * @param ignored phrases that stand for nothing but hide the keywords inside them: product names such as
   *   "Threat Composer" (not the PHP package manager) or "vector database" (not an SQL database)
   */
  constructor(entries: ReadonlyMap<string, readonly string[]>, notInText: Iterable<string> = [], ignored: Iterable<string> = []) {
    for (const [keyword, others] of entries) {
      const canonical = normalizePhrase(keyword);
      this.canonicals.add(canonical);
      for (const spelling of [keyword, ...others]) {
        const key = normalizePhrase(spelling);
        if (!key) continue;
        const list = this.spellings.get(key) ?? [];
        if (!list.includes(canonical)) list.push(canonical);
        this.spellings.set(key, list);
      }
    }
    for (const phrase of ignored) {
      const key = normalizePhrase(phrase);
      if (key && !this.spellings.has(key)) this.spellings.set(key, []);
    }
    this.textExcluded = new Set([...notInText].map(normalizePhrase));
    this.maxWords = Math.max(1, ...[...this.spellings.keys()].map((k) => k.split(' ').length));
  }

  /** Canonical keywords, normalised. */
  keywords(): string[] {
    const out = new Set<string>();
    for (const list of this.spellings.values()) for (const k of list) out.add(k);
    return [...out];
  }

  /** True when `spelling` (any form) is a known keyword, spelling or ignored phrase. */
  knows(spelling: string): boolean {
    return this.spellings.has(normalizePhrase(spelling));
  }

  /** The canonical keywords a spelling stands for; a spelling nobody declared stands for itself. */
  canonical(spelling: string): string[] {
    const key = normalizePhrase(spelling);
    return this.spellings.get(key) ?? [key];
  }

  /**
   * Everything the item mentions, keyed by canonical keyword AND by the spelling found, so a condition
   * may name either ("sql" matches any SQL database; "postgres" only Postgres). Field matches win over
   * text matches for the same key. At each word the longest known phrase is taken, and a phrase lying wholly
   * inside a longer one counts only as a spelling, not for its keywords: "GitHub Pages" is static hosting,
   * not GitHub, and "Threat Composer" (an ignored phrase) is not the package manager, while a condition
   * naming "dynamodb" still matches "Amazon DynamoDB". Overlapping phrases both count.
   */
  match(fields: readonly string[], texts: readonly string[]): Map<string, KeywordMatch> {
    const found = new Map<string, KeywordMatch>();
    const add = (key: string, m: KeywordMatch): void => {
      const prev = found.get(key);
      if (!prev || (prev.where === 'text' && m.where === 'field')) found.set(key, m);
    };
    const scan = (source: string, where: 'field' | 'text'): void => {
      const ws = words(source);
      // The longest known phrase starting at each word.
      const spans: Array<{ start: number; end: number; phrase: string }> = [];
      for (let i = 0; i < ws.length; i++) {
        let phrase = '';
        let longest: { start: number; end: number; phrase: string } | undefined;
        for (let n = 0; n < this.maxWords && i + n < ws.length; n++) {
          phrase = n === 0 ? ws[i] : `${phrase} ${ws[i + n]}`;
          if (this.spellings.has(phrase)) longest = { start: i, end: i + n + 1, phrase };
        }
        if (longest) spans.push(longest);
      }
      for (const span of spans) {
        const outer = spans.filter((o) => o !== span && o.start <= span.start && o.end >= span.end && o.end - o.start > span.end - span.start);
        const inside = outer.length > 0;
        // Inside an ignored phrase (a product name), a word is nothing at all.
        if (outer.some((o) => (this.spellings.get(o.phrase) ?? []).length === 0)) continue;
        // Field entries are short technology names, so any spelling in them counts ("Node 20").
        if (where === 'text' && this.textExcluded.has(span.phrase)) continue;
        const keywords = this.spellings.get(span.phrase) ?? [];
        if (inside) {
          // Only as the spelling itself, and only where it is not a keyword's own name ("credentials").
          if (keywords.length > 0 && !this.canonicals.has(span.phrase)) add(span.phrase, { keyword: keywords[0], spelling: span.phrase, found: source, where });
          continue;
        }
        for (const keyword of keywords) {
          const m: KeywordMatch = { keyword, spelling: span.phrase, found: source, where };
          add(keyword, m);
          add(span.phrase, m);
        }
      }
    };
    for (const f of fields) scan(f, 'field');
    for (const t of texts) scan(t, 'text');
    return found;
  }
}
