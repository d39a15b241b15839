// Applies semantic changes to a parsed model file and proves the result: the new text is re-parsed and
// must equal, as data, the old data with exactly those changes applied. Anything else is refused.
import { isDeepStrictEqual } from 'node:util';
import { DEFAULT_LIMITS, type ParseLimits } from './limits';
import { parseModelFile, type ParsedModelFile } from './parse';
import { applyTextEdits } from './textEdits';
import { PatchError, planEdit, type Change } from './yamlPatch';

export interface AppliedChanges {
  readonly text: string;
  readonly file: ParsedModelFile;
}

export function applyChanges(file: ParsedModelFile, changes: ReadonlyArray<Change>, limits: ParseLimits = DEFAULT_LIMITS): AppliedChanges {
  const expected = structuredClone(file.data);
  for (const change of changes) applyToData(expected, change);

  let text: string;
  try {
    text = applyTextEdits(file.text, changes.map((c) => planEdit(file.text, file.document, c)));
  } catch (e) {
    if (!(e instanceof PatchError)) throw e;
    // Rare shapes (flow collections written by hand) fall back to the Document API, which keeps
    // comments and order but may reformat the nodes it touches.
    text = viaDocument(file, changes);
  }

  const reparsed = parseModelFile(text, limits);
  if (!reparsed.ok) {
    throw new PatchError(`the change would leave the file invalid: ${reparsed.problems[0].message}`);
  }
  if (!isDeepStrictEqual(reparsed.file.data, expected)) {
    throw new PatchError('the edited file did not read back as intended; nothing was written');
  }
  return { text, file: reparsed.file };
}

function viaDocument(file: ParsedModelFile, changes: ReadonlyArray<Change>): string {
  const doc = file.document.clone();
  for (const change of changes) {
    if (change.kind === 'set') {
      doc.setIn(change.path, change.value);
    } else {
      for (const value of change.values) {
        const node = doc.createNode(value);
        if (change.flow && typeof value === 'object' && value !== null) (node as { flow?: boolean }).flow = true;
        doc.addIn(change.path, node);
      }
    }
  }
  return doc.toString({ lineWidth: 0 });
}

function applyToData(data: unknown, change: Change): void {
  const parentPath = change.kind === 'set' ? change.path.slice(0, -1) : change.path.slice(0, -1);
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
