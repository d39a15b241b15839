/** A replacement in a text, by character offsets into the original. */
export interface TextEdit {
  readonly offset: number;
  readonly length: number;
  readonly text: string;
}

/** Applies non-overlapping edits (any order) to `text`. Edits at the same offset keep their given order. */
export function applyTextEdits(text: string, edits: ReadonlyArray<TextEdit>): string {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.offset - b.e.offset || a.i - b.i);
  let out = '';
  let cursor = 0;
  for (const { e } of sorted) {
    if (e.offset < cursor) throw new Error('overlapping text edits');
    out += text.slice(cursor, e.offset) + e.text;
    cursor = e.offset + e.length;
  }
  return out + text.slice(cursor);
}
