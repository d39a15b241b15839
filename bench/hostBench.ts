// Runs bench/host/index.ts inside VS Code's extension host through the offline harness and relays its figures.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export function runHostBenchmarks(): void {
  const root = join(__dirname, '..', '..');
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'vscode-test', 'run-integration.mjs'), '--no-build', '--tests-module=out/bench/host/index.js'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const figures = (result.stdout ?? '').split('\n').filter((l) => l.startsWith('BENCH ')).map((l) => l.slice(6));
  if (figures.length === 0) {
    console.error(`host benchmarks did not run:\n${result.stdout}\n${result.stderr}`);
    process.exitCode = 1;
    return;
  }
  for (const line of figures) console.log(line);
}
