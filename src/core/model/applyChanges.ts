// Applies semantic changes to a parsed model file and proves the result: the new text is re-parsed and
// must equal, as data, the old data with exactly those changes applied, and keep every comment (checked
// where the edits are: the text elsewhere is untouched, and a change of its meaning shows in the data).
// Anything else is refused: the file is the team's, and a save must never quietly rewrite it.
import { isDeepStrictEqual } from 'node:util';
import { Lexer } from 'yaml';
import { DEFAULT_LIMITS, type ParseLimits } from './limits';
import { parseModelFile, type ParsedModelFile } from './parse';
import { planEdits, type PlannedEdits } from './planEdits';
import { applyTextEdits, type TextEdit } from './textEdits';
import { PatchError, type Change } from './yamlPatch';

export interface AppliedChanges {
  readonly text: string;
  readonly file: ParsedModelFile;
}

export function applyChanges(file: ParsedModelFile, changes: ReadonlyArray<Change>, limits: ParseLimits = DEFAULT_LIMITS): AppliedChanges {
  if (changes.length === 0) return { text: file.text, file };
  const expected = withChanges(file.data, changes);

  let planned: PlannedEdits;
  try {
    planned = planEdits(file, changes);
  } catch (e) {
    if (!(e instanceof PatchError)) throw e;
    throw new PatchError(
      `This part of the file is written in a shape the extension does not edit (${e.message}); nothing was written. ` +
        'Write it in block style (one key per line) and try again.',
    );
  }
  let edits = orderInsertions(planned.edits);
  // Keep the file's own line endings: a CRLF file stays CRLF, a CR-only file CR-only.
  const eol = lineEnding(file.text);
  if (eol !== '\n') edits = edits.map((e) => ({ ...e, text: e.text.replace(/\r?\n/g, eol) }));
  const text = applyTextEdits(file.text, edits);

  const reparsed = parseModelFile(text, limits);
  if (!reparsed.ok) {
    throw new PatchError(`the change would leave the file invalid (${reparsed.problems[0].message}); nothing was written`);
  }
  if (!isDeepStrictEqual(reparsed.file.data, expected)) {
    throw new PatchError('the edited file did not read back as intended; nothing was written');
  }
  if (!sameComments(file.text, text, planned.regions, edits)) {
    throw new PatchError('the edit would have lost a comment; nothing was written');
  }
  return { text, file: reparsed.file };
}

/**
 * Insertions at the same place (the end of a mapping) go deepest first: an item appended to the mapping's
 * last list must stay under that list, before a new sibling key of the list is added after it.
 */
function orderInsertions(edits: TextEdit[]): TextEdit[] {
  const indent = (e: TextEdit) => (e.length === 0 ? (/^\n*( *)/.exec(e.text)?.[1].length ?? 0) : Number.MAX_SAFE_INTEGER);
  return edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.offset - b.e.offset || indent(b.e) - indent(a.e) || a.i - b.i)
    .map(({ e }) => e);
}

/** The comments of a YAML text, in order; edits add none, so they must come through unchanged. */
function comments(text: string): string[] {
  const found: string[] = [];
  for (const token of new Lexer().lex(text)) if (token.startsWith('#')) found.push(token.trimEnd());
  return found;
}

/** Compares the comments of each region of the old text with the same region after the edits. */
function sameComments(before: string, after: string, regions: PlannedEdits['regions'], edits: ReadonlyArray<TextEdit>): boolean {
  if (regions === 'all') return isDeepStrictEqual(comments(before), comments(after));
  // Where an old offset lands in the new text; an insertion at a region's end belongs to that region.
  const shifted = (offset: number, atEnd: boolean) =>
    offset + edits.reduce((d, e) => (e.offset < offset || (atEnd && e.offset === offset) ? d + e.text.length - e.length : d), 0);
  return regions.every(([start, end]) => isDeepStrictEqual(comments(before.slice(start, end)), comments(after.slice(shifted(start, false), shifted(end, true)))));
}

function lineEnding(text: string): string {
  const lf = text.indexOf('\n');
  if (lf > 0 && text[lf - 1] === '\r') return '\r\n';
  return lf === -1 && text.includes('\r') ? '\r' : '\n';
}

/**
 * The data with the changes applied, copying only the objects on the changed paths: the rest is shared
 * with `data`, which stays as it was.
 */
function withChanges(data: unknown, changes: ReadonlyArray<Change>): unknown {
  const copied = new Set<unknown>();
  const copy = <T>(value: T): T => {
    const c = (Array.isArray(value) ? [...value] : { ...(value as object) }) as T;
    copied.add(c);
    return c;
  };
  const root = copy(data);
  for (const change of changes) {
    let node = root as Record<string | number, unknown>;
    for (const key of change.path.slice(0, -1)) {
      const next = node[key];
      if (next === null || typeof next !== 'object') throw new PatchError(`no value at ${change.path.join('.')}`);
      node = (copied.has(next) ? next : (node[key] = copy(next))) as Record<string | number, unknown>;
    }
    applyToData(node, change.path[change.path.length - 1], change);
  }
  return root;
}

function applyToData(node: Record<string | number, unknown>, key: string | number, change: Change): void {
  if (change.kind === 'set') {
    node[key] = structuredClone(change.value);
  } else {
    const existing = node[key];
    if (existing === undefined || existing === null) node[key] = structuredClone([...change.values]);
    else if (Array.isArray(existing)) node[key] = [...existing, ...structuredClone([...change.values])];
    else throw new PatchError(`${change.path.join('.')} is not a list`);
  }
}
