// `npm test`: every check the project has, in order, each phase's output streamed as it runs:
//   typecheck (tsc), build (with tests), unit tests (mocha), harness install, integration tests (real
//   extension host under code-server), UI tests (packaged .vsix driven in the workbench).
// A failed test phase does not stop the run, so one run shows every result; phases that depend on a failed
// build or install are reported as not run. The last line is the total, `N passed, N failed`; a failed
// phase that has no test counts of its own (typecheck, build, install, a runner that crashed) counts as one
// failure there. Exit code 1 if anything failed.
//
// Quick local runs: THREAT_MODELING_SKIP_INTEGRATION=1 and/or THREAT_MODELING_SKIP_UI=1.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const node = process.execPath;
const skipIntegration = process.env.THREAT_MODELING_SKIP_INTEGRATION === '1';
const skipUi = process.env.THREAT_MODELING_SKIP_UI === '1';

/** Runs a command, streaming its output, and resolves to { code, output } (output kept for parsing). */
function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      output += d;
    });
    child.stderr.on('data', (d) => {
      process.stderr.write(d);
      output += d;
    });
    child.on('error', (err) => resolve({ code: 127, output: `${output}\n${err.message}` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

/** mocha's spec reporter: "N passing", "N failing", "N pending". */
function mochaCounts(output) {
  const count = (word) => Number(new RegExp(`^\\s*(\\d+) ${word}`, 'm').exec(output)?.[1] ?? 0);
  return { passed: count('passing'), failed: count('failing'), pending: count('pending') };
}

/** The harness runners' own summary line: "<label>: N passed, N failed". */
function summaryCounts(label, output) {
  const matches = [...output.matchAll(new RegExp(`^${label}: (\\d+) passed, (\\d+) failed`, 'gm'))];
  const last = matches.at(-1);
  return last ? { passed: Number(last[1]), failed: Number(last[2]), pending: 0 } : undefined;
}

const phases = [];

async function phase(name, cmd, args, parse) {
  console.log(`\n━━━ ${name} ━━━ ${[cmd === node ? 'node' : cmd, ...args].join(' ')}`);
  const started = Date.now();
  const { code, output } = await run(cmd, args);
  const counts = parse?.(output);
  const result = { name, ok: code === 0, code, counts, ms: Date.now() - started };
  phases.push(result);
  return result;
}

function notRun(name, why) {
  phases.push({ name, ok: false, notRun: why, ms: 0 });
}

function skipped(name, why) {
  phases.push({ name, ok: true, skipped: why, ms: 0 });
}

const typecheck = await phase('typecheck', node, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', '.']);
// out/ is rebuilt from scratch: the build transpiles file by file and never deletes, so a removed test
// would otherwise keep running from its stale .js.
rmSync(join(root, 'out'), { recursive: true, force: true });
const build = await phase('build', node, ['scripts/build.mjs', '--tests']);
if (build.ok) {
  await phase('unit', node, [require.resolve('mocha/bin/mocha.js'), '--config', '.mocharc.json', '--reporter', 'spec'], mochaCounts);
} else {
  notRun('unit', 'build failed');
}

if (skipIntegration && skipUi) {
  skipped('harness', 'integration and UI skipped');
  skipped('integration', 'THREAT_MODELING_SKIP_INTEGRATION=1');
  skipped('ui', 'THREAT_MODELING_SKIP_UI=1');
} else {
  const harness = await phase('harness', node, ['scripts/vscode-test/install.mjs', '--quiet']);
  const cannot = !build.ok ? 'build failed' : !harness.ok ? 'harness install failed' : undefined;
  for (const [name, script, skip, env] of [
    ['integration', 'run-integration.mjs', skipIntegration, 'THREAT_MODELING_SKIP_INTEGRATION'],
    ['ui', 'run-ui.mjs', skipUi, 'THREAT_MODELING_SKIP_UI'],
  ]) {
    if (skip) skipped(name, `${env}=1`);
    else if (cannot) notRun(name, cannot);
    else await phase(name, node, [join('scripts', 'vscode-test', script), '--no-build'], (out) => summaryCounts(name, out));
  }
}

// Totals: test counts where a phase has them; a failed phase without counts is one failure.
let passed = 0;
let failed = 0;
console.log('\n━━━ summary ━━━');
for (const p of phases) {
  let status;
  if (p.skipped) status = `skipped (${p.skipped})`;
  else if (p.notRun) status = `NOT RUN (${p.notRun})`;
  else if (p.counts) {
    status = `${p.counts.passed} passed, ${p.counts.failed} failed${p.counts.pending ? `, ${p.counts.pending} pending` : ''}`;
    if (!p.ok && p.counts.failed === 0) status += ` (exit code ${p.code})`;
  } else status = p.ok ? 'ok' : `FAILED (exit code ${p.code})`;
  if (p.counts) {
    passed += p.counts.passed;
    failed += p.counts.failed;
  }
  if (!p.ok && !p.skipped && (!p.counts || p.counts.failed === 0)) failed += 1;
  const time = p.ms ? `${(p.ms / 1000).toFixed(1)} s` : '';
  console.log(`  ${p.name.padEnd(12)} ${status.padEnd(44)} ${time}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = phases.every((p) => p.ok) ? 0 : 1;
