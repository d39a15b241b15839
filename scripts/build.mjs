// Builds the extension's bundles with esbuild; `tsc --noEmit` type-checks separately.
//   (default)     dist/extension.js (node/cjs, vscode external), dist/modelWorker.js (its worker thread),
//                 dist/webview/*.js (browser/esm), dist/cli.js
//   --tests       also transpiles src, test, bench and tools file-by-file into out/ for mocha and benchmarks
//   --production  minified bundles without source maps (used by `npm run package`)
import * as esbuild from 'esbuild';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const withTests = args.has('--tests');

function tsFiles(dir) {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    // Fixture workspaces hold sample user code, not ours.
    if (statSync(full).isDirectory()) {
      if (name !== 'fixtures') out.push(...tsFiles(full));
    }
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', absWorkingDir: root };

const builds = [
  esbuild.build({
    ...common,
    entryPoints: ['src/vscode/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  }),
  // The worker thread that parses and saves model files off the extension host's thread.
  esbuild.build({
    ...common,
    entryPoints: ['src/core/model/worker/modelWorker.ts'],
    outfile: 'dist/modelWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  }),
  esbuild.build({
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  }),
];

const webviewEntries = tsFiles(join(root, 'webview')).filter((f) => /webview[\\/][^\\/]+\.ts$/.test(f));
if (webviewEntries.length > 0) {
  builds.push(
    esbuild.build({
      ...common,
      entryPoints: webviewEntries.map((f) => relative(root, f)),
      outdir: 'dist/webview',
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
    }),
  );
}

if (withTests) {
  const files = ['src', 'test', 'bench', 'tools'].flatMap((d) => tsFiles(join(root, d))).map((f) => relative(root, f));
  builds.push(
    esbuild.build({
      entryPoints: files,
      outdir: 'out',
      outbase: '.',
      bundle: false,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      sourcemap: true,
      logLevel: 'warning',
      absWorkingDir: root,
    }),
  );
}

const start = Date.now();
await Promise.all(builds);
console.log(`build: done in ${Date.now() - start} ms${withTests ? ' (with tests)' : ''}${production ? ' (production)' : ''}`);
