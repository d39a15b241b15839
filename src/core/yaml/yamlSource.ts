// Reading YAML text that may come from anyone into plain data, with a map of where every value sits.
// js-yaml's event parser does the reading (one pass, linear, a depth limit of its own); the events are
// checked against this project's rules before any data is built: one document, no anchors, aliases or
// merge keys (one node, one meaning: a shared node would let a change in one project alter another, and
// YAML 1.1 tools read "<<" differently), and a bounded number of nodes.
import { constructFromEvents, CORE_SCHEMA, EVENT_ID, getScalarValue, parseEvents, type Event, type ScalarEvent } from 'js-yaml';
import { LineIndex } from './lineIndex';

export interface SourceLimits {
  /** Nodes (scalars and collections) a file may have; bounds memory and time as well as the byte limit. */
  readonly maxNodes: number;
  /** Nesting depth of collections. */
  readonly maxDepth: number;
}

/** Where a value of the data sits in the text. Ranges are offsets, end-exclusive. */
export interface SourceNode {
  readonly kind: 'map' | 'seq' | 'scalar';
  readonly start: number;
  end: number;
  /** Written in flow style (`[a, b]`, `{ a: 1 }`). */
  readonly flow: boolean;
  /** Collections: the values in order (for a map, the values of `keys`). */
  readonly children?: SourceNode[];
  /** Maps: the keys as text, and where each key is. */
  readonly keys?: string[];
  readonly keyNodes?: SourceNode[];
}

/** A refusal located at an offset of the text. */
export interface SourceProblem {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

export type SourceResult =
  | { readonly ok: true; readonly data: unknown; readonly source: YamlSource }
  | { readonly ok: false; readonly problems: SourceProblem[] };

/** The parsed text: its lines and, built on first use, the tree of where each value is. */
export class YamlSource {
  readonly lines: LineIndex;
  private tree: SourceNode | null | undefined;

  constructor(
    readonly text: string,
    private events: Event[] | undefined,
  ) {
    this.lines = new LineIndex(text);
  }

  /** The root node (undefined for an empty document). */
  get root(): SourceNode | undefined {
    if (this.tree === undefined) {
      this.tree = buildTree(this.text, this.events ?? []) ?? null;
      this.events = undefined; // the tree has all that is needed from them
    }
    return this.tree ?? undefined;
  }

  /** The node at `path`, or the deepest existing ancestor when the value is missing. */
  nearest(path: ReadonlyArray<string | number>): SourceNode | undefined {
    let node = this.root;
    for (const key of path) {
      const next = node && child(node, key);
      if (!next) return node;
      node = next;
    }
    return node;
  }

  /** The node exactly at `path`, or undefined. */
  at(path: ReadonlyArray<string | number>): SourceNode | undefined {
    let node = this.root;
    for (const key of path) {
      node = node && child(node, key);
      if (!node) return undefined;
    }
    return node;
  }
}

export function child(node: SourceNode, key: string | number): SourceNode | undefined {
  if (node.kind === 'seq' && typeof key === 'number') return node.children![key];
  if (node.kind === 'map') {
    // The last of equal keys wins, as in the data (duplicates are refused before this is used).
    const i = node.keys!.lastIndexOf(String(key));
    return i >= 0 ? node.children![i] : undefined;
  }
  return undefined;
}

const DEFAULT_SOURCE_LIMITS: SourceLimits = { maxNodes: 1_000_000, maxDepth: 64 };

export function readYamlSource(text: string, limits: Partial<SourceLimits> = {}, maxProblems = 100): SourceResult {
  const { maxNodes, maxDepth } = { ...DEFAULT_SOURCE_LIMITS, ...limits };
  // A cheap upper bound first: every node takes at least one character, so most hostile files
  // (a few MiB of "[1,1,1,...]") are refused before the parser allocates an event for each.
  if (countNodeMarks(text) > maxNodes * 2) return { ok: false, problems: [tooManyNodes(maxNodes)] };

  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth });
  } catch (e) {
    return { ok: false, problems: [syntaxProblem(e, text, maxDepth)] };
  }
  const nodes = events.length;
  if (nodes > maxNodes + 4) return { ok: false, problems: [tooManyNodes(maxNodes)] };

  const problems = checkEvents(text, events, maxProblems);
  if (problems.length > 0) return { ok: false, problems };

  let data: unknown;
  try {
    const docs = constructFromEvents(events, { source: text, schema: CORE_SCHEMA, json: false, maxAliases: 0 });
    data = docs[0];
  } catch (e) {
    return { ok: false, problems: [syntaxProblem(e, text, maxDepth)] };
  }
  return { ok: true, data, source: new YamlSource(text, events) };
}

