// Words for the search index and for queries, produced the same way on both sides: lower case, accents
// removed, split on anything but letters and digits, stop words dropped, plurals folded.

const STOP_WORDS = new Set([
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'by', 'for', 'from', 'has', 'have', 'in', 'into', 'is', 'it', 'its',
  'of', 'on', 'or', 'such', 'that', 'the', 'their', 'then', 'there', 'these', 'this', 'to', 'was', 'which', 'with',
]);

/** Lower-case words of a text, unstemmed, stop words kept (for phrase checks). */
export function plainWords(text: string): string[] {
  let lower = text.toLowerCase();
  // Accents are rare in the catalogs; skip the costly normalisation when there is nothing to fold.
  if (/[^\x00-\x7f]/.test(lower)) lower = lower.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  return lower.split(/[^a-z0-9]+/).filter((w) => w.length > 0);
}

/** Index terms of a text: stemmed words without stop words. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const w of plainWords(text)) if (!STOP_WORDS.has(w)) out.push(stem(w));
  return out;
}

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/**
 * Folds plurals so "injections", "entities" and "classes" meet "injection", "entity" and "class" (the
 * plural step of Porter's stemmer, no more: prefix and typo matching cover the rest).
 */
export function stem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(?:xes|ches|shes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}
