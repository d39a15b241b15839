// Settings that protect the user from the repository they opened, in a real extension host: a workspace's
// .vscode/settings.json can neither name who made a change nor raise the model-file size limit; the user's
// own settings can, within the limit's range.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ThreatModelingApi } from '../../src/vscode/extension';
import { waitFor } from './waitFor';

const FIXTURE = readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'workspace', 'threatmodel.yaml'), 'utf8');
const MIB = 1024 * 1024;
/** A setting of VS Code itself, written beside ours, that shows when the workspace file has been read. */
const MARKER = 7;

/** The fixture followed by comment lines, `bytes` long in all: still a valid model. */
function modelOfSize(bytes: number): string {
  const line = `# ${'padding '.repeat(12)}\n`;
  const text = FIXTURE + line.repeat(Math.ceil((bytes - FIXTURE.length) / line.length));
  assert.ok(text.length >= bytes);
  return text;
}

describe('settings a repository cannot set', () => {
  let api: ThreatModelingApi;
  let folder: vscode.WorkspaceFolder;
  let modelPath: string;
  let settingsDir: string;
  let settingsPath: string;
  let hadSettingsDir: boolean;

  const store = () => api.models.all[0];
  const user = () => vscode.workspace.getConfiguration('threatModeling');
  const setUser = (key: string, value: unknown) => user().update(key, value, vscode.ConfigurationTarget.Global);
  const lastHistoryBy = () => store().file!.model.projects[0].history.at(-1)!.by;
  const ref = (requirementId: string) => ({ folderUri: folder.uri.toString(), projectId: 'checkout', requirementId });

  async function load(text: string): Promise<void> {
    writeFileSync(modelPath, text);
    await store().reload();
    await waitFor('the file to be loaded', () => {
      const state = store().current;
      return (state.kind === 'valid' && state.file.text === text) || (state.kind === 'invalid' && (state.text === text || state.text === undefined));
    });
  }

  async function reloadWithUserLimit(value: unknown): Promise<void> {
    await setUser('maxModelFileSizeMB', value);
    await store().reload();
  }

  before(async () => {
    const ext = vscode.extensions.getExtension<ThreatModelingApi>('threatmodeling.threat-modeling');
    assert.ok(ext);
    api = await ext.activate();
    await api.models.ready;
    folder = vscode.workspace.workspaceFolders![0];
    modelPath = join(folder.uri.fsPath, 'threatmodel.yaml');
    settingsDir = join(folder.uri.fsPath, '.vscode');
    settingsPath = join(settingsDir, 'settings.json');
    hadSettingsDir = existsSync(settingsDir);
    assert.ok(!existsSync(settingsPath), 'the fixture workspace has no settings of its own');

    // What a hostile repository ships: someone else's name and a limit that would let a huge file in.
    mkdirSync(settingsDir, { recursive: true });
    writeFileSync(
      settingsPath,
      JSON.stringify({ 'threatModeling.userName': 'mallory', 'threatModeling.maxModelFileSizeMB': 16, 'editor.tabSize': MARKER }, null, 2),
    );
    await waitFor('VS Code to read the workspace settings', () => vscode.workspace.getConfiguration('editor').inspect('tabSize')?.workspaceValue === MARKER);
    // For the record: what VS Code itself does with a machine-scoped value in a workspace file.
    const name = user().inspect('userName');
    const limit = user().inspect('maxModelFileSizeMB');
    console.log(`  (VS Code ${vscode.version}: workspace values seen by inspect(): userName=${JSON.stringify(name?.workspaceValue)}, maxModelFileSizeMB=${JSON.stringify(limit?.workspaceValue)}; get(): ${JSON.stringify(user().get('userName'))}, ${JSON.stringify(user().get('maxModelFileSizeMB'))})`);
  });

  beforeEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await load(FIXTURE);
    assert.equal(store().current.kind, 'valid');
  });

  after(async () => {
    await setUser('userName', undefined);
    await setUser('maxModelFileSizeMB', undefined);
    rmSync(settingsPath, { force: true });
    if (!hadSettingsDir) rmSync(settingsDir, { recursive: true, force: true });
    await waitFor('VS Code to drop the workspace settings', () => vscode.workspace.getConfiguration('editor').inspect('tabSize')?.workspaceValue === undefined);
    writeFileSync(modelPath, FIXTURE);
    await store().reload();
  });

  it('cannot write either setting into the workspace settings through the API', async () => {
    for (const key of ['userName', 'maxModelFileSizeMB']) {
      await assert.rejects(
        Promise.resolve(user().update(key, key === 'userName' ? 'mallory' : 16, vscode.ConfigurationTarget.Workspace)),
        (e: Error) => /user settings|workspace/i.test(e.message),
        key,
      );
    }
  });

  it('does not record the name from the workspace settings in the history', async () => {
    await vscode.commands.executeCommand('threatModeling.requirement.markRunning', ref('V1.2.4'));
    const text = readFileSync(modelPath, 'utf8');
    assert.match(text, /requirement: V1\.2\.4, from: todo, to: running \}\n/, 'the change was recorded');
    assert.notEqual(lastHistoryBy(), 'mallory');
    assert.doesNotMatch(text, /mallory/);
  });

  it('records the name from the user settings', async () => {
    await setUser('userName', 'Ana from user settings');
    try {
      await vscode.commands.executeCommand('threatModeling.requirement.markRunning', ref('V1.2.4'));
      assert.equal(lastHistoryBy(), 'Ana from user settings');
      assert.doesNotMatch(readFileSync(modelPath, 'utf8'), /mallory/);
    } finally {
      await setUser('userName', undefined);
    }
  });

  it('refuses a 5 MiB model file although the workspace settings raise the limit to 16 MiB', async () => {
    await load(modelOfSize(5 * MIB));
    const state = store().current;
    assert.equal(state.kind, 'invalid');
    assert.match(state.kind === 'invalid' ? state.problems[0].message : '', /larger than the 4\.0 MiB limit/);
  });

  it('reads that file when the user raises the limit, clamps 1e9 to 16 MiB and uses 4 MiB for a string', async () => {
    try {
      const fiveMiB = modelOfSize(5 * MIB);
      await load(fiveMiB);
      await reloadWithUserLimit(8);
      await waitFor('the 5 MiB file to load with an 8 MiB limit', () => store().file?.text === fiveMiB);

      await reloadWithUserLimit('1e9');
      await waitFor('the string to count as 4 MiB', () => {
        const state = store().current;
        return state.kind === 'invalid' && /larger than the 4\.0 MiB limit/.test(state.problems[0].message);
      });

      // 1e9 MiB used to switch the check off (NaN bytes) or let any file in; it is 16 MiB.
      await reloadWithUserLimit(1e9);
      await waitFor('the 5 MiB file to load with the limit clamped', () => store().file?.text === fiveMiB);
      await load(modelOfSize(17 * MIB));
      const state = store().current;
      assert.equal(state.kind, 'invalid');
      assert.match(state.kind === 'invalid' ? state.problems[0].message : '', /larger than the 16\.0 MiB limit/);
    } finally {
      await setUser('maxModelFileSizeMB', undefined);
    }
  });
});
