// Smoke test: the extension is installed in the host, activates, and registers its commands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'threatmodeling.threat-modeling';

describe('activation', () => {
  it('finds the extension and activates it', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded in the extension host`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('registers the threatModeling.refresh command', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('threatModeling.refresh'), 'threatModeling.refresh is not registered');
  });

  it('opens the fixture workspace', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1, 'expected exactly one workspace folder');
    const expected = process.env.THREAT_MODELING_TEST_WORKSPACE;
    if (expected) assert.equal(folders[0].uri.fsPath, expected);
  });
});
