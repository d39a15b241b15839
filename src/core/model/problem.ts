/** A position in a text, zero-based like every editor API; messages shown to people add one. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** Something wrong with a threat model file, located in its text. */
export interface Problem {
  readonly message: string;
  readonly range: Range;
  readonly severity: 'error' | 'warning';
  /** The dotted path in the model, when the problem concerns a value ("projects[0].requirements[3].status"). */
  readonly path?: string;
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** "threatmodel.yaml:12:5 error: ..." — the form used by the CLI and in error messages. */
export function formatProblem(file: string, p: Problem): string {
  return `${file}:${p.range.start.line + 1}:${p.range.start.character + 1} ${p.severity}: ${p.message}`;
}
