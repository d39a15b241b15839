// Runs the same mocha integration suite as run-integration.mjs, in desktop VS Code through
// @vscode/test-electron. test-electron downloads VS Code at run time (cached in .vscode-test/), so this works
// only where Microsoft's update service is reachable: a contributor's laptop or a hosted CI, not here.
//
//   npm run test:electron            (VS Code version: env VSCODE_TEST_VERSION, default 'stable')
//
// On a Linux machine without a display, run it under xvfb-run.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot, runInherit } from './common.mjs';

const RESULTS = /TEST-RESULTS passed=(\d+) failed=(\d+)/;

async function main() {
  if ((await runInherit(process.execPath, ['scripts/build.mjs', '--tests'])) !== 0) throw new Error('build failed');
  const extensionTestsPath = join(repoRoot, 'out', 'test', 'integration', 'index.js');
  if (!existsSync(extensionTestsPath)) throw new Error(`${extensionTestsPath} is missing after the build`);
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    console.log('electron: no DISPLAY set; if VS Code fails to start, run this under xvfb-run -a');
  }

  // The tests may write to their workspace; the fixture in git stays pristine.
  const tmp = mkdtempSync(join(tmpdir(), 'tm-electron-'));
  const workspace = join(tmp, 'workspace');
  cpSync(join(repoRoot, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });

  // VS Code's output is piped to our stdout by test-electron; watch it for the suite's totals line.
  let results;
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk, ...rest) => {
    const match = RESULTS.exec(String(chunk));
    if (match) results = { passed: Number(match[1]), failed: Number(match[2]) };
    return write(chunk, ...rest);
  };

  try {
    await runTests({
      version: process.env.VSCODE_TEST_VERSION || 'stable',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath,
      extensionTestsEnv: { THREAT_MODELING_TEST_WORKSPACE: workspace },
      // test-electron gives VS Code its own user-data and extensions dirs under .vscode-test/;
      // --disable-extensions keeps any other extension out of the host.
      launchArgs: [workspace, '--disable-extensions'],
    });
    return results ?? { passed: 0, failed: 1 };
  } catch (err) {
    console.error(`electron: ${err.message ?? err}`);
    return { passed: results?.passed ?? 0, failed: Math.max(1, results?.failed ?? 0) };
  } finally {
    process.stdout.write = write;
    rmSync(tmp, { recursive: true, force: true });
  }
}

const { passed, failed } = await main().catch((err) => {
  console.error(`electron: ERROR: ${err.message ?? err}`);
  return { passed: 0, failed: 1 };
});
console.log(`electron: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
