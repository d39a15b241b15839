// Runs the mocha integration suite (out/test/integration/index.js) inside a real VS Code extension host,
// offline: code-server with the smoke-test driver, its web workbench in headless Chromium through
// playwright-core. The workbench's payload points the extension host at this repository as the extension
// under development and at the tests module; the host reports back through codeAutomationLog/-Exit.
//
//   node scripts/vscode-test/run-integration.mjs [--no-build] [--timeout=SECONDS] [--tests-module=PATH] [--verbose]
//   (--verbose or THREAT_MODELING_TEST_VERBOSE=1 shows the workbench and server chatter that is hidden by default)
//
// Ends with `integration: N passed, N failed`; exits non-zero when a test failed or the run did not finish.
import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { launchBrowser } from './browser.mjs';
import { remoteUri, startCodeServer } from './code-server.mjs';
import { ensureScreenshotsDir, isNoise, removeOnExit, repoRoot, runInherit, seconds } from './common.mjs';
import { ensureHarness } from './install.mjs';

const argv = process.argv.slice(2);
const noBuild = argv.includes('--no-build');
const timeoutArg = argv.find((a) => a.startsWith('--timeout='));
const timeoutMs = (timeoutArg ? Number(timeoutArg.split('=')[1]) : 600) * 1000;
const verbose = argv.includes('--verbose') || process.env.THREAT_MODELING_TEST_VERBOSE === '1';

const fixture = join(repoRoot, 'test', 'fixtures', 'workspace');
// --tests-module=PATH (relative to the repository) runs another tests module, e.g. the host benchmarks.
const testsModuleArg = argv.find((a) => a.startsWith('--tests-module='));
const testsModule = join(repoRoot, testsModuleArg ? testsModuleArg.split('=')[1] : join('out', 'test', 'integration', 'index.js'));
const RESULTS = /TEST-RESULTS passed=(\d+) failed=(\d+)/;

async function main() {
  const started = Date.now();
  if (!noBuild && (await runInherit(process.execPath, ['scripts/build.mjs', '--tests'])) !== 0) {
    throw new Error('build failed');
  }
  for (const file of [join(repoRoot, 'dist', 'extension.js'), testsModule]) {
    if (!existsSync(file)) throw new Error(`${file} is missing; run: node scripts/build.mjs --tests`);
  }
  const paths = await ensureHarness({ log: (m) => console.log(m) });

  // Tests may write to the workspace, so they get a copy; the fixture in git stays pristine.
  const tmp = mkdtempSync(join(tmpdir(), 'tm-integration-'));
  const removeTmp = removeOnExit(tmp);
  const workspace = join(tmp, 'workspace');
  cpSync(fixture, workspace, { recursive: true });
  const screenshotSignal = join(tmp, 'screenshot-taken');

  let server;
  let browser;
  let stopping = false;
  let results;
  let exitCode;
  try {
    server = await startCodeServer({
      paths,
      folder: workspace,
      smokeTestDriver: true,
      // Only errors, and none from the shutdown (watchers and sockets complain when the group is killed).
      onOutput: (line) => {
        if (verbose || (!stopping && !isNoise(line) && /error/i.test(line))) console.log(`  [server] ${line}`);
      },
    });
    console.log(`integration: code-server ${server.url} (pid ${server.pid}), workspace ${workspace}`);

    browser = await launchBrowser();
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    const shotPath = join(ensureScreenshotsDir(), 'integration-final.png');
    let shot;
    let onExit;
    const exited = new Promise((resolve) => (onExit = resolve));
    await page.exposeFunction('codeAutomationLog', (level, args) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      const match = RESULTS.exec(text);
      if (match) {
        results = { passed: Number(match[1]), failed: Number(match[2]) };
        // The tests module waits for the signal file before returning (then the host shuts down and its
        // views go blank), so this picture shows the workbench as the tests left it.
        shot ??= page
          .screenshot({ path: shotPath })
          .then(
            () => console.log(`integration: screenshot ${shotPath}`),
            (err) => console.log(`integration: no screenshot: ${err.message}`),
          )
          .finally(() => writeFileSync(screenshotSignal, ''));
      }
      if (verbose || !isNoise(text)) console.log(level === 'error' ? `  [${level}] ${text}` : text);
    });
    await page.exposeFunction('codeAutomationExit', (code) => onExit(code));
    page.on('crash', () => onExit('page crashed'));

    const payload = [
      ['extensionDevelopmentPath', remoteUri(server.port, repoRoot)],
      ['extensionTestsPath', remoteUri(server.port, testsModule)],
      [
        'extensionEnvironment',
        JSON.stringify({ THREAT_MODELING_TEST_WORKSPACE: workspace, THREAT_MODELING_TEST_SCREENSHOT_SIGNAL: screenshotSignal }),
      ],
    ];
    const url = `${server.url}?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url, { waitUntil: 'domcontentloaded' });

    let timer;
    const timedOut = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    exitCode = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (exitCode === 'timeout') console.log(`integration: no result after ${seconds(timeoutMs)}; giving up`);

    // Without a results line (a crash or a hang), show the workbench as it was left.
    shot ??= page.screenshot({ path: shotPath }).then(
      () => console.log(`integration: screenshot ${shotPath}`),
      (err) => console.log(`integration: no screenshot: ${err.message}`),
    );
    await shot;
  } finally {
    stopping = true;
    await browser?.close();
    await server?.stop();
    removeTmp();
  }

  // A run that never reported its totals counts as one failure, whatever the host said.
  const passed = results?.passed ?? 0;
  const failed = results ? results.failed : 1;
  if (!results) console.log(`integration: the tests did not report results (exit: ${exitCode})`);
  console.log(`integration: finished in ${seconds(Date.now() - started)}`);
  return { passed, failed, ok: exitCode === 0 && results !== undefined && failed === 0 };
}

try {
  const { passed, failed, ok } = await main();
  console.log(`integration: ${passed} passed, ${failed} failed`);
  process.exitCode = ok ? 0 : 1;
} catch (err) {
  console.error(`integration: ERROR: ${err.stack ?? err}`);
  console.log('integration: 0 passed, 1 failed');
  process.exitCode = 1;
}
