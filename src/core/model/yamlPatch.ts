// Minimal, comment-preserving edits to a YAML text. Instead of re-serialising the whole document (which
// reflows strings, requotes scalars and moves comments), each change is planned as a text edit at the
// exact place the parsed document says the value lives. The caller verifies the result by re-parsing.
import { Document, isMap, isScalar, isSeq, stringify, visit, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { TextEdit } from './textEdits';

export type PatchPath = ReadonlyArray<string | number>;

/** One semantic change: set a map key, or append to a sequence (created when missing). */
export type Change =
  | { readonly kind: 'set'; readonly path: PatchPath; readonly value: unknown }
  | {
      readonly kind: 'append';
      readonly path: PatchPath;
      readonly values: ReadonlyArray<unknown>;
      /** Write each new item on one line, in flow style (history entries, evidence). */
      readonly flow?: boolean;
      /** Keys whose values are written in flow style inside block items (`because: [{ ... }]`). */
      readonly flowKeys?: ReadonlyArray<string>;
    };

export class PatchError extends Error {}

export function planEdit(text: string, document: Document, change: Change): TextEdit {
  return change.kind === 'set'
    ? planSet(text, document, change.path, change.value)
    : planAppend(text, document, change.path, change.values, { flow: change.flow ?? false, flowKeys: change.flowKeys ?? [] });
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
  if (pair) throw new PatchError(`cannot replace the non-scalar value of "${key}" in place`);
  return insertPair(text, parent, key, value);
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

/** Any value on one line: scalars as they are, collections in flow style. */
function inlineValue(value: unknown, inFlow = false): string {
  if (value === null || typeof value !== 'object') return inlineScalar(value as string | number | boolean | null, inFlow);
  const doc = new Document(value, NO_ALIASES);
  if (isMap(doc.contents) || isSeq(doc.contents)) doc.contents.flow = true;
  markItemsFlow(doc, []);
  return doc.toString(RENDER).replace(/\n$/, '');
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
