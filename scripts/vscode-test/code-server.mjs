// Starts and stops VS Code's server (code-server) for tests and `npm start`.
// Facts behind the flags: shared/docs/vscode-test-harness.md.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { withoutNpmVariables } from './cleanEnv.mjs';

/** Settings that keep a throwaway workbench quiet and deterministic on a closed network. */
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.enableExperiments': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
};

/** A TCP port that is free on 127.0.0.1 right now. */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, host, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves to true when `port` can be bound on `host`. */
export function isPortFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

/**
 * Environment for code-server: its own XDG dirs, Node 24 first on PATH, and none of the variables that would
 * make it talk to an enclosing VS Code or npm (VSCODE_IPC_HOOK_CLI turns `code-server` into a remote-control CLI).
 */
function serverEnv(paths, dirs, extraEnv) {
  // npm's variables from an enclosing `npm test` describe this project's run, not the server's.
  const env = withoutNpmVariables(process.env);
  for (const key of Object.keys(env)) if (key.startsWith('VSCODE_')) delete env[key];
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;
  return {
    ...env,
    PATH: `${join(paths.nodeDir, 'bin')}:${process.env.PATH}`,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    ...extraEnv,
  };
}

/**
 * The directories of one code-server instance. Everything lives under `baseDir` (a fresh temp dir unless
 * given); `extensionsDir` may point elsewhere, e.g. a persistent one for `npm start`.
 */
export function serverDirs({ baseDir, extensionsDir } = {}) {
  const base = baseDir ?? mkdtempSync(join(tmpdir(), 'tm-code-server-'));
  const dirs = {
    base,
    ownsBase: !baseDir,
    userData: join(base, 'user-data'),
    extensions: extensionsDir ?? join(base, 'extensions'),
    xdgConfig: join(base, 'xdg-config'),
    xdgData: join(base, 'xdg-data'),
    config: join(base, 'config.yaml'),
  };
  for (const dir of [dirs.userData, dirs.extensions, dirs.xdgConfig, dirs.xdgData]) mkdirSync(dir, { recursive: true });
  return dirs;
}

/** Installs a .vsix into `dirs.extensions` with code-server's own CLI (the same code path as a user's install). */
export function installExtension(paths, dirs, vsix, { force = false } = {}) {
  const args = [paths.codeServerEntry, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  args.push('--install-extension', vsix);
  if (force) args.push('--force');
  const res = spawnSync(paths.nodeBin, args, {
    env: serverEnv(paths, dirs, {}),
    encoding: 'utf8',
    timeout: 120_000,
  });
  const output = `${res.stdout ?? ''}${res.stderr ?? ''}`.trim();
  if (res.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed (${res.status ?? res.signal}):\n${output}`);
  return output;
}

function waitForHealth(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        reject(new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before listening`));
        return;
      }
      const req = get(`${url}healthz`, (res) => {
        res.resume();
        if (res.statusCode === 200) resolve();
        else retry();
      });
      req.setTimeout(2000, () => req.destroy());
      req.on('error', retry);
    };
    const retry = () => {
      if (Date.now() > deadline) reject(new Error(`code-server did not listen within ${timeoutMs} ms`));
      else setTimeout(attempt, 200);
    };
    attempt();
  });
}

/**
 * Starts code-server on 127.0.0.1 in its own process group and waits until it answers.
 * @param {object} opts
 * @param {object} opts.paths          harness paths from install.mjs
 * @param {string} [opts.folder]       folder to open
 * @param {number} [opts.port]         default: a free port
 * @param {boolean} [opts.smokeTestDriver]  enables payload extensionDevelopmentPath/extensionTestsPath
 * @param {string[]} [opts.vsix]       extensions to install into the extensions dir before starting
 * @param {string} [opts.baseDir]      keep dirs here instead of a fresh temp dir (not removed on stop)
 * @param {string} [opts.extensionsDir]
 * @param {object} [opts.settings]     user settings merged over the quiet defaults
 * @param {object} [opts.env]          extra environment (reaches the extension host)
 * @param {(line: string) => void} [opts.onOutput]  server stdout/stderr lines
 * @returns {Promise<{url: string, port: number, dirs: object, pid: number, exited: Promise<number|string>,
 *   stop: () => Promise<void>}>}  exited resolves when the main process ends; stop() ends the whole group
 */
export async function startCodeServer(opts) {
  const { paths, folder, smokeTestDriver = false, vsix = [], settings = {}, env = {}, onOutput = () => {} } = opts;
  const port = opts.port ?? (await freePort());
  const dirs = serverDirs({ baseDir: opts.baseDir, extensionsDir: opts.extensionsDir });
  // A persistent user-data dir (npm start) keeps the settings its user changed.
  const settingsFile = join(dirs.userData, 'User', 'settings.json');
  if (!existsSync(settingsFile)) {
    mkdirSync(dirname(settingsFile), { recursive: true });
    writeFileSync(settingsFile, JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));
  }
  writeFileSync(dirs.config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  for (const file of vsix) installExtension(paths, dirs, file, { force: true });

  const args = [
    paths.codeServerEntry,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    '--config', dirs.config,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
  ];
  if (smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  if (folder) args.push(folder);

  // detached: own process group, so stop() reaches the extension host, file watcher and agent host too.
  const child = spawn(paths.nodeBin, args, {
    env: serverEnv(paths, dirs, env),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const relay = (chunk) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) onOutput(line);
  };
  child.stdout.on('data', relay);
  child.stderr.on('data', relay);

  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // group already gone
    }
  };
  // Last-resort cleanup if this process ends without calling stop() (uncaught error, process.exit, signal).
  const onExit = () => {
    killGroup('SIGKILL');
    if (dirs.ownsBase) rmSync(dirs.base, { recursive: true, force: true, maxRetries: 3 });
  };
  const onSignal = (signal) => {
    killGroup('SIGTERM');
    void groupGone(child.pid, 3000).then(() => {
      killGroup('SIGKILL');
      if (dirs.ownsBase) rmSync(dirs.base, { recursive: true, force: true });
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  };
  process.on('exit', onExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let stopped;
  const stop = () => {
    stopped ??= (async () => {
      process.off('exit', onExit);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      killGroup('SIGTERM');
      if (!(await groupGone(child.pid, 5000))) {
        killGroup('SIGKILL');
        await groupGone(child.pid, 5000);
      }
      if (dirs.ownsBase) rmSync(dirs.base, { recursive: true, force: true, maxRetries: 3 });
    })();
    return stopped;
  };

  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  const url = `http://127.0.0.1:${port}/`;
  try {
    await waitForHealth(url, child, 60_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, port, dirs, pid: child.pid, exited, stop };
}

/** Polls until no process of group `pgid` is left. */
async function groupGone(pgid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return true;
    }
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A `vscode-remote://` URI for a server-side path, as the workbench payload expects. */
export function remoteUri(port, absPath) {
  return `vscode-remote://127.0.0.1:${port}${absPath}`;
}
