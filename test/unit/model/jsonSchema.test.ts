import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { threatModelJsonSchemaText } from '../../../src/core/model/jsonSchema';
import { REPO_ROOT } from '../helpers';

describe('JSON Schema of the model file', () => {
  it('is committed up to date with the zod schema (run `npm run schema` after changing it)', () => {
    assert.equal(readFileSync(join(REPO_ROOT, 'schemas', 'threatmodel.schema.json'), 'utf8'), threatModelJsonSchemaText());
  });

  it('is contributed through yamlValidation', () => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    assert.deepEqual(manifest.contributes.yamlValidation, [{ fileMatch: ['threatmodel.yaml', '*.threatmodel.yaml'], url: './schemas/threatmodel.schema.json' }]);
  });
});
