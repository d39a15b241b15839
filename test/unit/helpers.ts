import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModelFile, type ParsedModelFile } from '../../src/core/model/parse';

/** The repository root, from out/test/unit (compiled) or test/unit (source). */
export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const FIXTURE_MODEL = join(REPO_ROOT, 'test', 'fixtures', 'workspace', 'threatmodel.yaml');

export function fixtureText(): string {
  return readFileSync(FIXTURE_MODEL, 'utf8');
}

export function parseOk(text: string): ParsedModelFile {
  const result = parseModelFile(text);
  if (!result.ok) throw new Error(`expected a valid model, got: ${result.problems.map((p) => p.message).join('; ')}`);
  return result.file;
}

/** Lines that differ between two texts, as "-old" / "+new", by a plain LCS diff. */
export function changedLines(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const dp: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) dp[i][j] = a[i] === b[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
    } else if (dp[i + 1][j] >= dp[i][j + 1]) out.push(`-${a[i++]}`);
    else out.push(`+${b[j++]}`);
  }
  while (i < a.length) out.push(`-${a[i++]}`);
  while (j < b.length) out.push(`+${b[j++]}`);
  return out;
}
