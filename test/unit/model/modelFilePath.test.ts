import * as assert from 'node:assert/strict';
import { safeModelFilePath } from '../../../src/core/model/modelFilePath';

describe('model file path setting', () => {
  it('cleans paths inside the folder', () => {
    assert.equal(safeModelFilePath(undefined), 'threatmodel.yaml');
    assert.equal(safeModelFilePath('  '), 'threatmodel.yaml');
    assert.equal(safeModelFilePath('./security//model.yml'), 'security/model.yml');
    assert.equal(safeModelFilePath('docs\\threats.yaml'), 'docs/threats.yaml');
  });

  it('refuses paths that leave the folder or are not YAML', () => {
    for (const bad of ['/etc/passwd.yaml', 'C:\\model.yaml', '../other/threatmodel.yaml', 'a/../../b.yaml', '.', './', 'notes.txt']) {
      assert.equal(safeModelFilePath(bad), undefined, bad);
    }
  });
});
