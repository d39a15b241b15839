// A workspace's own suggestion rules, in .threatmodel/rules.yaml next to the model file. Reading never
// throws: a missing file means "no workspace rules", anything else wrong comes back as located problems.
import { readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CONFIG_LIMITS } from './configFile';
import { parseRulesFile, type RulesFileResult } from './rulesFile';

/** Relative to the workspace folder (where threatmodel.yaml lives). */
export const WORKSPACE_RULES_PATH = '.threatmodel/rules.yaml';

/** The parsed workspace rules, or undefined when the folder has none. */
export function readWorkspaceRules(workspaceFolder: string): RulesFileResult | undefined {
  const file = join(workspaceFolder, WORKSPACE_RULES_PATH);
  let text: string;
  try {
    const { size } = statSync(file);
    if (size > CONFIG_LIMITS.maxBytes) return tooLarge(file, size);
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return readFailure(file, err);
  }
  return parseRulesFile(text, file);
}

export async function readWorkspaceRulesAsync(workspaceFolder: string): Promise<RulesFileResult | undefined> {
  const file = join(workspaceFolder, WORKSPACE_RULES_PATH);
  let text: string;
  try {
    // A cloned repository could hold a huge file: check its size before reading it.
    const { size } = await stat(file);
    if (size > CONFIG_LIMITS.maxBytes) return tooLarge(file, size);
    text = await readFile(file, 'utf8');
  } catch (err) {
    return readFailure(file, err);
  }
  return parseRulesFile(text, file);
}

function tooLarge(file: string, size: number): RulesFileResult {
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  const message = `the workspace rules file is ${mib(size)}, larger than ${mib(CONFIG_LIMITS.maxBytes)}; it was not read`;
  return { ok: false, problems: [{ file, message, severity: 'error', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }] };
}

function readFailure(file: string, err: unknown): RulesFileResult | undefined {
  if ((err as NodeJS.ErrnoException)?.code === 'ENOENT') return undefined;
  const message = `cannot read the workspace rules (${err instanceof Error ? err.message : String(err)})`;
  return { ok: false, problems: [{ file, message, severity: 'error', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }] };
}
