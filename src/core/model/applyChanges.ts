// Applies semantic changes to a parsed model file and proves the result: the new text must read back as
// the old data with exactly those changes applied, and keep every comment. Anything else is refused: the
// file is the team's, and a save must never quietly rewrite it.
//
// When every edit falls inside list entries (a requirement, the last history entry), only those entries
// are read back, each on its own: the text around them is byte for byte the old text, a block list entry
// ends where the next line at its "- " column begins, and an entry left open (an unclosed quote or
// bracket) fails to read on its own. Otherwise the whole file is read back.
import { isDeepStrictEqual } from 'node:util';
import { Lexer } from 'yaml';
import { DEFAULT_LIMITS, type ParseLimits } from './limits';
import { readYamlSource } from '../yaml/yamlSource';
import { fromVerifiedData, parseModelFile, type ParsedModelFile } from './parse';
import { dataAt, planEdits, type PlannedEdits, type Region } from './planEdits';
import { applyTextEdits, type TextEdit } from './textEdits';
import { PatchError, type Change } from './yamlPatch';

export interface AppliedChanges {
  readonly text: string;
  readonly file: ParsedModelFile;
}

export function applyChanges(file: ParsedModelFile, changes: ReadonlyArray<Change>, limits: ParseLimits = DEFAULT_LIMITS): AppliedChanges {
  if (changes.length === 0) return { text: file.text, file };
  const expected = withChanges(file.data, changes);

  let planned: PlannedEdits;
  try {
    planned = planEdits(file, changes);
  } catch (e) {
    if (!(e instanceof PatchError)) throw e;
    throw new PatchError(
      `This part of the file is written in a shape the extension does not edit (${e.message}); nothing was written. ` +
        'Write it in block style (one key per line) and try again.',
    );
  }
  let edits = orderInsertions(planned.edits);
  // Keep the file's own line endings: a CRLF file stays CRLF, a CR-only file CR-only.
  const eol = lineEnding(file.text);
  if (eol !== '\n') edits = edits.map((e) => ({ ...e, text: e.text.replace(/\r?\n/g, eol) }));
  const text = applyTextEdits(file.text, edits);

  if (Buffer.byteLength(text, 'utf8') > limits.maxBytes) {
    throw new PatchError(`the change would make the file larger than the ${Math.round(limits.maxBytes / (1024 * 1024))} MiB limit; nothing was written`);
  }
  const regions = planned.regions === 'all' || overlapping(planned.regions) ? 'all' : planned.regions;
  const reparsed = regions === 'all' ? parseModelFile(text, limits) : fromVerifiedData(text, readBackEntries(file, text, regions, edits, expected, limits), limits);
  if (!reparsed.ok) {
    throw new PatchError(`the change would leave the file invalid (${reparsed.problems[0].message}); nothing was written`);
  }
  if (!isDeepStrictEqual(reparsed.file.data, expected)) {
    throw new PatchError('the edited file did not read back as intended; nothing was written');
  }
  if (!sameComments(file.text, text, regions, edits)) {
    throw new PatchError('the edit would have lost a comment; nothing was written');
  }
  return { text, file: reparsed.file };
}

/**
 * Reads each edited entry back on its own (with the entries appended after it, for a tail) and returns
 * `expected` when every one reads as intended; otherwise a PatchError.
 */
function readBackEntries(
  file: ParsedModelFile,
  text: string,
  regions: ReadonlyArray<Region>,
  edits: ReadonlyArray<TextEdit>,
  expected: unknown,
  limits: ParseLimits,
): unknown {
  // The whole file's limits hold too: its values are the old count, less the old entries', plus the new ones'.
  let values = file.source.events.length;
  for (const region of regions) {
    // An insertion at a boundary belongs to the entry before it (it appends after that entry's last line).
    const start = shifted(edits, region.start, true);
    const end = shifted(edits, region.end, true);
    const entry = text.slice(start, end);
    const endsLine = end === text.length || /[\r\n]$/.test(entry);
    const read = readYamlSource(entry, { maxNodes: limits.maxNodes }, 1);
    const list = dataAt(expected, region.path.slice(0, -1));
    const index = region.path[region.path.length - 1] as number;
    const want = Array.isArray(list) ? list.slice(index, region.tail ? undefined : index + 1) : undefined;
    if (!endsLine || !read.ok || !isDeepStrictEqual(read.data, want)) {
      throw new PatchError('the edited file did not read back as intended; nothing was written');
    }
    const before = readYamlSource(file.text.slice(region.start, region.end), { maxNodes: limits.maxNodes }, 1);
    values += read.source.events.length - (before.ok ? before.source.events.length : 0);
  }
  // The reader allows a few events beyond the values themselves (the document and its end).
  if (values > limits.maxNodes + 4) {
    throw new PatchError(`the change would make the file hold more than ${limits.maxNodes.toLocaleString('en-US')} values, more than it may be read with; nothing was written`);
  }
  return expected;
}

