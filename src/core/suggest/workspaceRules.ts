// A workspace's own suggestion rules, in .threatmodel/rules.yaml next to the model file. Reading never
// throws: a missing file means "no workspace rules", anything else wrong comes back as located problems.
import { join } from 'node:path';
import { FileTooLargeError, readFileCapped, readFileCappedSync } from '../fs/readFileCapped';
import { CONFIG_LIMITS } from './configFile';
import { parseRulesFile, type RulesFileResult } from './rulesFile';

/** Relative to the workspace folder (where threatmodel.yaml lives). */
export const WORKSPACE_RULES_PATH = '.threatmodel/rules.yaml';

/** The parsed workspace rules, or undefined when the folder has none. */
export function readWorkspaceRules(workspaceFolder: string): RulesFileResult | undefined {
  const file = join(workspaceFolder, WORKSPACE_RULES_PATH);
  let bytes: Buffer | undefined;
  try {
    bytes = readFileCappedSync(file, CONFIG_LIMITS.maxBytes, WORKSPACE_RULES_PATH);
  } catch (err) {
    return readFailure(file, err);
  }
  return bytes && parseRulesFile(decode(bytes), file);
}

/**
 * The same, without blocking. A cloned repository could hold anything at that path: only a regular file is
 * read, and never more than the limit (see readFileCapped).
 */
export async function readWorkspaceRulesAsync(workspaceFolder: string): Promise<RulesFileResult | undefined> {
  const file = join(workspaceFolder, WORKSPACE_RULES_PATH);
  let bytes: Buffer | undefined;
  try {
    bytes = await readFileCapped(file, CONFIG_LIMITS.maxBytes, WORKSPACE_RULES_PATH);
  } catch (err) {
    return readFailure(file, err);
  }
  return bytes && parseRulesFile(decode(bytes), file);
}

function decode(bytes: Buffer): string {
  return bytes.toString('utf8');
}

function readFailure(file: string, err: unknown): RulesFileResult {
  const message =
    err instanceof FileTooLargeError
      ? `the workspace rules file is ${mib(err.size)}, larger than ${mib(CONFIG_LIMITS.maxBytes)}; it was not read`
      : `cannot read the workspace rules: ${err instanceof Error ? err.message : String(err)}`;
  return { ok: false, problems: [{ file, message, severity: 'error', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }] };
}

function mib(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
