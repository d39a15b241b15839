// Minimal, comment-preserving edits to a YAML text. Instead of re-serialising the whole document (which
// reflows strings, requotes scalars and moves comments), each change is planned as a text edit at the
// exact place the parsed document says the value lives. The caller verifies the result by re-parsing.
import { Document, isMap, isScalar, isSeq, stringify, visit, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { TextEdit } from './textEdits';

export type PatchPath = ReadonlyArray<string | number>;

/**
 * One semantic change: set a map key, append to a sequence (created when missing), or remove a map key or a
 * sequence entry.
 *
 * Every path of a change set refers to the document as it was before any of the changes: removing
 * requirements 1 and 3 is `remove [..., 'requirements', 1]` and `remove [..., 'requirements', 3]`, and a
 * `set` on requirement 4 in the same set still says 4. Edits are planned against the old text and applied
 * together, so no change sees another's result. Consequently a change set may not change anything inside
 * an entry it removes, set a whole value that holds a removed entry, nor remove one thing twice
 * (applyChanges refuses such a set). Appending to a list that loses entries is fine: the new ones go last.
 */
export type Change =
  | {
      readonly kind: 'set';
      readonly path: PatchPath;
      /** A scalar replaces a scalar in place; a list or mapping replaces one written in flow style ("[a, b]"). */
      readonly value: unknown;
    }
  | {
      readonly kind: 'append';
      readonly path: PatchPath;
      readonly values: ReadonlyArray<unknown>;
      /** Write each new item on one line, in flow style (history entries, evidence). */
      readonly flow?: boolean;
      /** Keys whose values are written in flow style inside block items (`because: [{ ... }]`). */
      readonly flowKeys?: ReadonlyArray<string>;
    }
  | {
      /**
       * Deletes a mapping key with its value, or a sequence entry. In block style the entry's own lines go
       * (from its "- " or key line to its last value's line, with a comment on those lines); comments on
       * other lines stay. Removing the last entry leaves "key: []" or "key: {}". In flow style the entry and
       * one separating comma go: "[a, b, c]" less b is "[a, c]".
       */
      readonly kind: 'remove';
      readonly path: PatchPath;
    };

export class PatchError extends Error {}

/** The edits of one change, planned on its own (a removal empties its collection when it was the only entry). */
export function planEdit(text: string, document: Document, change: Change): TextEdit[] {
  switch (change.kind) {
    case 'set':
      return [planSet(text, document, change.path, change.value)];
    case 'append':
      return [planAppend(text, document, change.path, change.values, { flow: change.flow ?? false, flowKeys: change.flowKeys ?? [] })];
    case 'remove':
      return planRemovals(text, document, change.path.slice(0, -1), [change.path[change.path.length - 1]], { closeEmpty: true });
  }
}

function planSet(text: string, document: Document, path: PatchPath, value: unknown): TextEdit {
  const parent = nodeAt(document, path.slice(0, -1));
  const key = path[path.length - 1];
  if (!isMap(parent) || typeof key !== 'string') throw new PatchError(`cannot set ${String(key)}: parent is not a mapping`);
  const pair = findPair(parent, key);
  if (pair && isScalar(pair.value) && pair.value.range && isScalarValue(value)) {
    const [start, end] = pair.value.range;
    // A block scalar ("reason: >") owns the line breaks after its text; keep them, or the next key
    // would be pulled onto this line.
    const breaks = /(\r?\n)*$/.exec(text.slice(start, end))![0];
    return { offset: start, length: end - start, text: inlineScalar(value, parent.flow === true) + breaks };
  }
  const current = pair?.value;
  if ((isSeq(current) || isMap(current)) && current.flow && current.range && value !== null && typeof value === 'object') {
    // "[ana, joao]" becomes "[ana, rita]": one flow collection for another, with the padding it had.
    const [start, end] = current.range;
    const written = text.slice(start, end);
    const padded = current.items.length === 0 || /^[[{][ \t]/.test(written);
    return { offset: start, length: end - start, text: inlineValue(value, parent.flow === true, padded) };
  }
  if (pair) throw new PatchError(`cannot replace the non-scalar value of "${key}" in place`);
  return insertPair(text, parent, key, value);
}

export interface RemovalOptions {
  /**
   * When every entry of the collection goes: write "[]" or "{}" (true), or only delete the entries because
   * the same change set adds new ones (false).
   */
  readonly closeEmpty: boolean;
}

/**
 * Removes the entries `keys` (indexes of a sequence, keys of a mapping) of the collection at `parentPath`,
 * all at once: edits of one collection depend on each other (a run of flow entries shares its commas, and
 * removing them all closes the collection). The edits do not overlap one another.
 */
export function planRemovals(text: string, document: Document, parentPath: PatchPath, keys: ReadonlyArray<string | number>, options: RemovalOptions): TextEdit[] {
  const parent = nodeAt(document, parentPath);
  const where = parentPath.length > 0 ? parentPath.join('.') : 'the document';
  if (isSeq(parent)) {
    const removed = new Set<number>();
    for (const key of keys) {
      if (typeof key !== 'number' || !Number.isInteger(key) || key < 0 || key >= parent.items.length) throw new PatchError(`${where} has no entry ${String(key)} to remove`);
      removed.add(key);
    }
    const items = parent.items as unknown[];
    if (parent.flow) return flowRemovals(text, parent, items.map((item) => nodeSpan(item, where)), removed, options, where);
    return blockSeqRemovals(text, document, parentPath, parent, removed, options, where);
  }
  if (isMap(parent)) {
    const removed = new Set<number>();
    for (const key of keys) {
      const index = typeof key === 'string' ? parent.items.findIndex((p) => (isScalar(p.key) ? p.key.value : p.key) === key) : -1;
      if (index < 0) throw new PatchError(`${where} has no key "${String(key)}" to remove`);
      removed.add(index);
    }
    if (parent.flow) return flowRemovals(text, parent, parent.items.map((pair) => pairSpan(pair, where)), removed, options, where);
    return blockMapRemovals(text, document, parentPath, parent, removed, options, where);
  }
  throw new PatchError(`${where} is not a list or a mapping`);
}

interface Span {
  readonly start: number;
  readonly end: number;
}

function nodeSpan(node: unknown, where: string): Span {
  const range = (node as Node | null)?.range;
  if (!range || !(isScalar(node) || isMap(node) || isSeq(node))) throw new PatchError(`an entry of ${where} is written in a shape that cannot be removed`);
  return { start: range[0], end: contentEnd(node) ?? range[1] };
}

function pairSpan(pair: Pair, where: string): Span {
  const key = pair.key as Node | null;
  if (!key?.range) throw new PatchError(`a key of ${where} is written in a shape that cannot be removed`);
  return { start: key.range[0], end: Math.max(key.range[1], contentEnd(pair.value) ?? key.range[1]) };
}

/**
 * Where a value's own text ends: its last scalar or flow collection. A block collection's range also takes
 * in comment lines after its last entry, which belong to no entry.
 */
function contentEnd(node: unknown): number | undefined {
  if (isScalar(node)) return node.range?.[1];
  if (isSeq(node) || isMap(node)) {
    if (node.flow || node.items.length === 0) return node.range?.[1];
    const last = node.items[node.items.length - 1] as unknown;
    if (isSeq(node)) return contentEnd(last);
    const pair = last as Pair;
    const keyEnd = (pair.key as Node | null)?.range?.[1] ?? -1;
    return Math.max(keyEnd, contentEnd(pair.value) ?? -1);
  }
  return undefined;
}

/**
 * The lines from the one holding `first` to the one holding the last non-blank character before `end`:
 * `end` is past that line's break (the text's end when it has none), `lineEnd` at the break.
 */
function linesOf(text: string, first: number, end: number): { start: number; lineEnd: number; end: number } {
  let last = Math.max(first, end - 1);
  while (last > first && /\s/.test(text[last])) last--;
  const lf = text.indexOf('\n', last);
  const next = lf === -1 ? text.length : lf + 1;
  const lineEnd = lf === -1 ? text.length : lf > 0 && text[lf - 1] === '\r' ? lf - 1 : lf;
  return { start: lineStartOf(text, first), lineEnd, end: next };
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The "- " indicator of a block sequence entry whose value starts at `valueStart` (the value may start a line later). */
function dashBefore(text: string, valueStart: number, where: string): number {
  let i = valueStart - 1;
  while (i >= 0 && ' \t\r\n'.includes(text[i])) i--;
  if (text[i] !== '-') throw new PatchError(`an entry of ${where} is written in a shape that cannot be removed`);
  return i;
}

const deletion = (start: number, end: number): TextEdit => ({ offset: start, length: end - start, text: '' });

function blockSeqRemovals(text: string, document: Document, path: PatchPath, seq: YAMLSeq, removed: ReadonlySet<number>, options: RemovalOptions, where: string): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const index of [...removed].sort((a, b) => a - b)) {
    const item = seq.items[index] as Node | null;
    if (!item?.range) throw new PatchError(`entry ${index} of ${where} is written in a shape that cannot be removed`);
    const dash = dashBefore(text, item.range[0], where);
    const lines = linesOf(text, dash, contentEnd(item) ?? item.range[1]);
    // "- - a" or "key: - a": the line holds more than this entry.
    if (!/^ *$/.test(text.slice(lines.start, dash))) throw new PatchError(`entry ${index} of ${where} shares its line with other values`);
    edits.push(deletion(lines.start, lines.end));
  }
  if (removed.size === seq.items.length && options.closeEmpty) edits.push(closeAfterKey(text, document, path, '[]', where));
  return edits;
}

function blockMapRemovals(text: string, document: Document, path: PatchPath, map: YAMLMap, removed: ReadonlySet<number>, options: RemovalOptions, where: string): TextEdit[] {
  const emptied = removed.size === map.items.length;
  const memo = new Map<number, { start: number; lineEnd: number; end: number; keyStart: number; onDash: boolean }>();
  const spanOf = (i: number) => {
    let known = memo.get(i);
    if (!known) {
      const pair = map.items[i];
      const span = pairSpan(pair, where);
      const lines = linesOf(text, span.start, span.end);
      const prefix = text.slice(lines.start, span.start);
      // The first key of a list entry shares its line with the entry's "- ".
      const onDash = /^ *- +$/.test(prefix);
      if (!onDash && !/^ *$/.test(prefix)) throw new PatchError(`the key "${String(isScalar(pair.key) ? pair.key.value : '?')}" of ${where} shares its line with other values`);
      memo.set(i, (known = { ...lines, keyStart: span.start, onDash }));
    }
    return known;
  };
  const edits: TextEdit[] = [];
  let skipUntil = -1;
  for (let i = 0; i < map.items.length; i++) {
    if (!removed.has(i) || i < skipUntil) continue;
    const span = spanOf(i);
    if (!span.onDash) {
      edits.push(deletion(span.start, span.end));
      continue;
    }
    if (emptied && options.closeEmpty) {
      // "- id: x" alone becomes "- {}".
      edits.push({ offset: span.keyStart, length: span.lineEnd - span.keyStart, text: '{}' });
      continue;
    }
    // "- id: x\n  name: y" less id: the next remaining key moves up behind the "- ".
    let next = i + 1;
    while (next < map.items.length && removed.has(next)) next++;
    if (next === map.items.length) throw new PatchError(`cannot remove every key of an entry of ${where} and add others in the same change`);
    edits.push(deletion(span.keyStart, spanOf(next).keyStart));
    skipUntil = next;
  }
  if (emptied && options.closeEmpty && !spanOf(0).onDash) edits.push(closeAfterKey(text, document, path, '{}', where));
  return edits;
}

/** "key:" whose block collection lost every entry becomes "key: []" (or "{}"), before any comment on that line. */
function closeAfterKey(text: string, document: Document, path: PatchPath, empty: string, where: string): TextEdit {
  const owner = nodeAt(document, path.slice(0, -1));
  const key = path[path.length - 1];
  const pair = isMap(owner) && typeof key === 'string' ? findPair(owner, key) : undefined;
  const keyNode = pair?.key as Node | undefined;
  if (!keyNode?.range) throw new PatchError(`cannot remove every entry of ${where}: it is not the value of a key`);
  const colon = text.indexOf(':', keyNode.range[1]);
  return { offset: colon + 1, length: 0, text: ` ${empty}` };
}

/**
 * Flow entries go with one separating comma: a run of removed entries takes the comma after it, or, at the
 * end of the collection, the comma before it. Removing them all leaves "[]" or "{}".
 */
function flowRemovals(text: string, collection: YAMLSeq | YAMLMap, spans: ReadonlyArray<Span>, removed: ReadonlySet<number>, options: RemovalOptions, where: string): TextEdit[] {
  const n = spans.length;
  if (removed.size === n) {
    if (!options.closeEmpty) throw new PatchError(`cannot remove every entry of the flow collection ${where} and add others in the same change`);
    const range = collection.range;
    const close = range ? range[1] - 1 : -1;
    if (!range || !'[{'.includes(text[range[0]]) || !']}'.includes(text[close])) throw new PatchError(`cannot find the brackets of ${where}`);
    return [deletion(range[0] + 1, close)];
  }
  const edits: TextEdit[] = [];
  for (let i = 0; i < n; i++) {
    if (!removed.has(i)) continue;
    let j = i;
    while (j + 1 < n && removed.has(j + 1)) j++;
    edits.push(j + 1 < n ? deletion(spans[i].start, spans[j + 1].start) : deletion(spans[i - 1].end, spans[j].end));
    i = j;
  }
  return edits;
}

interface Style {
  readonly flow: boolean;
  readonly flowKeys: ReadonlyArray<string>;
}

function planAppend(text: string, document: Document, path: PatchPath, values: ReadonlyArray<unknown>, style: Style): TextEdit {
  const seq = nodeAt(document, path);
  const item = renderItems(values, style);
  if (seq === undefined || seq === null || (isScalar(seq) && seq.value === null)) {
    const parent = nodeAt(document, path.slice(0, -1));
    const key = path[path.length - 1];
    if (!isMap(parent) || typeof key !== 'string') throw new PatchError('cannot create a sequence here');
    const pair = findPair(parent, key);
    if (pair) {
      // "history:" with no value: write the sequence right after the colon.
      const keyNode = pair.key as Node;
      const colon = text.indexOf(':', keyNode.range![1]);
      const indent = ' '.repeat(columnOf(text, keyNode.range![0]) + 2);
      const valueEnd = colon + 1 + /^[ \t]*/.exec(text.slice(colon + 1))![0].length;
      return { offset: colon + 1, length: valueEnd - colon - 1, text: '\n' + indentLines(item, indent).replace(/\n$/, '') };
    }
    return insertPair(text, parent, key, values, style);
  }
  if (!isSeq(seq) || !seq.range) throw new PatchError(`${path.join('.')} is not a sequence`);
  if (seq.flow) {
    const [start, end] = seq.range;
    const indent = ' '.repeat(indentOfPairAt(text, start) + 2);
    if (seq.items.length === 0) {
      // "history: []": becomes a block sequence under its key (the space before "[" goes too). A comment
      // inside the brackets would be lost, so that shape is left to the caller's fallback.
      if (text.slice(start, end).includes('#')) throw new PatchError('a comment inside an empty flow sequence');
      const from = /[ \t]*$/.exec(text.slice(0, start))!.index;
      return { offset: from, length: end - from, text: '\n' + indentLines(item, indent).replace(/\n$/, '') };
    }
    // "[CAPEC-66, CAPEC-115]": the new items go after the last one, on the same line.
    const last = seq.items[seq.items.length - 1] as Node;
    if (!last.range) throw new PatchError(`cannot append to the flow sequence ${path.join('.')}`);
    return { offset: last.range[1], length: 0, text: values.map((v) => `, ${inlineValue(v, true)}`).join('') };
  }
  const last = seq.items[seq.items.length - 1] as Node;
  const indent = ' '.repeat(columnOf(text, seq.range[0]));
  const at = afterNode(text, last);
  return { offset: at.offset, length: 0, text: at.prefix + indentLines(item, indent) };
}

function insertPair(text: string, map: YAMLMap, key: string, value: unknown, style: Style = { flow: false, flowKeys: [] }): TextEdit {
  if (map.flow && map.items.length > 0) {
    // "{ id: V1.2.5, status: running }": the new key goes after the last one, on the same line.
    const last = map.items[map.items.length - 1];
    const end = ((last.value ?? last.key) as Node).range?.[1];
    if (end === undefined) throw new PatchError(`cannot add "${key}" to a flow mapping`);
    const rendered = style.flow && Array.isArray(value) ? `[${value.map((v) => inlineValue(v, true)).join(', ')}]` : inlineValue(value, true);
    return { offset: end, length: 0, text: `, ${key}: ${rendered}` };
  }
  if (map.flow || !map.range) throw new PatchError(`cannot add "${key}" to a flow mapping`);
  const indent = ' '.repeat(columnOf(text, map.range[0]));
  const rendered = renderPair(key, value, style);
  const last = map.items[map.items.length - 1];
  if (!last) throw new PatchError(`cannot add "${key}" to an empty mapping`);
  const lastNode = (last.value ?? last.key) as Node;
  const at = afterNode(text, lastNode);
  return { offset: at.offset, length: 0, text: at.prefix + indentLines(rendered, indent) };
}

/** Where a new line can start after `node`: the start of the line following its last character. */
function afterNode(text: string, node: Node): { offset: number; prefix: string } {
  const end = node.range![1];
  if (end > 0 && text[end - 1] === '\n') return { offset: end, prefix: '' };
  const lineEnd = endOfLine(text, end);
  if (lineEnd >= text.length) return { offset: text.length, prefix: '\n' };
  return { offset: lineEnd + 1, prefix: '' };
}

function endOfLine(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i === -1 ? text.length : i;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** The indentation of the line holding `offset` (used for "key: []", whose key starts that line). */
function indentOfPairAt(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const line = text.slice(lineStart, offset);
  const match = /^( *)(- )?/.exec(line)!;
  return match[1].length + (match[2] ? 2 : 0);
}

function nodeAt(document: Document, path: PatchPath): unknown {
  let node: unknown = document.contents;
  for (const key of path) {
    if (isMap(node) && typeof key === 'string') node = findPair(node, key)?.value;
    else if (isSeq(node) && typeof key === 'number') node = node.items[key];
    else return undefined;
  }
  return node;
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key) as Pair | undefined;
}

function isScalarValue(v: unknown): v is string | number | boolean | null {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v);
}

const RENDER = { lineWidth: 0, indent: 2, flowCollectionPadding: true } as const;
// One object used twice in the values (the same "because" for several requirements) is written out twice:
// the file refuses anchors and aliases.
const NO_ALIASES = { aliasDuplicateObjects: false } as const;

/**
 * A scalar that fits on the line it replaces; multi-line strings become double-quoted escapes, and so do
 * strings with flow indicators when they go inside "{ }" or "[ ]", where a comma would start a new entry.
 */
function inlineScalar(value: string | number | boolean | null, inFlow = false): string {
  if (typeof value === 'string' && (value.includes('\n') || (inFlow && /[,[\]{}]/.test(value)))) return JSON.stringify(value);
  const rendered = stringify(value, RENDER).replace(/\n$/, '');
  // The serialiser writes some one-line strings as block scalars ("--- x", "..." would read as document
  // markers): those go on the line double-quoted.
  return rendered.includes('\n') ? JSON.stringify(value) : rendered;
}

/** Any value on one line: scalars as they are, collections in flow style ("[ a, b ]", or "[a, b]" unpadded). */
function inlineValue(value: unknown, inFlow = false, padded = true): string {
  if (value === null || typeof value !== 'object') return inlineScalar(value as string | number | boolean | null, inFlow);
  const doc = new Document(value, NO_ALIASES);
  if (isMap(doc.contents) || isSeq(doc.contents)) doc.contents.flow = true;
  markItemsFlow(doc, []);
  return doc.toString({ ...RENDER, flowCollectionPadding: padded }).replace(/\n$/, '');
}

function renderPair(key: string, value: unknown, style: Style): string {
  const doc = new Document({ [key]: value }, NO_ALIASES);
  applyStyle(doc, [key], style);
  return doc.toString(RENDER);
}

function renderItems(values: ReadonlyArray<unknown>, style: Style): string {
  const doc = new Document([...values], NO_ALIASES);
  applyStyle(doc, [], style);
  return doc.toString(RENDER);
}

function applyStyle(doc: Document, path: string[], style: Style): void {
  if (style.flow) markItemsFlow(doc, path);
  if (style.flowKeys.length === 0) return;
  visit(doc, {
    Pair(_, pair) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (typeof key === 'string' && style.flowKeys.includes(key) && (isMap(pair.value) || isSeq(pair.value))) pair.value.flow = true;
    },
  });
}

/** One line per item: flow collections, with multi-line strings kept on the line as escapes. */
function markItemsFlow(doc: Document, path: string[]): void {
  const seq = (path.length ? doc.getIn(path, true) : doc.contents) as YAMLSeq | undefined;
  for (const item of seq?.items ?? []) {
    if (isMap(item) || isSeq(item)) item.flow = true;
  }
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && /[\n\r]/.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
}

function indentLines(block: string, indent: string): string {
  return block
    .split('\n')
    .map((line, i, all) => (line === '' && i === all.length - 1 ? '' : indent + line))
    .join('\n');
}
