// Applies semantic changes to a parsed model file and proves the result: the new text must read back as
// the old data with exactly those changes applied, and keep every comment. Anything else is refused: the
// file is the team's, and a save must never quietly rewrite it.
//
// When every edit falls inside list entries (a requirement, the last history entry), only those entries
// are read back, each on its own: the text around them is byte for byte the old text, a block list entry
// ends where the next line at its "- " column begins, and an entry left open (an unclosed quote or
// bracket) fails to read on its own. Otherwise the whole file is read back.
//
// Removals: every path names the old document, so what each region must read back as is found by shifting
// its entries' indexes past the removed ones. A removed entry's region starts at the entry before it and
// must read back as that entry alone (or as nothing, for the first entry). A comment the edits delete must
// be on a removed entry's own lines (from its "- " or key line to its last value's line, found in the old
// text by the file's reader, not the planner); every other comment must come through, in order.
import { isDeepStrictEqual } from 'node:util';
import { EVENT_ID, getScalarValue } from 'js-yaml';
import { Lexer } from 'yaml';
import { DEFAULT_LIMITS, type ParseLimits } from './limits';
import { readYamlSource, SourceNode, type YamlSource } from '../yaml/yamlSource';
import { fromVerifiedData, parseModelFile, type ParsedModelFile } from './parse';
import { dataAt, planEdits, type PlannedEdits, type Region } from './planEdits';
import { applyTextEdits, type TextEdit } from './textEdits';
import { PatchError, type Change, type PatchPath } from './yamlPatch';

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
  const removals = removedIndexes(file.data, changes);
  const reparsed =
    regions === 'all' ? parseModelFile(text, limits) : fromVerifiedData(text, readBackEntries(file, text, regions, edits, expected, removals, limits), limits);
  if (!reparsed.ok) {
    throw new PatchError(`the change would leave the file invalid (${reparsed.problems[0].message}); nothing was written`);
  }
  if (!isDeepStrictEqual(reparsed.file.data, expected)) {
    throw new PatchError('the edited file did not read back as intended; nothing was written');
  }
  if (!sameComments(file.text, text, regions, edits, removedLines(file, changes))) {
    throw new PatchError('the edit would have lost a comment; nothing was written');
  }
  return { text, file: reparsed.file };
}

/**
 * Reads each edited entry back on its own (with the entries appended after it, for a tail; with the removed
 * entries after it, which must read as nothing) and returns `expected` when every one reads as intended;
 * otherwise a PatchError.
 */
