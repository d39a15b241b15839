import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_LIMITS } from '../../../src/core/model/limits';
import { configuredUserName, MODEL_FILE_SIZE_MB, modelFileLimitFromSetting, userSettingValue } from '../../../src/core/model/settings';
import { REPO_ROOT } from '../helpers';

const MIB = 1024 * 1024;
const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
const property = (key: string) => manifest.contributes.configuration.properties[`threatModeling.${key}`];

describe('threatModeling.maxModelFileSizeMB', () => {
  it('turns a number in range into bytes', () => {
    assert.equal(modelFileLimitFromSetting(4), 4 * MIB);
    assert.equal(modelFileLimitFromSetting(1), 1 * MIB);
    assert.equal(modelFileLimitFromSetting(16), 16 * MIB);
    assert.equal(modelFileLimitFromSetting(2.5), 2.5 * MIB);
  });

  it('clamps numbers outside the range to its bounds (1e9 is 16 MiB, not off)', () => {
    assert.equal(modelFileLimitFromSetting(1e9), 16 * MIB);
    assert.equal(modelFileLimitFromSetting(Number.MAX_VALUE), 16 * MIB);
    assert.equal(modelFileLimitFromSetting(257), 16 * MIB);
    assert.equal(modelFileLimitFromSetting(0.001), 1 * MIB);
  });

  it('uses the 4 MiB default for anything that is not a positive finite number', () => {
    for (const value of ['50', 'lots', '', NaN, Infinity, -Infinity, -1, -1e9, 0, -0, null, undefined, true, {}, [8], { valueOf: () => 100 }]) {
      assert.equal(modelFileLimitFromSetting(value), 4 * MIB, `value ${String(value)}`);
    }
  });

  it('always yields a finite whole number of bytes, so the size check is never disabled', () => {
    for (const value of [1e9, '1e9', NaN, 3.3333, 1e-300, 2 ** 53]) {
      const bytes = modelFileLimitFromSetting(value);
      assert.ok(Number.isSafeInteger(bytes) && bytes >= MIB && bytes <= 16 * MIB, `${String(value)} -> ${bytes}`);
    }
  });

  it('agrees with package.json and the parser default, and is a machine setting restricted in untrusted workspaces', () => {
    const p = property('maxModelFileSizeMB');
    assert.equal(p.default, MODEL_FILE_SIZE_MB.default);
    assert.equal(p.minimum, MODEL_FILE_SIZE_MB.minimum);
    assert.equal(p.maximum, MODEL_FILE_SIZE_MB.maximum);
    assert.equal(p.scope, 'machine');
    assert.equal(DEFAULT_LIMITS.maxBytes, MODEL_FILE_SIZE_MB.default * MIB);
    assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('threatModeling.maxModelFileSizeMB'));
  });
});

describe('settings taken from the user only', () => {
  it('uses the user (global) value and never a workspace or folder value', () => {
    assert.equal(userSettingValue({ defaultValue: 4, globalValue: 8, workspaceValue: 16, workspaceFolderValue: 16 }), 8);
    assert.equal(userSettingValue({ defaultValue: 4, workspaceValue: 1e9 }), 4);
    assert.equal(userSettingValue({ defaultValue: 4, workspaceFolderValue: 1e9 }), 4);
    assert.equal(userSettingValue(undefined), undefined);
  });

  it('maxModelFileSizeMB from a repository cannot raise the limit', () => {
    assert.equal(modelFileLimitFromSetting(userSettingValue({ defaultValue: 4, workspaceValue: 16 })), 4 * MIB);
  });
});

describe('threatModeling.userName', () => {
  it('is the user value, trimmed, and never the name a workspace or folder setting gives', () => {
    assert.equal(configuredUserName({ defaultValue: '', globalValue: '  ana  ' }), 'ana');
    assert.equal(configuredUserName({ defaultValue: '', workspaceValue: 'mallory' }), undefined);
    assert.equal(configuredUserName({ defaultValue: '', workspaceFolderValue: 'mallory' }), undefined);
    assert.equal(configuredUserName({ defaultValue: '', globalValue: 'ana', workspaceValue: 'mallory', workspaceFolderValue: 'mallory' }), 'ana');
  });

  it('is undefined when blank or not a string, so git or the OS account names the user', () => {
    for (const value of ['', '   ', 42, null, undefined, ['ana']]) assert.equal(configuredUserName({ defaultValue: '', globalValue: value }), undefined);
  });

  it('is one line of at most 100 characters', () => {
    assert.equal(configuredUserName({ globalValue: 'ana\nby: mallory\u0000' }), 'ana by: mallory');
    assert.equal([...configuredUserName({ globalValue: '😀'.repeat(150) })!].length, 100);
  });

  it('is a machine setting restricted in untrusted workspaces', () => {
    assert.equal(property('userName').scope, 'machine');
    assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('threatModeling.userName'));
  });
});
