// Finding values of a parsed YAML document in its text.
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { Range } from '../model/problem';

export const ORIGIN: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

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

/** The range of text offsets, at most to the end of the first line: a whole project underlined helps nobody. */
export function rangeOf(lineCounter: LineCounter, text: string, start: number, end: number): Range {
  const s = lineCounter.linePos(Math.min(start, text.length));
  const lineEnd = text.indexOf('\n', start);
  const stop = Math.max(start + 1, Math.min(end, lineEnd === -1 ? text.length : lineEnd));
  const e = lineCounter.linePos(Math.min(stop, text.length));
  return { start: { line: s.line - 1, character: s.col - 1 }, end: { line: e.line - 1, character: e.col - 1 } };
}

/**
 * Names a path by what people recognise: list entries by their id and the label of their list
 * (`project "checkout" › requirement "V1.2.5" › status`, `rule "tech-sql" › patterns › CAPEC-66`).
 */
export function describePath(data: unknown, path: ReadonlyArray<string | number>, labels: Readonly<Record<string, string>>): string {
  const parts: string[] = [];
  let node: unknown = data;
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    const next = node && typeof node === 'object' ? (node as Record<string | number, unknown>)[key as never] : undefined;
    const label = typeof key === 'number' && i > 0 ? labels[String(path[i - 1])] : undefined;
    if (label) {
      const id = next && typeof next === 'object' ? (next as { id?: unknown }).id : undefined;
      parts.pop();
      parts.push(typeof id === 'string' || typeof id === 'number' ? `${label} ${JSON.stringify(String(id))}` : `${label} #${(key as number) + 1}`);
    } else {
      parts.push(typeof key === 'number' ? `#${key + 1}` : key);
    }
    node = next;
  }
  return parts.join(' › ');
}
