// Reading a small YAML configuration file (item kinds, suggestion rules) through a zod schema, with every
// problem located in the text, so a broken workspace file becomes a diagnostic instead of an exception.
import type { z } from 'zod';
import type { Problem } from '../model/problem';
import { readValidatedYaml, type Locator, type YamlLimits } from '../yaml/validatedYaml';

export type { Locator };

/** A problem in a named file; `file` is what the user would open (a path or a catalog file name). */
export interface FileProblem extends Problem {
  readonly file: string;
}

export type ConfigResult<T> =
  | { readonly ok: true; readonly value: T; readonly locate: Locator }
  | { readonly ok: false; readonly problems: FileProblem[] };

export type ConfigLimits = YamlLimits;

/** Rule and taxonomy files are hand-written and small; anything bigger is a mistake or an attack. */
export const CONFIG_LIMITS: ConfigLimits = { maxBytes: 2 * 1024 * 1024, maxNodes: 200_000, maxProblems: 100 };

/** Reads a configuration file with the same reader, limits and located messages as the model file. */
export function parseConfigFile<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  labels: Readonly<Record<string, string>>,
  limits: ConfigLimits = CONFIG_LIMITS,
): ConfigResult<z.output<S>> {
  const result = readValidatedYaml(text, schema, {
    limits,
    labels,
    emptyMessage: 'the file is empty',
    tooLargeMessage: (size, limit) => `the file is ${size}, more than the ${limit} limit; it was not read`,
  });
  if (!result.ok) return { ok: false, problems: result.problems.map((p) => ({ ...p, file })) };
  return { ok: true, value: result.value, locate: result.locate };
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
