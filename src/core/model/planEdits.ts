// Plans the text edits of semantic changes without parsing the whole file with a syntax tree: each change
// is planned inside the smallest list entry that holds it (one requirement, the last history entry),
// cut out of the text and parsed on its own. The cut is used only when it reads back as exactly that
// entry's data; anything else falls back to the whole document. Either way the caller re-reads and
// verifies the edited file.
import { isDeepStrictEqual } from 'node:util';
import { isSeq, parseDocument, type Document } from 'yaml';
import type { ParsedModelFile } from './parse';
import type { TextEdit } from './textEdits';
import { planEdit, type Change, type PatchPath } from './yamlPatch';

/** A list entry of the old text that edits fall in: from the start of its "- " line to its end. */
export interface Region {
  readonly start: number;
  readonly end: number;
  /** Where the entry is in the data. */
  readonly path: PatchPath;
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
  const edits: TextEdit[] = [];
  const regions = new Map<string, Region>();
  let all = false;
  for (const change of changes) {
    const target = sliceTarget(file, change);
    let slice: Slice | null = null;
    if (target) {
      const key = target.itemPath.join('\u0000');
      if (!slices.has(key)) slices.set(key, cutSlice(file, view, target.itemPath));
      slice = slices.get(key)!;
    }
    if (slice && target) {
      const edit = planEdit(view.slice(slice.start, slice.end), slice.document, { ...change, path: target.innerPath } as Change);
      edits.push({ ...edit, offset: edit.offset + slice.start });
      const tail = target.innerPath.length === 0;
      const at = `${slice.start}:${slice.end}`;
      const known = regions.get(at);
      regions.set(at, { start: slice.start, end: slice.end, path: target.itemPath, tail: tail || (known?.tail ?? false) });
    } else {
      edits.push(planEdit(view, wholeDocument(file, view), change));
      all = true;
    }
  }
  return { edits, regions: all ? 'all' : [...regions.values()] };
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
function sliceTarget(file: ParsedModelFile, change: Change): { itemPath: PatchPath; innerPath: PatchPath } | undefined {
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
