// Typo tolerance: a symmetric deletion index (SymSpell's idea) finds, without scanning the vocabulary,
// the terms one edit away (insertion, deletion, substitution or swap of neighbours), and two away for
// long words; candidates are confirmed with the optimal-string-alignment distance.

export class TypoIndex {
  /** Term, or the term with one letter deleted -> terms. */
  private readonly byKey = new Map<string, string[]>();

  constructor(vocabulary: Iterable<string>, readonly minLength = 3) {
    for (const term of vocabulary) {
      if (term.length < minLength) continue;
      this.add(term, term);
      for (let i = 0; i < term.length; i++) this.add(term.slice(0, i) + term.slice(i + 1), term);
    }
  }

  /** Terms within `maxDistance` (1 or 2) of `word`, with their distance; `word` itself is left out. */
  lookup(word: string, maxDistance: 1 | 2): Map<string, number> {
    const candidates = new Set<string>();
    const probe = (key: string): void => {
      for (const t of this.byKey.get(key) ?? []) candidates.add(t);
    };
    probe(word);
    for (let i = 0; i < word.length; i++) {
      const once = word.slice(0, i) + word.slice(i + 1);
      probe(once);
      if (maxDistance === 2) for (let j = i; j < once.length; j++) probe(once.slice(0, j) + once.slice(j + 1));
    }
    const out = new Map<string, number>();
    for (const t of candidates) {
      if (t === word) continue;
      const d = osaDistance(word, t, maxDistance);
      if (d <= maxDistance) out.set(t, d);
    }
    return out;
  }

  private add(key: string, term: string): void {
    const list = this.byKey.get(key);
    if (!list) this.byKey.set(key, [term]);
    else if (list[list.length - 1] !== term) list.push(term);
  }
}

/** Optimal string alignment distance (Levenshtein plus swaps of neighbours); stops early past `max`. */
export function osaDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}
