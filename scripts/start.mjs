// `npm start`: builds the extension and opens it on sample-workspace/.
//   - With a desktop VS Code (`code` on PATH): an Extension Development Host on the repository.
//   - Otherwise: VS Code's server (code-server, installed by the test harness) on 127.0.0.1 with the
//     packaged extension installed, until Ctrl-C. Port: env PORT, else 8765, else any free port.
//     Its user data and extensions persist under the harness cache (start/), so settings survive restarts.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, isPortFree, startCodeServer } from './vscode-test/code-server.mjs';
import { isNoise, repoRoot, runInherit } from './vscode-test/common.mjs';
import { ensureHarness } from './vscode-test/install.mjs';

const DEFAULT_PORT = 8765;
const workspace = join(repoRoot, 'sample-workspace');

function hasDesktopCode() {
  const res = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' });
  // In a remote or code-server terminal, `code` is VS Code's remote CLI, which cannot start a dev host.
  return res.status === 0 && !res.stdout.includes('/remote-cli/');
}

async function main() {
  mkdirSync(workspace, { recursive: true }); // the sample threat model may not exist yet
  if ((await runInherit(process.execPath, ['scripts/build.mjs'])) !== 0) throw new Error('build failed');

  if (hasDesktopCode()) {
    console.log('start: opening an Extension Development Host in VS Code');
    const child = spawn('code', [`--extensionDevelopmentPath=${repoRoot}`, workspace], { stdio: 'inherit' });
    child.on('close', (code) => process.exit(code ?? 0));
    return;
  }

  const paths = await ensureHarness({ log: (m) => console.log(m) });
  const vsix = join(repoRoot, 'threat-modeling.vsix');
  if ((await runInherit('npm', ['run', 'package'])) !== 0 || !existsSync(vsix)) throw new Error('npm run package failed');

  const wanted = Number(process.env.PORT) || DEFAULT_PORT;
  const port = (await isPortFree(wanted)) ? wanted : await freePort();
  if (port !== wanted) console.log(`start: port ${wanted} is taken; using ${port}`);

  const server = await startCodeServer({
    paths,
    folder: workspace,
    port,
    baseDir: join(paths.cache, 'start'),
    vsix: [vsix],
    onOutput: (line) => {
      if (!isNoise(line)) console.log(`  [code-server] ${line}`);
    },
  });
  const url = `${server.url}?folder=${workspace.split('/').map(encodeURIComponent).join('/')}`;
  console.log(`\n  Threat Modeling is running in VS Code at:\n\n    ${url}\n\n  Press Ctrl-C to stop.\n`);
  // Ctrl-C is handled in code-server.mjs: it stops the server's whole process group, then exits.
  const code = await server.exited;
  await server.stop();
  console.error(`start: code-server exited (${code})`);
  process.exitCode = 1;
}

main().catch((err) => {
  console.error(`start: ${err.message ?? err}`);
  process.exitCode = 1;
});
