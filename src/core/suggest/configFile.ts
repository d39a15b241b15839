// Reading a small YAML configuration file (item kinds, suggestion rules) through a zod schema, with every
// problem located in the text, so a broken workspace file becomes a diagnostic instead of an exception.
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { nearestNode, rangeOf } from '../model/parse';
import type { Problem, Range } from '../model/problem';

/** A problem in a named file; `file` is what the user would open (a path or a catalog file name). */
export interface FileProblem extends Problem {
  readonly file: string;
}

export type ConfigResult<T> =
  | { readonly ok: true; readonly value: T; readonly locate: Locator }
  | { readonly ok: false; readonly problems: FileProblem[] };

/** Finds where a path of the parsed data sits in the text, for problems found after schema validation. */
export type Locator = (path: ReadonlyArray<string | number>) => Range;

export interface ConfigLimits {
  readonly maxBytes: number;
  readonly maxAliasCount: number;
}

/** Rule and taxonomy files are hand-written and small; anything bigger is a mistake or an attack. */
export const CONFIG_LIMITS: ConfigLimits = { maxBytes: 2 * 1024 * 1024, maxAliasCount: 100 };

const ORIGIN: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function parseConfigFile<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  describe: (data: unknown, path: ReadonlyArray<string | number>) => string,
  limits: ConfigLimits = CONFIG_LIMITS,
): ConfigResult<z.output<S>> {
  const problem = (message: string, range: Range = ORIGIN, path?: string): FileProblem => ({ file, message, range, severity: 'error', path });
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxBytes) {
    return { ok: false, problems: [problem(`the file is ${bytes} bytes, more than the ${limits.maxBytes}-byte limit; it was not read`)] };
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const locateOffsets = (start: number, end: number): Range => rangeOf(lineCounter, text, start, end);
  if (document.errors.length > 0) {
    return { ok: false, problems: document.errors.map((e) => problem(`YAML syntax: ${e.message.split('\n')[0]}`, locateOffsets(e.pos[0], e.pos[1]))) };
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (e) {
    return { ok: false, problems: [problem(`YAML aliases expand too much (${(e as Error).message})`)] };
  }
  if (data === null || data === undefined) return { ok: false, problems: [problem('the file is empty')] };

  const locate: Locator = (path) => {
    const node = nearestNode(document, path);
    return node?.range ? locateOffsets(node.range[0], node.range[1]) : ORIGIN;
  };
  const result = schema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
      // Unknown keys are reported on their parent object; point at the first offending key instead.
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      const at = keys.length > 0 ? [...path, keys[0]] : path;
      const where = describe(data, path);
      // zod says only "Invalid key in record"; the key schema's own message says what a key must look like.
      const message = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
      return problem(where ? `${where}: ${message}` : message, locate(at), formatPathKey(path));
    });
    return { ok: false, problems };
  }
  return { ok: true, value: result.data, locate };
}

/** `rules[3].patterns.CAPEC-66`: the path of a value, as FileProblem.path holds it. */
export function formatPathKey(path: ReadonlyArray<string | number>): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

/** "catalogs/suggestion-rules.yaml:12:5 error: ..." (one-based line and column, as editors show them). */
export function formatFileProblem(p: FileProblem): string {
  return `${p.file}:${p.range.start.line + 1}:${p.range.start.character + 1} ${p.severity}: ${p.message}`;
}

/** Thrown when a file shipped with the extension is broken: that is a bug, not a user's mistake. */
export class SuggestionDataError extends Error {
  constructor(readonly problems: readonly FileProblem[]) {
    super(problems.map(formatFileProblem).join('\n'));
    this.name = 'SuggestionDataError';
  }
}
