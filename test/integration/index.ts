// Tests module loaded by the extension host (the contract of @vscode/test-electron and of VS Code's
// extensionTestsPath): it exports run(), which resolves when every test passed and rejects otherwise.
// The same module runs offline under code-server (scripts/vscode-test/run-integration.mjs) and on machines
// that can download VS Code (scripts/vscode-test/run-electron.mjs).
//
// Output goes through console.log because that is what reaches the runner in both hosts: the web workbench
// forwards extension-host console output to codeAutomationLog, desktop VS Code to the parent's stdout.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

/** Line the runners parse for the summary; keep the format in sync with run-integration.mjs. */
export const RESULTS_PREFIX = 'TEST-RESULTS';

function findTests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(full));
    else if (entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

function titleOf(test: Mocha.Runnable): string {
  return test.titlePath().join(' › ');
}

/** Prints one line per test as it finishes, full errors for failures, and a parseable totals line. */
class ConsoleReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const failures: { title: string; err: Error }[] = [];
    runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, (test) => {
      console.log(`  ✔ ${titleOf(test)} (${test.duration ?? 0} ms)`);
    });
    runner.on(Mocha.Runner.constants.EVENT_TEST_PENDING, (test) => {
      console.log(`  - ${titleOf(test)} (pending)`);
    });
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test, err) => {
      console.log(`  ✖ ${titleOf(test)}`);
      failures.push({ title: titleOf(test), err });
    });
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const stats = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      failures.forEach(({ title, err }, i) => {
        console.log(`\n  ${i + 1}) ${title}\n     ${String(err?.stack ?? err).replace(/\n/g, '\n     ')}`);
      });
      console.log(`\n  ${stats.passes} passing, ${stats.failures} failing, ${stats.pending} pending`);
      console.log(`${RESULTS_PREFIX} passed=${stats.passes} failed=${stats.failures} pending=${stats.pending}`);
    });
  }
}

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 30_000,
    color: false,
    reporter: ConsoleReporter,
    // THREAT_MODELING_TEST_GREP narrows a local run to matching test titles.
    grep: process.env.THREAT_MODELING_TEST_GREP || undefined,
  });
  const files = findTests(__dirname);
  if (files.length === 0) throw new Error(`no *.test.js files under ${__dirname}; run node scripts/build.mjs --tests`);
  for (const file of files) mocha.addFile(file);
  console.log(`integration: running ${files.length} test file(s) in VS Code ${vscode.version}`);

  await mocha.loadFilesAsync();
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  await waitForFinalScreenshot();
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}

/**
 * When this host returns from run() it shuts down and its views go blank, so a runner that wants a picture
 * of the workbench as the tests left it names a file in THREAT_MODELING_TEST_SCREENSHOT_SIGNAL, takes the
 * picture when it sees the totals line, then creates that file. Waits for it, at most 15 s.
 */
async function waitForFinalScreenshot(): Promise<void> {
  const signal = process.env.THREAT_MODELING_TEST_SCREENSHOT_SIGNAL;
  if (!signal) return;
  const deadline = Date.now() + 15_000;
  while (!fs.existsSync(signal) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}
