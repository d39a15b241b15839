// Edits that turn a written list into a wanted one while keeping what people wrote by hand: a flow list
// ("[ana, joao]") or an absent one is written whole, on one line; a block list keeps its lines, so that the
// comments on the entries that stay survive: the entries that stay in order stay, the others are removed,
// the rest of the wanted list is appended.
import type { ParsedModelFile } from './parse';
import type { Change, PatchPath } from './yamlPatch';

/** A list of text entries (team, tags, technologies…), compared trimmed. */
export function textListChanges(file: ParsedModelFile, path: PatchPath, before: unknown, after: string[]): Change[] {
  return listChanges(file, path, before, after, (a, b) => typeof a === 'string' && a.trim() === b, {});
}

/** Any list: `same` says whether a written entry is the wanted one; `flow` writes appended entries one per line in flow style. */
export function listChanges<T>(file: ParsedModelFile, path: PatchPath, before: unknown, after: readonly T[], same: (a: unknown, b: T) => boolean, style: { flow?: boolean }): Change[] {
  const node = file.source.at(path);
  if (before === undefined) return [{ kind: 'append', path, values: after, flowKeys: [path[path.length - 1] as string] }];
  if (!Array.isArray(before) || before.length === 0 || node?.kind !== 'seq' || node.flow) return [{ kind: 'set', path, value: after }];
  const kept = new Set<number>();
  let next = 0;
  let from = 0;
  for (; next < after.length; next++) {
    const at = before.findIndex((entry, i) => i >= from && same(entry, after[next]));
    if (at < 0) break;
    kept.add(at);
    from = at + 1;
  }
  const changes: Change[] = [];
  before.forEach((_, i) => {
    if (!kept.has(i)) changes.push({ kind: 'remove', path: [...path, i] });
  });
  if (next < after.length) changes.push({ kind: 'append', path, values: after.slice(next), ...(style.flow ? { flow: true } : {}) });
  return changes;
}
