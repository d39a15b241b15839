// Applies semantic changes to a parsed model file and proves the result: the new text is re-parsed and
// must equal, as data, the old data with exactly those changes applied, and keep every comment.
// Anything else is refused: the file is the team's, and a save must never quietly rewrite it.
import { isDeepStrictEqual } from 'node:util';
import { Lexer } from 'yaml';
import { DEFAULT_LIMITS, type ParseLimits } from './limits';
import { parseModelFile, type ParsedModelFile } from './parse';
import { applyTextEdits, type TextEdit } from './textEdits';
import { PatchError, planEdit, type Change } from './yamlPatch';

export interface AppliedChanges {
  readonly text: string;
  readonly file: ParsedModelFile;
}

export function applyChanges(file: ParsedModelFile, changes: ReadonlyArray<Change>, limits: ParseLimits = DEFAULT_LIMITS): AppliedChanges {
  if (changes.length === 0) return { text: file.text, file };
  const expected = structuredClone(file.data);
  for (const change of changes) applyToData(expected, change);

  let edits: TextEdit[];
  try {
    edits = changes.map((c) => planEdit(file.text, file.document, c));
  } catch (e) {
    if (!(e instanceof PatchError)) throw e;
    throw new PatchError(
      `This part of the file is written in a shape the extension does not edit (${e.message}); nothing was written. ` +
        'Write it in block style (one key per line) and try again.',
    );
  }
  edits = orderInsertions(edits);
  // Keep the file's own line endings: a CRLF file stays CRLF.
  if (file.text.includes('\r\n')) edits = edits.map((e) => ({ ...e, text: e.text.replace(/\r?\n/g, '\r\n') }));
  const text = applyTextEdits(file.text, edits);

  const reparsed = parseModelFile(text, limits);
  if (!reparsed.ok) {
    throw new PatchError(`the change would leave the file invalid (${reparsed.problems[0].message}); nothing was written`);
  }
  if (!isDeepStrictEqual(reparsed.file.data, expected)) {
    throw new PatchError('the edited file did not read back as intended; nothing was written');
  }
  if (!sameComments(file.text, text)) {
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

function sameComments(before: string, after: string): boolean {
  return isDeepStrictEqual(comments(before), comments(after));
}

function applyToData(data: unknown, change: Change): void {
  const parentPath = change.path.slice(0, -1);
  const key = change.path[change.path.length - 1];
  let node = data as Record<string | number, unknown>;
  for (const k of parentPath) {
    node = node[k] as Record<string | number, unknown>;
    if (node === null || typeof node !== 'object') throw new PatchError(`no value at ${change.path.join('.')}`);
  }
  if (change.kind === 'set') {
    node[key] = structuredClone(change.value);
  } else {
    const existing = node[key];
    if (existing === undefined || existing === null) node[key] = structuredClone([...change.values]);
    else if (Array.isArray(existing)) existing.push(...structuredClone([...change.values]));
    else throw new PatchError(`${change.path.join('.')} is not a list`);
  }
}
