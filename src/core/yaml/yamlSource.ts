// Reading YAML text that may come from anyone into plain data, with a map of where every value sits.
// js-yaml's event parser does the reading (one pass, linear, a depth limit of its own); the events are
// checked against this project's rules before any data is built: one document, no anchors, aliases or
// merge keys (one node, one meaning: a shared node would let a change in one project alter another, and
// YAML 1.1 tools read "<<" differently), and a bounded number of nodes.
import { constructFromEvents, CORE_SCHEMA, EVENT_ID, getScalarValue, parseEvents, type Event } from 'js-yaml';
import { LineIndex } from './lineIndex';

export interface SourceLimits {
  /** Nodes (scalars and collections) a file may have; bounds memory and time as well as the byte limit. */
  readonly maxNodes: number;
  /** Nesting depth of collections. */
  readonly maxDepth: number;
}

/** A refusal located at an offset of the text. */
export interface SourceProblem {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

export const DEFAULT_SOURCE_LIMITS: SourceLimits = { maxNodes: 1_000_000, maxDepth: 64 };

export type SourceResult =
  | { readonly ok: true; readonly data: unknown; readonly source: YamlSource }
  | { readonly ok: false; readonly problems: SourceProblem[]; /** All problems found, listed or not. */ readonly total?: number };

/**
 * The parsed text: its lines, and where each value is. Positions are looked up in the parser's events
 * through an index of where each collection closes (built on first use in one pass), so nothing is built
 * for the values no one asks about.
 */
export class YamlSource {
  readonly lines: LineIndex;
  private closeIndex: Int32Array | undefined;
  private parsed: ReadonlyArray<Event> | undefined;

  /** `events` may be left out for a text already verified to be valid: they are parsed when first needed. */
  constructor(
    readonly text: string,
    events?: ReadonlyArray<Event>,
    private readonly maxDepth = DEFAULT_SOURCE_LIMITS.maxDepth,
  ) {
    this.lines = new LineIndex(text);
    this.parsed = events;
  }

  get events(): ReadonlyArray<Event> {
    return (this.parsed ??= parseEvents(this.text, { maxDepth: this.maxDepth }));
  }

  /** For each collection event, the index of the event that closes it; for any other, its own index. */
  get closes(): Int32Array {
    if (this.closeIndex) return this.closeIndex;
    const closes = new Int32Array(this.events.length);
    const open: number[] = [];
    this.events.forEach((e, i) => {
      if (e.type === EVENT_ID.DOCUMENT || e.type === EVENT_ID.MAPPING || e.type === EVENT_ID.SEQUENCE) open.push(i);
      else if (e.type === EVENT_ID.POP) closes[open.pop()!] = i;
      else closes[i] = i;
    });
    return (this.closeIndex = closes);
  }

  /** The root node (undefined for an empty document). */
  get root(): SourceNode | undefined {
    const first = this.events[1];
    return first && first.type !== EVENT_ID.POP && first.type !== EVENT_ID.DOCUMENT ? new SourceNode(this, 1) : undefined;
  }

  /** The node at `path`, or the deepest existing ancestor when the value is missing. */
  nearest(path: ReadonlyArray<string | number>): SourceNode | undefined {
    let node = this.root;
    for (const key of path) {
      const next = node?.child(key);
      if (!next) return node;
      node = next;
    }
    return node;
  }

  /** The node exactly at `path`, or undefined. */
  at(path: ReadonlyArray<string | number>): SourceNode | undefined {
    let node = this.root;
    for (const key of path) {
      node = node?.child(key);
      if (!node) return undefined;
    }
    return node;
  }
}

/** A value of the document: where it is written (offsets, end-exclusive) and its entries. */
export class SourceNode {
  constructor(
    private readonly source: YamlSource,
    /** Its event's index. */
    readonly index: number,
  ) {}

  get kind(): 'map' | 'seq' | 'scalar' {
    const type = this.source.events[this.index].type;
    return type === EVENT_ID.MAPPING ? 'map' : type === EVENT_ID.SEQUENCE ? 'seq' : 'scalar';
  }

  /** Written in flow style (`[a, b]`, `{ a: 1 }`). */
  get flow(): boolean {
    const e = this.source.events[this.index];
    return (e.type === EVENT_ID.MAPPING || e.type === EVENT_ID.SEQUENCE) && e.style === 2;
  }

  get start(): number {
    return startOf(this.source, this.index);
  }

  get end(): number {
    return endOf(this.source, this.index);
  }

  /** How many items a sequence has, or pairs a mapping. */
  get size(): number {
    const n = entries(this.source, this.index).length;
    return this.kind === 'map' ? n / 2 : n;
  }

