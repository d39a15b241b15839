// Reading a YAML file that may come from anyone: size and node limits, then a zod schema, with every
// problem located in the text and worded by where it is. The model file and the rule files share it.
import type { z } from 'zod';
import { formatPath, type Problem, type Range } from '../model/problem';
import { describePath, ORIGIN } from './locate';
import { LineIndex } from './lineIndex';
import { readYamlSource, type YamlSource } from './yamlSource';

export interface YamlLimits {
  /** Files larger than this are reported, never parsed. */
  readonly maxBytes: number;
  /** Values (scalars and collections) a file may hold: bounds time and memory as well as the bytes. */
  readonly maxNodes: number;
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
  /**
   * Validation piece by piece, for data with so many problems that the schema cannot list them all (zod
   * collects every issue, and overflows the stack past about 100,000): the first issues, and how many.
   */
  readonly boundedIssues?: (data: unknown, max: number) => { issues: z.core.$ZodIssue[]; total: number };
}

/** Where a value of the parsed data sits in the text. */
export type Locator = (path: ReadonlyArray<string | number>) => Range;

export type YamlReadResult<T> =
  | {
      readonly ok: true;
      readonly value: T;
      /** The data as plain JavaScript, before schema defaults. */
      readonly data: unknown;
      /** Where each value is written. */
      readonly source: YamlSource;
      readonly locate: Locator;
    }
  | { readonly ok: false; readonly problems: Problem[] };

export function readValidatedYaml<S extends z.ZodType>(text: string, schema: S, options: YamlReadOptions): YamlReadResult<z.output<S>> {
  const { limits } = options;
  const fail = (message: string, range: Range = ORIGIN) => ({ ok: false as const, problems: [{ message, range, severity: 'error' as const }] });
  // Characters bound the bytes from below (UTF-8 takes one to four per character), so most files skip the count.
  const bytes = text.length * 3 > limits.maxBytes ? Buffer.byteLength(text, 'utf8') : text.length;
  if (bytes > limits.maxBytes) return fail(options.tooLargeMessage(formatBytes(bytes), formatBytes(limits.maxBytes)));

  const read = readYamlSource(text, { maxNodes: limits.maxNodes }, limits.maxProblems);
  if (!read.ok) {
    // Every problem is located by a fresh line index: the source was not built.
    const lines = new LineIndex(text);
    const problems = read.problems.map((p) => ({ message: p.message, range: lines.range(p.start, p.end), severity: 'error' as const }));
    return { ok: false, problems: capped(problems, limits, read.total ?? problems.length) };
  }
  const { data, source } = read;
  if (data === null || data === undefined) return fail(options.emptyMessage);

  const locate: Locator = (path) => {
    const node = source.nearest(path);
    return node ? source.lines.range(node.start, node.end) : ORIGIN;
  };
  let result: z.ZodSafeParseResult<z.output<S>>;
  let bounded: { issues: z.core.$ZodIssue[]; total: number } | undefined;
  try {
    result = schema.safeParse(data);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    bounded = options.boundedIssues?.(data, limits.maxProblems);
    if (!bounded || bounded.issues.length === 0) return fail('The file has too many problems to list; it was not loaded.');
    result = { success: false } as z.ZodSafeParseResult<z.output<S>>;
  }
  if (!result.success) {
    const issues = bounded?.issues ?? result.error.issues;
    const total = bounded?.total ?? issues.length;
    const problems = issues.slice(0, limits.maxProblems).map((issue): Problem => {
      const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
      // Unknown keys are reported on their parent object; point at the first offending key instead.
      const at = issue.code === 'unrecognized_keys' && issue.keys.length > 0 ? [...path, issue.keys[0]] : path;
      // zod says only "Invalid key in record"; the key schema's own message says what a key must look like.
      const message = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
      const where = describePath(data, path, options.labels);
      return { message: where ? `${where}: ${message}` : message, range: locate(at), severity: 'error', path: formatPath(path) };
    });
    return { ok: false, problems: capped(problems, limits, total) };
  }
  return { ok: true, value: result.data, data, source, locate };
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
