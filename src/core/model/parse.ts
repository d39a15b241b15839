// Reading a threat model file: YAML with limits, then the zod schema, with every problem located in the text.
import { Document, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { z } from 'zod';
import { DEFAULT_LIMITS, type ParseLimits } from './limits';
import { formatPath, type Problem, type Range } from './problem';
import { ThreatModel } from './schema';

/** A successfully parsed and validated model file, with what is needed to edit it minimally later. */
export interface ParsedModelFile {
  readonly text: string;
  readonly document: Document.Parsed;
  readonly lineCounter: LineCounter;
  /** The file's data as plain JavaScript, before schema defaults; edits are planned against it. */
  readonly data: unknown;
  /** The validated model, with schema defaults applied. */
  readonly model: ThreatModel;
}

export type ParseResult = { readonly ok: true; readonly file: ParsedModelFile } | { readonly ok: false; readonly problems: Problem[] };

const ORIGIN: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function parseModelFile(text: string, limits: ParseLimits = DEFAULT_LIMITS): ParseResult {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxBytes) return { ok: false, problems: [tooLargeProblem(bytes, limits.maxBytes)] };
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const locate = (start: number, end: number): Range => rangeOf(lineCounter, text, start, end);

  const syntaxProblems: Problem[] = document.errors.map((e) => ({
    message: `YAML syntax: ${firstLine(e.message)}`,
    range: locate(e.pos[0], e.pos[1]),
    severity: 'error' as const,
  }));
  if (syntaxProblems.length > 0) return { ok: false, problems: capped(syntaxProblems, limits) };

  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (e) {
    // yaml throws a ReferenceError when alias expansion exceeds maxAliasCount ("billion laughs").
    const firstAlias = text.search(/(^|[\s[{,:-])\*[^\s,\]}]+/m);
    const at = firstAlias >= 0 ? firstAlias : 0;
    return {
      ok: false,
      problems: [
        {
          message: `YAML aliases expand too much (${(e as Error).message}). The file was not loaded.`,
          range: locate(at, at + 1),
          severity: 'error',
        },
      ],
    };
  }
  if (data === null || data === undefined) {
    return fail('The file is empty. A threat model starts with "version: 1" and a list of "projects".');
  }

  const result = ThreatModel.safeParse(data);
  if (!result.success) {
    const issues = result.error.issues;
    const shown = issues.slice(0, limits.maxProblems).map((issue) => schemaProblem(issue, document, data, locate));
    return { ok: false, problems: capped(shown, limits, issues.length) };
  }
  return { ok: true, file: { text, document, lineCounter, data, model: result.data } };
}

/** At most maxProblems, then one more entry that says how many were left out. */
function capped(problems: Problem[], limits: ParseLimits, total = problems.length): Problem[] {
  if (total <= limits.maxProblems) return problems;
  const kept = problems.slice(0, limits.maxProblems);
  return [...kept, { message: `…and ${total - kept.length} more problems not listed.`, range: kept[kept.length - 1].range, severity: 'error' }];
}

function fail(message: string): ParseResult {
  return { ok: false, problems: [{ message, range: ORIGIN, severity: 'error' }] };
}

export function tooLargeProblem(bytes: number, maxBytes: number): Problem {
  return {
    message:
      `The file is ${formatBytes(bytes)}, larger than the ${formatBytes(maxBytes)} limit for a threat model; it was not read. ` +
      'Split it or raise the threatModeling.maxModelFileSizeMB setting.',
    range: ORIGIN,
    severity: 'error',
  };
}

function schemaProblem(issue: z.core.$ZodIssue, document: Document.Parsed, data: unknown, locate: (s: number, e: number) => Range): Problem {
  const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
  const node = nearestNode(document, path);
  const range = node?.range ? locate(node.range[0], node.range[1]) : ORIGIN;
  const where = describePath(data, path);
  return {
    message: where ? `${where}: ${issue.message}` : issue.message,
    range,
    severity: 'error',
    path: formatPath(path),
  };
}

/** The node at `path`, or the deepest existing ancestor when the value is missing. */
export function nearestNode(document: Document, path: ReadonlyArray<string | number>): Node | undefined {
  let node: unknown = document.contents;
  let found = node as Node | undefined;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
      if (!pair) return found;
      // A missing value ("status:") has no node; point at the key instead.
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      if (node === undefined) return found;
    } else {
      return found;
    }
    found = node as Node;
  }
  return found;
}

/** Names a path by what people recognise: `project "checkout" › requirement V1.2.5 › status`. */
export function describePath(data: unknown, path: ReadonlyArray<string | number>): string {
  const parts: string[] = [];
  let node: unknown = data;
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    const next = node && typeof node === 'object' ? (node as Record<string | number, unknown>)[key as never] : undefined;
    if (typeof key === 'number' && i > 0) {
      const label = COLLECTION_LABELS[String(path[i - 1])];
      const id = next && typeof next === 'object' ? (next as { id?: unknown }).id : undefined;
      if (label) {
        parts.pop();
        parts.push(typeof id === 'string' || typeof id === 'number' ? `${label} ${JSON.stringify(String(id))}` : `${label} #${key + 1}`);
      } else {
        parts.push(`#${key + 1}`);
      }
    } else {
      parts.push(String(key));
    }
    node = next;
  }
  return parts.join(' › ');
}

const COLLECTION_LABELS: Record<string, string> = {
  projects: 'project',
  items: 'item',
  requirements: 'requirement',
  evidence: 'evidence',
  history: 'history entry',
  because: 'reason',
};

export function rangeOf(lineCounter: LineCounter, text: string, start: number, end: number): Range {
  const s = lineCounter.linePos(Math.min(start, text.length));
  // Squiggle at most to the end of the first line: a whole project underlined helps nobody.
  const lineEnd = text.indexOf('\n', start);
  const stop = Math.max(start + 1, Math.min(end, lineEnd === -1 ? text.length : lineEnd));
  const e = lineCounter.linePos(Math.min(stop, text.length));
  return { start: { line: s.line - 1, character: s.col - 1 }, end: { line: e.line - 1, character: e.col - 1 } };
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`;
}