  /** A sequence's item at `key`, or a mapping's value at `key` (the last of equal keys, as in the data). */
  child(key: string | number): SourceNode | undefined {
    const kind = this.kind;
    const all = kind === 'scalar' ? [] : entries(this.source, this.index);
    if (kind === 'seq') return typeof key === 'number' && key >= 0 && key < all.length ? new SourceNode(this.source, all[key]) : undefined;
    const wanted = String(key);
    for (let k = all.length - 2; k >= 0; k -= 2) {
      const e = this.source.events[all[k]];
      if (e.type === EVENT_ID.SCALAR && getScalarValue(this.source.text, e) === wanted) return new SourceNode(this.source, all[k + 1]);
    }
    return undefined;
  }
}

/** Event indexes of a collection's entries in order (for a mapping: key, value, key, value...). */
function entries(source: YamlSource, index: number): number[] {
  const { closes } = source;
  const out: number[] = [];
  for (let i = index + 1; i < closes[index]; i = closes[i] + 1) out.push(i);
  return out;
}

function startOf(source: YamlSource, index: number): number {
  const e = source.events[index];
  switch (e.type) {
    case EVENT_ID.MAPPING:
    case EVENT_ID.SEQUENCE:
      return e.anchorStart >= 0 ? Math.min(e.anchorStart - 1, e.start) : e.start;
    case EVENT_ID.SCALAR: {
      if (e.valueStart < 0) return emptyValueAt(source, index);
      let start = e.valueStart;
      if (e.style === 2 || e.style === 3) start -= 1; // the opening quote
      else if (e.style === 4 || e.style === 5) {
        // Block scalars: from the "|" or ">" header.
        const header = Math.max(source.text.lastIndexOf('|', e.valueStart), source.text.lastIndexOf('>', e.valueStart));
        if (header >= 0) start = header;
      }
      if (e.anchorStart >= 0) start = Math.min(start, e.anchorStart - 1);
      if (e.tagStart >= 0) start = Math.min(start, e.tagStart);
      return start;
    }
    case EVENT_ID.ALIAS:
      return Math.max(0, e.anchorStart - 1);
    default:
      return 0;
  }
}

function endOf(source: YamlSource, index: number): number {
  const e = source.events[index];
  switch (e.type) {
    case EVENT_ID.SCALAR:
      if (e.valueStart < 0) return emptyValueAt(source, index);
      return e.style === 2 || e.style === 3 ? e.valueEnd + 1 : e.valueEnd;
    case EVENT_ID.ALIAS:
      return e.anchorEnd;
    case EVENT_ID.MAPPING:
    case EVENT_ID.SEQUENCE: {
      // The end of the last entry; past the closing bracket in flow style.
      const all = entries(source, index);
      const contentEnd = all.length > 0 ? endOf(source, all[all.length - 1]) : e.start + 1;
      return e.style === 2 ? closingBracket(source.text, contentEnd, e.type === EVENT_ID.MAPPING ? '}' : ']') : contentEnd;
    }
    default:
      return 0;
  }
}

/** An empty value ("key:" or "{ key }") has no text of its own: it is shown where the entry before it ends. */
function emptyValueAt(source: YamlSource, index: number): number {
  for (let i = index - 1; i >= 0; i--) {
    const e = source.events[i];
    if (e.type === EVENT_ID.SCALAR && e.valueStart >= 0) return endOf(source, i);
    if (e.type === EVENT_ID.MAPPING || e.type === EVENT_ID.SEQUENCE) return e.start + 1;
  }
  return 0;
}


export function readYamlSource(text: string, limits: Partial<SourceLimits> = {}, maxProblems = 100): SourceResult {
  const { maxNodes, maxDepth } = { ...DEFAULT_SOURCE_LIMITS, ...limits };
  // Flow collections need a comma, bracket or brace per value: counting them first refuses the usual
  // hostile file (MiBs of "[1,1,1,...]") before the parser allocates an event for each value.
  if (countNodeMarks(text) > maxNodes) return { ok: false, problems: [tooManyNodes(maxNodes)] };

  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth });
  } catch (e) {
    return { ok: false, problems: [syntaxProblem(e, text, maxDepth)] };
  }
  const nodes = events.length;
  if (nodes > maxNodes + 4) return { ok: false, problems: [tooManyNodes(maxNodes)] };

  const { problems, total } = checkEvents(text, events, maxProblems);
  if (problems.length > 0) return { ok: false, problems, total };

  let data: unknown;
  try {
    const docs = constructFromEvents(events, { source: text, schema: CORE_SCHEMA, json: false, maxAliases: 0 });
    data = docs[0];
  } catch (e) {
    return { ok: false, problems: [syntaxProblem(e, text, maxDepth)] };
  }
  return { ok: true, data, source: new YamlSource(text, events, maxDepth) };
}

/** Anchors, aliases, merge keys and a second document are refused, each where it is written. */
function checkEvents(text: string, events: Event[], maxProblems: number): { problems: SourceProblem[]; total: number } {
  const problems: SourceProblem[] = [];
  let total = 0;
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
    total++;
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
  return { problems, total };
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
