// Small helpers shared by the harness scripts.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
export const screenshotsDir = join(repoRoot, 'test-artifacts', 'screenshots');

export function ensureScreenshotsDir() {
  mkdirSync(screenshotsDir, { recursive: true });
  return screenshotsDir;
}

/**
 * Workbench and server chatter that is expected on a machine without internet (marketplace, GitHub auth,
 * update and telemetry endpoints) or otherwise harmless; hidden so real failures stand out.
 */
const NOISE = [
  /open-vsx\.org/i,
  /ENOTFOUND/,
  /getaddrinfo/i,
  /EAI_AGAIN/,
  /authentication provider/i,
  /\bgithub\b.*auth|auth.*\bgithub\b/i,
  /marketplace|gallery/i,
  /net::ERR_(NAME_NOT_RESOLVED|INTERNET_DISCONNECTED|CONNECTION_REFUSED|NETWORK_CHANGED)/,
  /Failed to fetch/i,
  /update\.code\.visualstudio\.com|vscode-sync|default\.exp-tas\.com|vscodeexperiments/i,
  /Extension host agent (started|listening)/i,
  /An unknown error occurred. Please consult the log/i,
  // Workbench start-up and shutdown chatter.
  /^(Resolving|Resolved) connection token/,
  /^Creating a socket/,
  /^\[reconnection-grace-time\]/,
  /^Updating additional builtin extensions cache/,
  /^\[Service Worker\]/,
  /^\[AgentHost/,
  /^\[AccountPolicyGate\]/,
  /^Canceled: Canceled/,
  /^Creation of workbench contribution '.*' took \d+ms/,
];

export function isNoise(line) {
  return NOISE.some((re) => re.test(line));
}

/** Runs a command with inherited stdio; resolves to its exit code (never rejects on a non-zero exit). */
export function runInherit(cmd, args, { cwd = repoRoot, env = process.env } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: 'inherit' });
    child.on('error', (err) => {
      console.error(`${cmd}: ${err.message}`);
      resolve(127);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

export function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Removes a temp dir when this process exits, also through process.exit() from a signal handler (ours or
 * Playwright's), where `finally` blocks never run. Returns a function that removes it now.
 */
export function removeOnExit(dir) {
  const remove = () => rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  process.on('exit', remove);
  return () => {
    process.off('exit', remove);
    remove();
  };
}
