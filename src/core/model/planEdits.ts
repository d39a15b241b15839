// Plans the text edits of semantic changes without parsing the whole file with a syntax tree: each change
// is planned inside the smallest list entry that holds it (one requirement, the last history entry),
// cut out of the text and parsed on its own. The cut is used only when it reads back as exactly that
// entry's data; anything else falls back to the whole document. Either way the caller re-reads and
// verifies the edited file.
//
// Every change is planned against the old text (paths name the old document, see Change), and the edits
// are applied together. Removals are planned per collection, all of a collection's at once; a removed
// block-list entry is cut out on its own, and its region reaches back to the entry before it, so that the
// read-back proves the lines left around the removal still belong where they did.
import { isDeepStrictEqual } from 'node:util';
import { isSeq, parseDocument, type Document } from 'yaml';
import type { ParsedModelFile } from './parse';
import type { TextEdit } from './textEdits';
import { planEdit, planRemovals, type Change, type PatchPath } from './yamlPatch';

/** List entries of the old text that edits fall in: from the start of the first one's "- " line to the last one's end. */
export interface Region {
  readonly start: number;
  readonly end: number;
  /** Where the first entry is in the old data. */
  readonly path: PatchPath;
  /** How many consecutive entries of the old list the region holds (more than one when removed entries follow the first). */
  readonly count: number;
  /** Items are appended after it: the entry and everything after it in its list belong to the region. */
  readonly tail: boolean;
}

export interface PlannedEdits {
  readonly edits: TextEdit[];
  /** The entries the edits fall in, or 'all' when some edit was planned on the whole document. */
  readonly regions: ReadonlyArray<Region> | 'all';
}

interface Slice {
  readonly start: number;
  readonly end: number;
  readonly document: Document;
}

const wholeDocuments = new WeakMap<ParsedModelFile, Document>();

export function planEdits(file: ParsedModelFile, changes: ReadonlyArray<Change>): PlannedEdits {
  const view = yamlView(file.text);
  const slices = new Map<string, Slice | null>();
  const sliceAt = (itemPath: PatchPath): Slice | null => {
    const key = itemPath.join('\u0000');
    if (!slices.has(key)) slices.set(key, cutSlice(file, view, itemPath));
    return slices.get(key)!;
  };
  const edits: TextEdit[] = [];
  const regions = new Map<string, Region>();
  let all = false;
  const addRegion = (region: Region) => {
    const at = `${region.start}:${region.end}`;
    const known = regions.get(at);
    // The same text read back as two different things (an entry, and the entry with removed ones after it).
    if (known && known.count !== region.count) all = true;
    regions.set(at, { ...region, tail: region.tail || (known?.tail ?? false) });
  };
  const inSlice = (slice: Slice, planned: ReadonlyArray<TextEdit>) => edits.push(...planned.map((e) => ({ ...e, offset: e.offset + slice.start })));

  for (const change of changes) {
    if (change.kind === 'remove') continue;
    const target = sliceTarget(file, change);
    const slice = target ? sliceAt(target.itemPath) : null;
    if (slice && target) {
      inSlice(slice, planEdit(view.slice(slice.start, slice.end), slice.document, { ...change, path: target.innerPath } as Change));
      addRegion({ start: slice.start, end: slice.end, path: target.itemPath, count: 1, tail: target.innerPath.length === 0 });
    } else {
      edits.push(...planEdit(view, wholeDocument(file, view), change));
      all = true;
    }
  }

  for (const { parentPath, keys } of removalGroups(changes)) {
    // Something added to the same collection keeps it open: removing all its entries must not write "[]".
    const refilled = changes.some((c) => (c.kind === 'append' ? samePath(c.path, parentPath) : c.kind === 'set' && samePath(c.path.slice(0, -1), parentPath)));
    const parent = file.source.at(parentPath);
    if (parent?.kind === 'seq' && !parent.flow && (refilled || keys.length < parent.size)) {
      const regionsOfRun = removedEntries(file, view, parentPath, keys as number[], sliceAt, inSlice);
      if (regionsOfRun) {
        for (const region of regionsOfRun) {
          if (region) addRegion(region);
          else all = true;
        }
        continue;
      }
    }
    const target = sliceTarget(file, { kind: 'remove', path: [...parentPath, keys[0]] });
    const slice = target ? sliceAt(target.itemPath) : null;
    if (slice && target) {
      inSlice(slice, planRemovals(view.slice(slice.start, slice.end), slice.document, target.innerPath.slice(0, -1), keys, { closeEmpty: !refilled }));
      addRegion({ start: slice.start, end: pastComments(view, slice.end), path: target.itemPath, count: 1, tail: false });
    } else {
      edits.push(...planRemovals(view, wholeDocument(file, view), parentPath, keys, { closeEmpty: !refilled }));
      all = true;
    }
  }
  return { edits, regions: all ? 'all' : [...regions.values()] };
}

/** The removals of a change set, grouped by the collection they remove from, in the order first named. */
function removalGroups(changes: ReadonlyArray<Change>): Array<{ parentPath: PatchPath; keys: Array<string | number> }> {
  const groups = new Map<string, { parentPath: PatchPath; keys: Array<string | number> }>();
  for (const change of changes) {
    if (change.kind !== 'remove' || change.path.length === 0) continue;
    const parentPath = change.path.slice(0, -1);
    const id = JSON.stringify(parentPath);
    const group = groups.get(id) ?? { parentPath, keys: [] };
    group.keys.push(change.path[change.path.length - 1]);
    groups.set(id, group);
  }
  return [...groups.values()];
}

