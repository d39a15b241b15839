// A compact BM25 inverted index: for every term, the documents containing it with a precomputed weight
// (field boosts and length normalisation folded in), so a query only adds numbers.
import { terms } from './tokenize';

export interface IndexedField {
  /** Fields of the same name share length statistics ("name", "description", ...). */
  readonly field: string;
  readonly text: string;
  readonly boost: number;
}

export interface Postings {
  readonly docs: Int32Array;
  readonly weights: Float32Array;
}

const K1 = 1.2;
const B = 0.75;

export class InvertedIndex {
  private constructor(
    readonly docCount: number,
    private readonly postingsByTerm: Map<string, Postings>,
    /** All terms, sorted, for prefix lookups by binary search. */
    private readonly sortedTerms: string[],
  ) {}

  static build(docs: ReadonlyArray<readonly IndexedField[]>): InvertedIndex {
    const tokenized = docs.map((fields) => fields.map((f) => ({ field: f.field, boost: f.boost, terms: terms(f.text) })));
    const totals = new Map<string, { length: number; count: number }>();
    for (const fields of tokenized) {
      for (const f of fields) {
        const t = totals.get(f.field) ?? { length: 0, count: 0 };
        t.length += f.terms.length;
        t.count += 1;
        totals.set(f.field, t);
      }
    }
    const averages = new Map([...totals].map(([field, t]) => [field, t.count > 0 ? t.length / t.count : 1]));

    // Documents are visited in order, so each term's document list grows sorted and a document seen
    // again for the same term (another field) is always the last entry.
    const docLists = new Map<string, { docs: number[]; parts: number[] }>();
    const tf = new Map<string, number>();
    tokenized.forEach((fields, doc) => {
      for (const f of fields) {
        if (f.terms.length === 0) continue;
        tf.clear();
        for (const t of f.terms) tf.set(t, (tf.get(t) ?? 0) + 1);
        const norm = K1 * (1 - B + (B * f.terms.length) / (averages.get(f.field) ?? 1));
        for (const [t, n] of tf) {
          const part = (f.boost * (n * (K1 + 1))) / (n + norm);
          let list = docLists.get(t);
          if (!list) docLists.set(t, (list = { docs: [], parts: [] }));
          const last = list.docs.length - 1;
          if (last >= 0 && list.docs[last] === doc) list.parts[last] += part;
          else {
            list.docs.push(doc);
            list.parts.push(part);
          }
        }
      }
    });

    const n = docs.length;
    const postings = new Map<string, Postings>();
    for (const [t, list] of docLists) {
      const idf = Math.log(1 + (n - list.docs.length + 0.5) / (list.docs.length + 0.5));
      const weights = new Float32Array(list.parts.length);
      for (let i = 0; i < weights.length; i++) weights[i] = idf * list.parts[i];
      postings.set(t, { docs: Int32Array.from(list.docs), weights });
    }
    return new InvertedIndex(n, postings, [...postings.keys()].sort());
  }

  postings(term: string): Postings | undefined {
    return this.postingsByTerm.get(term);
  }

  has(term: string): boolean {
    return this.postingsByTerm.has(term);
  }

  /** Terms that start with `prefix` (excluding `prefix` itself), at most `max`, in sorted order. */
  prefixTerms(prefix: string, max: number): string[] {
    const list = this.sortedTerms;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < list.length && out.length < max && list[i].startsWith(prefix); i++) if (list[i] !== prefix) out.push(list[i]);
    return out;
  }

  vocabulary(): readonly string[] {
    return this.sortedTerms;
  }
}