function readBackEntries(
  file: ParsedModelFile,
  text: string,
  regions: ReadonlyArray<Region>,
  edits: ReadonlyArray<TextEdit>,
  expected: unknown,
  removals: Removals,
  limits: ParseLimits,
): unknown {
  // The whole file's limits hold too: its values are the old count, less the old entries', plus the new ones'.
  let values = file.source.events.length;
  for (const region of regions) {
    // An insertion at a boundary belongs to the entry before it (it appends after that entry's last line).
    const start = shifted(edits, region.start, true);
    const end = shifted(edits, region.end, true);
    const entry = text.slice(start, end);
    // A region may be left empty: its entries were removed, whole lines at a time.
    const endsLine = entry === '' || end === text.length || /[\r\n]$/.test(entry);
    const read = readYamlSource(entry, { maxNodes: limits.maxNodes }, 1);
    const want = expectedEntries(expected, region, removals);
    // Nothing but comments and blank lines reads as no entry at all.
    const got = read.ok ? (read.data === undefined ? [] : read.data) : undefined;
    if (!endsLine || !read.ok || !isDeepStrictEqual(got, want)) {
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

/** The old indexes removed from each list, by the list's old path (JSON), ascending. */
type Removals = ReadonlyMap<string, ReadonlyArray<number>>;

function removedIndexes(data: unknown, changes: ReadonlyArray<Change>): Removals {
  const removals = new Map<string, number[]>();
  for (const change of changes) {
    if (change.kind !== 'remove') continue;
    const parent = change.path.slice(0, -1);
    const index = change.path[change.path.length - 1];
    if (typeof index !== 'number' || !Array.isArray(dataAt(data, parent))) continue;
    const id = JSON.stringify(parent);
    removals.set(id, [...(removals.get(id) ?? []), index].sort((a, b) => a - b));
  }
  return removals;
}

/** How many of the removed indexes are in [from, to). */
function removedIn(removed: ReadonlyArray<number> | undefined, from: number, to: number): number {
  return removed ? removed.filter((i) => i >= from && i < to).length : 0;
}

/** Where an entry of the old data is once the removals are made (its own removal aside). */
function shiftedPath(path: PatchPath, removals: Removals): PatchPath {
  return path.map((key, depth) => (typeof key === 'number' ? key - removedIn(removals.get(JSON.stringify(path.slice(0, depth))), 0, key) : key));
}

/** The entries a region must read back as: its old entries that were not removed (and those appended, for a tail), as they now are. */
function expectedEntries(expected: unknown, region: Region, removals: Removals): unknown[] | undefined {
  const listPath = region.path.slice(0, -1);
  const index = region.path[region.path.length - 1] as number;
  const list = dataAt(expected, shiftedPath(listPath, removals));
  if (!Array.isArray(list)) return undefined;
  const removed = removals.get(JSON.stringify(listPath));
  const from = index - removedIn(removed, 0, index);
  if (region.tail) return list.slice(from);
  return list.slice(from, from + region.count - removedIn(removed, index, index + region.count));
}

/** Nested or overlapping entries (a project and a requirement in it) are verified as a whole file. */
function overlapping(regions: ReadonlyArray<Region>): boolean {
  const sorted = [...regions].sort((a, b) => a.start - b.start);
  return sorted.some((r, i) => i > 0 && r.start < sorted[i - 1].end);
}

/**
 * Where an old offset lands in the new text; `atEnd`: after the insertions made exactly there. A deletion
 * that starts there belongs to the text after the offset.
 */
function shifted(edits: ReadonlyArray<TextEdit>, offset: number, atEnd: boolean): number {
  return offset + edits.reduce((d, e) => (e.offset < offset || (atEnd && e.offset === offset && e.length === 0) ? d + e.text.length - e.length : d), 0);
}

/**
 * Insertions at the same place (the end of a mapping) go deepest first: an item appended to the mapping's
 * last list must stay under that list, before a new sibling key of the list is added after it. An insertion
 * goes before a deletion that starts where it is (a key added to an entry, just above a removed entry).
 */
function orderInsertions(edits: TextEdit[]): TextEdit[] {
  const indent = (e: TextEdit) => (e.length === 0 ? (/^\n*( *)/.exec(e.text)?.[1].length ?? 0) : -1);
  return edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.offset - b.e.offset || indent(b.e) - indent(a.e) || a.i - b.i)
    .map(({ e }) => e);
}

interface Comment {
  /** Its offset in the text it was found in, plus the base given; NaN when the lexer's tokens did not add up. */
  readonly at: number;
  readonly text: string;
}

// The lexer's markers that stand for no character of the text.
const MARKERS = new Set(['\x02', '\x18', '\x1f']);

/** The comments of a YAML text, in order, with where they are; edits add none. */
function comments(text: string, base = 0): Comment[] {
  const found: Array<{ at: number; text: string }> = [];
  let at = 0;
  // The lexer does not take a lone CR as a line break; CR-only files are lexed as LF (same length).
  for (const token of new Lexer().lex(text.replace(/\r(?!\n)/g, '\n'))) {
    if (token.startsWith('#')) found.push({ at: base + at, text: token.trimEnd() });
    if (!MARKERS.has(token)) at += token.length;
  }
  // Should the tokens not add up to the text, no comment is known to be on a removed entry's lines.
  return at === text.length ? found : found.map((c) => ({ ...c, at: Number.NaN }));
}

/** An old text's lines, from `start` to `end`. */
interface Lines {
  readonly start: number;
  readonly end: number;
}

/**
 * The lines of the old text that removed entries occupy: from the line of a list entry's value or a key to
 * the line of its last value, with that line's break. Read from the file's own reader, not the planner.
 */
function removedLines(file: ParsedModelFile, changes: ReadonlyArray<Change>): Lines[] {
  const found: Lines[] = [];
  for (const change of changes) {
    if (change.kind !== 'remove' || change.path.length === 0) continue;
    const source = file.source;
    const parent = source.at(change.path.slice(0, -1));
    const key = change.path[change.path.length - 1];
    const node = parent?.child(key);
    if (!parent || !node) continue;
    const first = parent.kind === 'map' ? (keyStart(source, parent, String(key)) ?? node.start) : node.start;
    const text = file.text;
    let last = Math.max(first, node.end - 1);
    while (last > first && /\s/.test(text[last])) last--;
    const lineEnd = source.lines.endOfLine(last);
    const breakLength = text.startsWith('\r\n', lineEnd) ? 2 : lineEnd < text.length ? 1 : 0;
    found.push({ start: source.lines.startOfLine(first), end: lineEnd + breakLength });
  }
  return found;
}

/** Where the key of a mapping's entry is written (the last of equal keys, as in the data). */
function keyStart(source: YamlSource, map: SourceNode, key: string): number | undefined {
  const { events, closes } = source;
  let found: number | undefined;
  for (let i = map.index + 1; i < closes[map.index]; ) {
    const e = events[i];
    if (e.type === EVENT_ID.SCALAR && getScalarValue(source.text, e) === key) found = i;
    const value = closes[i] + 1;
    i = closes[value] + 1;
  }
  return found === undefined ? undefined : new SourceNode(source, found).start;
}

/**
 * Compares the comments of each edited entry of the old text with the same entry after the edits: a
 * comment the edits delete must be on a removed entry's lines, and every other one must come through, in
 * order, with no comment added.
 */
function sameComments(before: string, after: string, regions: ReadonlyArray<Region> | 'all', edits: ReadonlyArray<TextEdit>, removed: ReadonlyArray<Lines>): boolean {
  const within = (at: number, start: number, end: number) => at >= start && at < end;
  const kept = (old: ReadonlyArray<Comment>): string[] | undefined => {
    const stay: string[] = [];
    for (const c of old) {
      if (!edits.some((e) => within(c.at, e.offset, e.offset + e.length))) stay.push(c.text);
      else if (!removed.some((r) => within(c.at, r.start, r.end))) return undefined;
    }
    return stay;
  };
  const now = (text: string) => comments(text).map((c) => c.text);
  if (regions === 'all') return isDeepStrictEqual(kept(comments(before)), now(after));
  return regions.every(({ start, end }) => isDeepStrictEqual(kept(comments(before.slice(start, end), start)), now(after.slice(shifted(edits, start, true), shifted(edits, end, true)))));
}

function lineEnding(text: string): string {
  const lf = text.indexOf('\n');
  if (lf > 0 && text[lf - 1] === '\r') return '\r\n';
  return lf === -1 && text.includes('\r') ? '\r' : '\n';
}

/**
 * The data with the changes applied, copying only the objects on the changed paths: the rest is shared
 * with `data`, which stays as it was. Every path names the old data: sets and appends, which move no entry,
 * go first, then the removals from the last in document order to the first, so that each one's indexes
 * still hold when it is made.
 */
function withChanges(data: unknown, changes: ReadonlyArray<Change>): unknown {
  checkRemovals(changes);
  const copied = new Set<unknown>();
  const copy = <T>(value: T): T => {
    const c = (Array.isArray(value) ? [...value] : { ...(value as object) }) as T;
    copied.add(c);
    return c;
  };
  const root = copy(data);
  const parentOf = (path: PatchPath) => {
    let node = root as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      if (next === null || typeof next !== 'object') throw new PatchError(`no value at ${path.join('.')}`);
      node = (copied.has(next) ? next : (node[key] = copy(next))) as Record<string | number, unknown>;
    }
    return node;
  };
  for (const change of changes) {
    if (change.kind !== 'remove') applyToData(parentOf(change.path), change.path[change.path.length - 1], change);
  }
  const removals = changes.filter((c) => c.kind === 'remove').sort((a, b) => comparePaths(b.path, a.path));
  for (const { path } of removals) {
    const node = parentOf(path);
    const key = path[path.length - 1];
    if (Array.isArray(node) && typeof key === 'number' && Number.isInteger(key) && key >= 0 && key < node.length) node.splice(key, 1);
    else if (!Array.isArray(node) && typeof key === 'string' && Object.hasOwn(node, key)) delete node[key];
    else throw new PatchError(`there is nothing to remove at ${path.join('.')}`);
  }
  return root;
}

/** Document order of two paths that are not one inside the other: list indexes by number. */
function comparePaths(a: PatchPath, b: PatchPath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    if (typeof a[i] === 'number' && typeof b[i] === 'number') return (a[i] as number) - (b[i] as number);
    return String(a[i]) < String(b[i]) ? -1 : 1;
  }
  return a.length - b.length;
}