/** Nested or overlapping entries (a project and a requirement in it) are verified as a whole file. */
function overlapping(regions: ReadonlyArray<Region>): boolean {
  const sorted = [...regions].sort((a, b) => a.start - b.start);
  return sorted.some((r, i) => i > 0 && r.start < sorted[i - 1].end);
}

/** Where an old offset lands in the new text; `atEnd`: after the insertions made exactly there. */
function shifted(edits: ReadonlyArray<TextEdit>, offset: number, atEnd: boolean): number {
  return offset + edits.reduce((d, e) => (e.offset < offset || (atEnd && e.offset === offset) ? d + e.text.length - e.length : d), 0);
}

/**
 * Insertions at the same place (the end of a mapping) go deepest first: an item appended to the mapping's
 * last list must stay under that list, before a new sibling key of the list is added after it.
 */
function orderInsertions(edits: TextEdit[]): TextEdit[] {
  const indent = (e: TextEdit) => (e.length === 0 ? (/^\n*( *)/.exec(e.text)?.[1].length ?? 0) : Number.MAX_SAFE_INTEGER);
  return edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.offset - b.e.offset || indent(b.e) - indent(a.e) || a.i - b.i)
    .map(({ e }) => e);
}

/** The comments of a YAML text, in order; edits add none, so they must come through unchanged. */
function comments(text: string): string[] {
  const found: string[] = [];
  // The lexer does not take a lone CR as a line break; CR-only files are lexed as LF (same length).
  for (const token of new Lexer().lex(text.replace(/\r(?!\n)/g, '\n'))) if (token.startsWith('#')) found.push(token.trimEnd());
  return found;
}

/** Compares the comments of each edited entry of the old text with the same entry after the edits. */
function sameComments(before: string, after: string, regions: ReadonlyArray<Region> | 'all', edits: ReadonlyArray<TextEdit>): boolean {
  if (regions === 'all') return isDeepStrictEqual(comments(before), comments(after));
  return regions.every(({ start, end }) =>
    isDeepStrictEqual(comments(before.slice(start, end)), comments(after.slice(shifted(edits, start, true), shifted(edits, end, true)))),
  );
}

function lineEnding(text: string): string {
  const lf = text.indexOf('\n');
  if (lf > 0 && text[lf - 1] === '\r') return '\r\n';
  return lf === -1 && text.includes('\r') ? '\r' : '\n';
}

/**
 * The data with the changes applied, copying only the objects on the changed paths: the rest is shared
 * with `data`, which stays as it was.
 */
function withChanges(data: unknown, changes: ReadonlyArray<Change>): unknown {
  const copied = new Set<unknown>();
  const copy = <T>(value: T): T => {
    const c = (Array.isArray(value) ? [...value] : { ...(value as object) }) as T;
    copied.add(c);
    return c;
  };
  const root = copy(data);
  for (const change of changes) {
    let node = root as Record<string | number, unknown>;
    for (const key of change.path.slice(0, -1)) {
      const next = node[key];
      if (next === null || typeof next !== 'object') throw new PatchError(`no value at ${change.path.join('.')}`);
      node = (copied.has(next) ? next : (node[key] = copy(next))) as Record<string | number, unknown>;
    }
    applyToData(node, change.path[change.path.length - 1], change);
  }
  return root;
}

function applyToData(node: Record<string | number, unknown>, key: string | number, change: Change): void {
  if (change.kind === 'set') {
    node[key] = structuredClone(change.value);
  } else {
    const existing = node[key];
    if (existing === undefined || existing === null) node[key] = structuredClone([...change.values]);
    else if (Array.isArray(existing)) node[key] = [...existing, ...structuredClone([...change.values])];
    else throw new PatchError(`${change.path.join('.')} is not a list`);
  }
}