/** Anchors, aliases, merge keys and a second document are refused, each where it is written. */
function checkEvents(text: string, events: Event[], maxProblems: number): SourceProblem[] {
  const problems: SourceProblem[] = [];
  // One frame per open collection: NOT_MAP, or a mapping expecting a KEY or a VALUE next.
  const frames: number[] = [];
  const next = (): boolean => {
    const top = frames.length - 1;
    if (top < 0 || frames[top] === NOT_MAP) return false;
    const isKey = frames[top] === KEY;
    frames[top] = isKey ? VALUE : KEY;
    return isKey;
  };
  let documents = 0;
  const add = (message: string, start: number, end: number) => {
    if (problems.length < maxProblems) problems.push({ message, start, end });
  };
  for (const e of events) {
    switch (e.type) {
      case EVENT_ID.DOCUMENT:
        documents++;
        if (documents === 2) add('The file holds more than one YAML document ("---"); a threat model file has exactly one.', 0, 0);
        frames.push(NOT_MAP);
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE:
        if (e.anchorStart >= 0) add(anchorMessage(text, e.anchorStart - 1, e.anchorEnd), e.anchorStart - 1, e.anchorEnd);
        next();
        frames.push(e.type === EVENT_ID.MAPPING ? KEY : NOT_MAP);
        break;
      case EVENT_ID.SCALAR:
        if (e.anchorStart >= 0) add(anchorMessage(text, e.anchorStart - 1, e.anchorEnd), e.anchorStart - 1, e.anchorEnd);
        if (next() && e.style === 1 && e.valueEnd - e.valueStart === 2 && text.startsWith('<<', e.valueStart)) {
          add('Merge keys ("<<") are not allowed in this file: write the values out, so that every tool reads the same data.', e.valueStart, e.valueEnd);
        }
        break;
      case EVENT_ID.ALIAS:
        add(
          `Aliases (${excerptOf(text, e.anchorStart - 1, e.anchorEnd)}) are not allowed in this file: write the value out, so that a change in one place cannot alter another.`,
          Math.max(0, e.anchorStart - 1),
          e.anchorEnd,
        );
        next();
        break;
      case EVENT_ID.POP:
        frames.pop();
        break;
    }
  }
  return problems;
}

const NOT_MAP = 0;
const KEY = 1;
const VALUE = 2;

function anchorMessage(text: string, start: number, end: number): string {
  return `Anchors (${excerptOf(text, start, end)}) are not allowed in this file: one node, one meaning, so that the Done lock and the history always hold.`;
}

function tooManyNodes(maxNodes: number): SourceProblem {
  return { message: `The file has more than ${maxNodes.toLocaleString('en-US')} values, more than a threat model can reasonably hold; it was not loaded.`, start: 0, end: 0 };
}

function syntaxProblem(e: unknown, text: string, maxDepth: number): SourceProblem {
  if (e instanceof RangeError) {
    return { message: `YAML syntax: the file is nested too deeply to read (more than ${maxDepth} levels).`, start: 0, end: 0 };
  }
  const err = e as { reason?: string; message?: string; mark?: { position?: number } };
  const at = Math.max(0, Math.min(err.mark?.position ?? 0, text.length));
  let reason = (err.reason ?? err.message ?? String(e)).split('\n')[0];
  if (/maximum nesting depth|max(imum)? ?depth/i.test(reason)) reason = `the file is nested too deeply (more than ${maxDepth} levels)`;
  return { message: `YAML syntax: ${reason}`, start: at, end: at + 1 };
}

/** Counts characters that can start a node in flow style; a bound, not a measure. */
function countNodeMarks(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44 /* , */ || c === 91 /* [ */ || c === 123 /* { */) n++;
  }
  return n;
}

