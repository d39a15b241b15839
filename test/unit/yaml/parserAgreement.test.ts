// The model's data comes from js-yaml; minimal edits are planned on the `yaml` library's syntax tree.
// Both must read every file we ship or test the same way; where they could differ, the edit planner only
// uses a piece of text that `yaml` reads as exactly js-yaml's data, and every save is read back by js-yaml.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { generateModelText } from '../../../bench/generateModel';
import { readYamlSource } from '../../../src/core/yaml/yamlSource';
import { REPO_ROOT } from '../helpers';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.git')) return [];
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(name) ? [full] : [];
  });
}

function jsYamlData(text: string): unknown {
  const read = readYamlSource(text, { maxNodes: 5_000_000 });
  assert.ok(read.ok, read.ok ? '' : read.problems[0].message);
  return read.data;
}

describe('the two YAML parsers agree', () => {
  const files = ['test', 'sample-workspace', 'catalogs'].flatMap((d) => yamlFiles(join(REPO_ROOT, d)));

  it('finds the files to compare', () => {
    assert.ok(files.length >= 4, files.join(', '));
  });

  for (const file of files) {
    it(`reads ${file.slice(REPO_ROOT.length + 1)} the same`, () => {
      const text = readFileSync(file, 'utf8');
      assert.deepEqual(jsYamlData(text), parse(text));
    });
  }

  it('reads the benchmark model the same', () => {
    const text = generateModelText(600, 200);
    assert.deepEqual(jsYamlData(text), parse(text));
  });

  it('resolves YAML 1.2 core scalars the same (YAML 1.1 forms such as yes, 1_000 and 0b11 stay strings)', () => {
    const scalars = ['yes', 'no', 'on', 'off', 'y', 'true', 'False', 'TRUE', 'null', 'Null', '~', '', '010', '0o17', '0x1F', '1_000', '0b11',
      '+1', '-0', '.5', '1e3', '1.0e+3', '.inf', '-.Inf', '.nan', '2026-11-27', '2026-11-27T10:00:00Z', '12:30:00', '1.2.5', 'V1.2.5',
      '"quoted"', "'single'", '0', '00', '='];
    for (const s of scalars) {
      const text = `value: ${s}\n`;
      assert.deepEqual(jsYamlData(text), parse(text), s);
    }
  });

  it('folds multi-line and block scalars the same', () => {
    const texts = [
      'a: |\n  one\n  two\n\nb: x\n',
      'a: >\n  one\n  two\n\n  three\nb: x\n',
      'a: |-\n  kept\n',
      'a: |+\n  kept\n\nb: 1\n',
      'a: plain\n  continued\n  lines\n',
      'a: "double\n  quoted \\u00e9 \\t"\n',
      "a: 'it''s\n  folded'\n",
      'a: [1, {b: 2}, [c, d]]\n',
      'a: {b: , c}\n',
      'a:\n- x\n- y\n',
      '? complex\n: value\n',
    ];
    for (const text of texts) assert.deepEqual(jsYamlData(text), parse(text), text);
  });
});
