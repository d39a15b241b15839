// Reading a YAML file that may come from anyone: size and alias limits, then a zod schema, with every
// problem located in the text and worded by where it is. The model file and the rule files share it.
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { formatPath, type Problem, type Range } from '../model/problem';
import { describePath, nearestNode, ORIGIN, rangeOf } from './locate';

export interface YamlLimits {
  /** Files larger than this are reported, never parsed. */
  readonly maxBytes: number;
  /** Alias expansions allowed while converting to plain data (yaml's guard against "billion laughs"). */
  readonly maxAliasCount: number;
  /** Problems reported at most; a hostile file must not flood the Problems panel and the views. */
  readonly maxProblems: number;
}

export interface YamlReadOptions {
  readonly limits: YamlLimits;
  /** Labels of id-carrying lists, for messages: `{ projects: 'project' }` names `project "checkout"`. */
  readonly labels: Readonly<Record<string, string>>;
  /** What to say about an empty file. */
  readonly emptyMessage: string;
  /** What to say about a file over the size limit (sizes already formatted). */
  readonly tooLargeMessage: (size: string, limit: string) => string;
}

/** Where a value of the parsed data sits in the text. */
export type Locator = (path: ReadonlyArray<string | number>) => Range;

export type YamlReadResult<T> =
  | {
      readonly ok: true;
      readonly value: T;
      /** The data as plain JavaScript, before schema defaults. */
      readonly data: unknown;
      readonly document: Document.Parsed;
      readonly lineCounter: LineCounter;
      readonly locate: Locator;
    }
  | { readonly ok: false; readonly problems: Problem[] };

export function readValidatedYaml<S extends z.ZodType>(text: string, schema: S, options: YamlReadOptions): YamlReadResult<z.output<S>> {
  const { limits } = options;
  const fail = (message: string, range: Range = ORIGIN) => ({ ok: false as const, problems: [{ message, range, severity: 'error' as const }] });
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxBytes) return fail(options.tooLargeMessage(formatBytes(bytes), formatBytes(limits.maxBytes)));

  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const offsets = (start: number, end: number): Range => rangeOf(lineCounter, text, start, end);
  if (document.errors.length > 0) {
    const problems = document.errors.map((e) => ({ message: `YAML syntax: ${e.message.split('\n')[0]}`, range: offsets(e.pos[0], e.pos[1]), severity: 'error' as const }));
    return { ok: false, problems: capped(problems, limits) };
  }

  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (e) {
    // yaml throws a ReferenceError when alias expansion exceeds maxAliasCount; point at the first alias.
    const firstAlias = text.search(/(^|[\s[{,:-])\*[^\s,\]}]+/m);
    const at = firstAlias >= 0 ? firstAlias : 0;
    return fail(`YAML aliases expand too much (${(e as Error).message}). The file was not loaded.`, offsets(at, at + 1));
  }
  if (data === null || data === undefined) return fail(options.emptyMessage);

  const locate: Locator = (path) => {
    const node = nearestNode(document, path);
    return node?.range ? offsets(node.range[0], node.range[1]) : ORIGIN;
  };
  const result = schema.safeParse(data);
  if (!result.success) {
    const issues = result.error.issues;
    const problems = issues.slice(0, limits.maxProblems).map((issue): Problem => {
      const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
      // Unknown keys are reported on their parent object; point at the first offending key instead.
      const at = issue.code === 'unrecognized_keys' && issue.keys.length > 0 ? [...path, issue.keys[0]] : path;
      // zod says only "Invalid key in record"; the key schema's own message says what a key must look like.
      const message = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
      const where = describePath(data, path, options.labels);
      return { message: where ? `${where}: ${message}` : message, range: locate(at), severity: 'error', path: formatPath(path) };
    });
    return { ok: false, problems: capped(problems, limits, issues.length) };
  }
  return { ok: true, value: result.data, data, document, lineCounter, locate };
}

/** At most maxProblems, then one more entry that says how many were left out. */
function capped(problems: Problem[], limits: YamlLimits, total = problems.length): Problem[] {
  if (total <= limits.maxProblems) return problems;
  const kept = problems.slice(0, limits.maxProblems);
  return [...kept, { message: `…and ${total - kept.length} more problems not listed.`, range: kept[kept.length - 1].range, severity: 'error' }];
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`;
}