/** At most `max` characters of a value for a message: a 1 MB id must not become 1 MB of problem text. */
export function excerpt(value: string, max = 40): string {
  const oneLine = value.replace(/[\r\n\t]+/g, ' ');
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

function excerptOf(text: string, start: number, end: number): string {
  return excerpt(text.slice(start, Math.min(end, start + 60)));
}

/** Builds the tree of source positions from the parser's events. */
function buildTree(text: string, events: Event[]): SourceNode | undefined {
  interface Frame {
    node: SourceNode;
    keyNext: boolean;
    document?: boolean;
  }
  const stack: Frame[] = [];
  let root: SourceNode | undefined;
  const attach = (given: SourceNode) => {
    const top = stack[stack.length - 1];
    // An empty value ("key:" or "{ key }") has no text of its own: it is shown where its key ends.
    let node = given;
    if (node.start < 0) {
      const keyNode = top?.node.keyNodes?.[top.node.keyNodes.length - 1];
      const at = !top || top.keyNext || !keyNode ? (top?.node.end ?? 0) : keyNode.end;
      node = { ...node, start: at, end: at };
    }
    if (!top || top.document) {
      root ??= node;
      return;
    }
    if (top.node.kind === 'map') {
      if (top.keyNext) {
        top.node.keyNodes!.push(node);
        top.node.keys!.push(node.kind === 'scalar' ? keyText : '');
      } else {
        top.node.children!.push(node);
      }
      top.keyNext = !top.keyNext;
    } else {
      top.node.children!.push(node);
    }
  };
  let keyText = '';
  let documents = 0;
  for (const e of events) {
    switch (e.type) {
      case EVENT_ID.DOCUMENT:
        documents++;
        stack.push({ node: { kind: 'seq', start: 0, end: 0, flow: false, children: [] }, keyNext: false, document: true });
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const isMap = e.type === EVENT_ID.MAPPING;
        const start = e.anchorStart >= 0 ? Math.min(e.anchorStart - 1, e.start) : e.start;
        const node: SourceNode = isMap
          ? { kind: 'map', start, end: e.start + 1, flow: e.style === 2, children: [], keys: [], keyNodes: [] }
          : { kind: 'seq', start, end: e.start + 1, flow: e.style === 2, children: [] };
        attach(node);
        stack.push({ node, keyNext: true });
        break;
      }
      case EVENT_ID.SCALAR: {
        const top = stack[stack.length - 1];
        if (top?.node.kind === 'map' && top.keyNext) keyText = getScalarValue(text, e);
        attach(scalarNode(text, e));
        break;
      }
      case EVENT_ID.ALIAS:
        attach({ kind: 'scalar', start: Math.max(0, e.anchorStart - 1), end: e.anchorEnd, flow: false });
        break;
      case EVENT_ID.POP: {
        const frame = stack.pop();
        if (!frame) break;
        const { node } = frame;
        const last = node.children?.[node.children.length - 1];
        if (last) node.end = Math.max(node.end, last.end);
        if (node.flow) node.end = closingBracket(text, node.end, node.kind === 'map' ? '}' : ']');
        if (stack.length === 0 && documents > 1) return root;
        break;
      }
    }
  }
  return root;
}

function scalarNode(text: string, e: ScalarEvent): SourceNode {
  let start = e.valueStart;
  let end = e.valueEnd;
  if (e.style === 2 || e.style === 3) {
    start -= 1; // the opening quote
    end += 1;
  } else if (e.style === 4 || e.style === 5) {
    // Block scalars: from the "|" or ">" header.
    const header = Math.max(text.lastIndexOf('|', e.valueStart), text.lastIndexOf('>', e.valueStart));
    if (header >= 0) start = header;
  }
  if (e.anchorStart >= 0) start = Math.min(start, e.anchorStart - 1);
  if (e.tagStart >= 0) start = Math.min(start, e.tagStart);
  return { kind: 'scalar', start, end: Math.max(end, start), flow: false };
}

/** The offset just after the bracket that closes a flow collection whose content ends at `from`. */
function closingBracket(text: string, from: number, bracket: string): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === bracket) return i + 1;
    if (c === '#') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
      continue;
    }
    if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r' && c !== ',') return from;
    i++;
  }
  return from;
}
