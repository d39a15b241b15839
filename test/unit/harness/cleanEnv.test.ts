// The harness's nested installs must not inherit the outer npm's variables (see scripts/vscode-test/cleanEnv.mjs).
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

type WithoutNpm = (env: Record<string, string | undefined>, extra?: Record<string, string>) => Record<string, string>;

async function load(): Promise<WithoutNpm> {
  const url = pathToFileURL(join(__dirname, '..', '..', '..', '..', 'scripts', 'vscode-test', 'cleanEnv.mjs')).href;
  return ((await import(url)) as { withoutNpmVariables: WithoutNpm }).withoutNpmVariables;
}

describe('harness environment for nested installs', () => {
  it('drops every variable an outer `npm test` exports, whatever its case', async () => {
    const withoutNpmVariables = await load();
    const outer = {
      PATH: '/usr/bin',
      HOME: '/root',
      npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
      npm_lifecycle_event: 'test',
      npm_lifecycle_script: 'node scripts/test-all.mjs',
      npm_package_name: 'threat-modeling',
      npm_package_json: '/work/main/package.json',
      npm_config_cache: '/root/.npm',
      npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
      npm_node_execpath: '/usr/bin/node',
      npm_command: 'test',
      NPM_CONFIG_LOGLEVEL: 'silly',
      INIT_CWD_LIKE_npm_value: 'kept: only the prefix counts',
      UNSET: undefined,
    };
    const env = withoutNpmVariables(outer);
    assert.deepEqual(env, { PATH: '/usr/bin', HOME: '/root', INIT_CWD_LIKE_npm_value: 'kept: only the prefix counts' });
    assert.equal(outer.npm_config_user_agent.startsWith('npm/'), true, 'the input is not modified');
  });

  it('adds the variables the harness sets itself after cleaning', async () => {
    const withoutNpmVariables = await load();
    const env = withoutNpmVariables(
      { PATH: '/usr/bin', npm_config_nodedir: '/outer', npm_config_user_agent: 'node/v20' },
      { PATH: '/node24/bin:/usr/bin', npm_config_nodedir: '/node24', npm_config_dangerously_allow_all_scripts: 'true' },
    );
    assert.deepEqual(env, { PATH: '/node24/bin:/usr/bin', npm_config_nodedir: '/node24', npm_config_dangerously_allow_all_scripts: 'true' });
  });
});
