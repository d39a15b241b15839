import { createHash } from 'node:crypto';
import type { Evidence } from '../model/schema';

/** Hash of a code selection, insensitive to line-ending style so a checkout on Windows does not "drift". */
export function hashCode(text: string): string {
  return createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex');
}

/** Evidence that points at lines `first..last` (1-based, inclusive) of a workspace file. */
export function codeEvidence(path: string, first: number, last: number, selectedText: string, note?: string): Evidence {
  return {
    type: 'code',
    path,
    lines: [first, last],
    sha256: hashCode(selectedText),
    ...(note?.trim() ? { note: note.trim() } : {}),
  };
}
