// Reading upstream files and writing generated ones. Output is compact JSON with a trailing newline;
// determinism comes from building every object in a fixed key order and sorting every collection.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';

export function readText(dir: string, rel: string): string {
  return readFileSync(join(dir, rel), 'utf8');
}

export function readJson<T>(dir: string, rel: string): T {
  return JSON.parse(readText(dir, rel)) as T;
}

export function readYaml<T>(dir: string, rel: string): T {
  return parseYaml(readText(dir, rel)) as T;
}

export function writeOutput(dir: string, rel: string, content: string): void {
  const full = join(dir, rel);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
}

export function compactJson(value: unknown): string {
  return JSON.stringify(value) + '\n';
}

/** Numeric part of "CAPEC-66" / "CWE-89", for ordering. */
export function idNumber(id: string): number {
  return Number(/(\d+)$/.exec(id)?.[1] ?? NaN);
}

export function byIdNumber(a: string, b: string): number {
  return idNumber(a) - idNumber(b);
}

/** Repository root, from out/tools/catalogs/ (compiled) or tools/catalogs/ (source). */
export const REPO_ROOT = resolve(__dirname, __dirname.includes(join('out', 'tools')) ? '../../..' : '../..');