function samePath(a: PatchPath, b: PatchPath): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/**
 * Removes entries of a block list that keeps at least one entry (or gets new ones): each entry is cut out and
 * its own lines deleted. Returns one region per run of consecutive removed entries, from the entry before
 * the run (whose text now runs into what is left of the run's) to the run's end; null for a run whose
 * region cannot be cut (the whole file is then read back). Returns undefined, planning nothing, when an
 * entry cannot be cut out on its own.
 */
function removedEntries(
  file: ParsedModelFile,
  view: string,
  listPath: PatchPath,
  indices: ReadonlyArray<number>,
  sliceAt: (itemPath: PatchPath) => Slice | null,
  inSlice: (slice: Slice, planned: ReadonlyArray<TextEdit>) => void,
): Array<Region | null> | undefined {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const cut = sorted.map((index) => sliceAt([...listPath, index]));
  if (cut.some((slice) => slice === null)) return undefined;
  const planned = cut.map((slice) => planRemovals(view.slice(slice!.start, slice!.end), slice!.document, [], [0], { closeEmpty: false }));
  planned.forEach((edits, i) => inSlice(cut[i]!, edits));
  const regions: Array<Region | null> = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    const first = sorted[i] > 0 ? sorted[i] - 1 : sorted[i];
    const start = first === sorted[i] ? cut[i]!.start : entryLineStart(file, view, listPath, first);
    regions.push(start === undefined ? null : { start, end: pastComments(view, cut[j]!.end), path: [...listPath, first], count: sorted[j] - first + 1, tail: false });
    i = j;
  }
  return regions;
}

/** The start of the "- " line of a block list entry, or undefined when the line holds more than the entry. */
function entryLineStart(file: ParsedModelFile, view: string, listPath: PatchPath, index: number): number | undefined {
  const item = file.source.at([...listPath, index]);
  if (!item) return undefined;
  const start = file.source.lines.startOfLine(item.start);
  return /^ *- +$/.test(view.slice(start, item.start)) ? start : undefined;
}

/**
 * Past the blank and comment-only lines from `offset` (a line start). When lines are removed above such a
 * comment, it follows the entry before them; read back with that entry, a comment that would now fall into
 * a block scalar ("|") above it shows.
 */
function pastComments(view: string, offset: number): number {
  let at = offset;
  while (at < view.length) {
    const lf = view.indexOf('\n', at);
    const next = lf === -1 ? view.length : lf + 1;
    if (!/^[ \t]*(#.*)?\r?\n?$/.test(view.slice(at, next))) break;
    at = next;
  }
  return at;
}

/** YAML's CR-only line breaks read as LF by the syntax tree parser; same length, so offsets hold. */
function yamlView(text: string): string {
  return /\r(?!\n)/.test(text) ? text.replace(/\r(?!\n)/g, '\n') : text;
}

function wholeDocument(file: ParsedModelFile, view: string): Document {
  let doc = wholeDocuments.get(file);
  if (!doc) {
    doc = parseDocument(view, { uniqueKeys: false });
    wholeDocuments.set(file, doc);
  }
  return doc;
}

/**
 * The list entry to cut out for a change, and the change's path inside the cut (a list of one entry):
 * appending to a non-empty block list goes after its last entry; anything else happens inside the
 * deepest block-list entry on the path.
 */
function sliceTarget(file: ParsedModelFile, change: Pick<Change, 'kind' | 'path'>): { itemPath: PatchPath; innerPath: PatchPath } | undefined {
  const source = file.source;
  if (change.kind === 'append') {
    const seq = source.at(change.path);
    const count = seq?.kind === 'seq' && !seq.flow ? seq.size : 0;
    if (count > 0) return { itemPath: [...change.path, count - 1], innerPath: [] };
  }
  const parentPath = change.path.slice(0, -1);
  let node = source.root;
  let best = -1;
  for (let i = 0; i < parentPath.length && node; i++) {
    const key = parentPath[i];
    if (node.kind === 'seq' && !node.flow && typeof key === 'number') best = i;
    node = node.child(key);
  }
  if (best < 0 || !node) return undefined;
  return { itemPath: change.path.slice(0, best + 1), innerPath: [0, ...change.path.slice(best + 1)] };
}

/** Cuts the entry at `itemPath` (from its "- " to the end of its last line) and parses it, or null. */
function cutSlice(file: ParsedModelFile, view: string, itemPath: PatchPath): Slice | null {
  const index = itemPath[itemPath.length - 1] as number;
  const seq = file.source.at(itemPath.slice(0, -1));
  const item = seq?.child(index);
  if (!seq || !item) return null;
  const lines = file.source.lines;
  const start = lines.startOfLine(item.start);
  if (!/^ *- +$/.test(view.slice(start, item.start))) return null;
  const next = seq.child(index + 1);
  const end = next ? lines.startOfLine(next.start) : endOfLastLine(view, item.end);
  const document = parseDocument(view.slice(start, end), { uniqueKeys: false });
  if (document.errors.length > 0 || !isSeq(document.contents) || document.contents.items.length !== 1) return null;
  const expected = dataAt(file.data, itemPath);
  if (!isDeepStrictEqual(document.toJS({ maxAliasCount: 0 })[0], expected)) return null;
  return { start, end, document };
}

/** Past the line break that ends the line holding the last character before `end`. */
function endOfLastLine(text: string, end: number): number {
  if (end > 0 && text[end - 1] === '\n') return end;
  const lineEnd = text.indexOf('\n', end);
  return lineEnd === -1 ? text.length : lineEnd + 1;
}

/** The value at `path` of plain data, or undefined. */
export function dataAt(data: unknown, path: PatchPath): unknown {
  let node = data;
  for (const key of path) node = node && typeof node === 'object' ? (node as Record<string | number, unknown>)[key] : undefined;
  return node;
}
