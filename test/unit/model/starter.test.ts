import * as assert from 'node:assert/strict';
import { parseModelFile } from '../../../src/core/model/parse';
import { slugify, starterModelText } from '../../../src/core/model/starter';

describe('starter model', () => {
  it('is a valid model with one empty project named after the folder', () => {
    const result = parseModelFile(starterModelText('Acme Shop', '4.0.3'));
    assert.ok(result.ok);
    assert.equal(result.file.model.asvs, '4.0.3');
    assert.deepEqual(
      result.file.model.projects.map((p) => [p.id, p.name, p.status]),
      [['acme-shop', 'Acme Shop', 'todo']],
    );
  });

  it('keeps a hostile folder name as plain text and derives a safe id', () => {
    const name = '"; rm -rf / #<script>alert(1)</script>\n: - [x]';
    const result = parseModelFile(starterModelText(name, '5.0.0'));
    assert.ok(result.ok);
    assert.equal(result.file.model.projects[0].name, name);
    assert.match(result.file.model.projects[0].id, /^[a-z0-9][a-z0-9._-]*$/);
  });

  it('slugifies accents, symbols and empty names', () => {
    assert.equal(slugify('Pagamentos São João'), 'pagamentos-sao-joao');
    assert.equal(slugify('***'), 'project');
    assert.equal(slugify('x'.repeat(100)).length, 64);
  });
});
