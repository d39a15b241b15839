// UI tests of the packaged extension: builds the .vsix (`npm run package`), installs it into a throwaway
// extensions dir with code-server's own --install-extension, starts code-server WITHOUT the smoke-test
// driver (so the workbench behaves as a user's: toasts, no test payload) on a copy of the fixture workspace,
// then runs the mocha suites out/test/ui/**/*.ui.js, which drive the workbench with playwright-core.
//
//   node scripts/vscode-test/run-ui.mjs [--no-build]
//
// Screenshots go to test-artifacts/screenshots/. Ends with `ui: N passed, N failed`.
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Mocha from 'mocha';
import { startCodeServer } from './code-server.mjs';
import { ensureScreenshotsDir, isNoise, removeOnExit, repoRoot, runInherit, seconds } from './common.mjs';
import { ensureHarness } from './install.mjs';

const argv = process.argv.slice(2);
const noBuild = argv.includes('--no-build');
const verbose = argv.includes('--verbose') || process.env.THREAT_MODELING_TEST_VERBOSE === '1';
const OVERALL_TIMEOUT_MS = 10 * 60 * 1000;
const vsix = join(repoRoot, 'threat-modeling.vsix');

function uiTestFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? uiTestFiles(join(dir, e.name)) : e.name.endsWith('.ui.js') ? [join(dir, e.name)] : []))
    .sort();
}

async function runMocha(files) {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, reporter: 'spec', color: false });
  for (const file of files) mocha.addFile(file);
  await mocha.loadFilesAsync();
  return new Promise((resolve) => {
    const runner = mocha.run(() => resolve({ passed: runner.stats.passes, failed: runner.stats.failures }));
  });
}

async function main() {
  const started = Date.now();
  if (!noBuild && (await runInherit(process.execPath, ['scripts/build.mjs', '--tests'])) !== 0) {
    throw new Error('build failed');
  }
  const files = uiTestFiles(join(repoRoot, 'out', 'test', 'ui'));
  if (files.length === 0) throw new Error('no out/test/ui/**/*.ui.js; run: node scripts/build.mjs --tests');

  const paths = await ensureHarness({ log: (m) => console.log(m) });

  rmSync(vsix, { force: true });
  if ((await runInherit('npm', ['run', 'package'])) !== 0 || !existsSync(vsix)) throw new Error('npm run package failed');

  const tmp = mkdtempSync(join(tmpdir(), 'tm-ui-'));
  const removeTmp = removeOnExit(tmp);
  const workspace = join(tmp, 'workspace');
  cpSync(join(repoRoot, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });

  let server;
  let stopping = false;
  try {
    const t0 = Date.now();
    server = await startCodeServer({
      paths,
      folder: workspace,
      vsix: [vsix], // installed with code-server --install-extension before the server starts
      // Only errors, and none from the shutdown (watchers and sockets complain when the group is killed).
      onOutput: (line) => {
        if (verbose || (!stopping && !isNoise(line) && /error/i.test(line))) console.log(`  [server] ${line}`);
      },
    });
    console.log(`ui: installed ${vsix} and started code-server ${server.url} in ${seconds(Date.now() - t0)}`);

    Object.assign(process.env, {
      THREAT_MODELING_UI_URL: `${server.url}?folder=${encodeURIComponent(workspace)}`,
      THREAT_MODELING_UI_VSIX: vsix,
      THREAT_MODELING_UI_EXTENSIONS_DIR: server.dirs.extensions,
      THREAT_MODELING_UI_WORKSPACE: workspace,
      THREAT_MODELING_SCREENSHOTS: ensureScreenshotsDir(),
    });
    const results = await runMocha(files);
    console.log(`ui: finished in ${seconds(Date.now() - started)}`);
    return results;
  } finally {
    stopping = true;
    await server?.stop();
    removeTmp();
  }
}

// A hung browser or server must not hang CI; the exit hook in code-server.mjs kills the server's group.
const watchdog = setTimeout(() => {
  console.log(`ui: no result after ${seconds(OVERALL_TIMEOUT_MS)}; giving up`);
  console.log('ui: 0 passed, 1 failed');
  process.exit(1);
}, OVERALL_TIMEOUT_MS);
watchdog.unref();

try {
  const { passed, failed } = await main();
  console.log(`ui: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
} catch (err) {
  console.error(`ui: ERROR: ${err.stack ?? err}`);
  console.log('ui: 0 passed, 1 failed');
  process.exitCode = 1;
}
