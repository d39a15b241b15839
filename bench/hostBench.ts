// Runs bench/host/index.ts inside VS Code's extension host through the offline harness and relays its
// figures. Activation is timed in several fresh hosts: one sample is at the mercy of a GC pause or of the
// workbench starting up on the same two cores, so the median is the figure and the samples are shown.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { median, report, round } from './stats';

const RUNS = 3;

function runOnce(root: string): Record<string, unknown>[] {
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'vscode-test', 'run-integration.mjs'), '--no-build', '--tests-module=out/bench/host/index.js'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const figures = (result.stdout ?? '').split('\n').filter((l) => l.startsWith('BENCH ')).map((l) => JSON.parse(l.slice(6)) as Record<string, unknown>);
  if (figures.length === 0) throw new Error(`host benchmarks did not run:\n${result.stdout}\n${result.stderr}`);
  return figures;
}

export function runHostBenchmarks(): void {
  const root = join(__dirname, '..', '..');
  const runs = Array.from({ length: RUNS }, () => runOnce(root));
  const samples = (bench: string, key: string) => runs.map((r) => Number(r.find((f) => f.bench === bench)?.[key])).sort((a, b) => a - b);
  const activate = samples('extension.activate', 'activateMs');
  report({
    bench: 'extension.activate',
    medianMs: round(median(activate), 2),
    samplesMs: activate,
    target: '< 20 ms',
    catalogsLoadedAtActivation: runs.some((r) => r.find((f) => f.bench === 'extension.activate')?.catalogsLoadedAtActivation === true),
  });
  const load = samples('extension.catalogs-first-load', 'ms');
  report({ bench: 'extension.catalogs-first-load', medianMs: round(median(load), 1), samplesMs: load, note: 'CAPEC + ASVS + mapping, after activation, in the host' });
  const wizard = runs.map((r) => r.find((f) => f.bench === 'wizard.open-to-interactive')).filter(Boolean) as Array<Record<string, unknown>>;
  const firsts = wizard.map((w) => Number(w.firstMs)).sort((a, b) => a - b);
  const thens = wizard.flatMap((w) => (w.thenMs as number[]) ?? []).sort((a, b) => a - b);
  report({ bench: 'wizard.open-to-interactive', firstMedianMs: median(firsts), againMedianMs: median(thens), samplesMs: { first: firsts, again: thens }, note: 'command to the first step rendered in the webview; catalogs already loaded' });
}
