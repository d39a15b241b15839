// Naming places in parsed YAML data for messages.
import type { Range } from '../model/problem';
import { excerpt } from './yamlSource';

export const ORIGIN: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

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
      // Ids are quoted by excerpt: a hostile 1 MB id must not be repeated in every message.
      parts.push(typeof id === 'string' || typeof id === 'number' ? `${label} ${JSON.stringify(excerpt(String(id)))}` : `${label} #${(key as number) + 1}`);
    } else {
      parts.push(typeof key === 'number' ? `#${key + 1}` : excerpt(key));
    }
    node = next;
  }
  return parts.join(' › ');
}