/** Paths name the old document: a change inside something the same set removes, or a second removal of it, has no meaning. */
function checkRemovals(changes: ReadonlyArray<Change>): void {
  const within = (path: PatchPath, outer: PatchPath) => path.length >= outer.length && outer.every((k, i) => k === path[i]);
  for (const removal of changes) {
    if (removal.kind !== 'remove') continue;
    const what = removal.path.join('.');
    if (removal.path.length === 0) throw new PatchError('the whole document cannot be removed');
    for (const change of changes) {
      // A set replaces its whole value: one around the removed entry would replace it, too.
      const conflict = change !== removal && (within(change.path, removal.path) || (change.kind === 'set' && within(removal.path, change.path)));
      if (!conflict) continue;
      throw new PatchError(
        change.kind === 'remove' && change.path.length === removal.path.length
          ? `one change set removes ${what} twice`
          : `one change set both removes ${what} and changes ${change.path.join('.')}`,
      );
    }
  }
}

function applyToData(node: Record<string | number, unknown>, key: string | number, change: Change): void {
  if (change.kind === 'set') {
    node[key] = structuredClone(change.value);
  } else if (change.kind === 'append') {
    const existing = node[key];
    if (existing === undefined || existing === null) node[key] = structuredClone([...change.values]);
    else if (Array.isArray(existing)) node[key] = [...existing, ...structuredClone([...change.values])];
    else throw new PatchError(`${change.path.join('.')} is not a list`);
  }
}
