import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeModelFileIO } from '../../../src/core/model/fileIO';
import { InvalidModelError, loadModelFile, updateModelFile } from '../../../src/core/model/modelFile';
import { changeRequirementStatus } from '../../../src/core/model/operations';
import { fixtureText } from '../helpers';

const actor = { by: 'ana', at: '2026-11-27T12:00:00.000Z' };

describe('model file on disk', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tm-model-'));
    path = join(dir, 'threatmodel.yaml');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('saves a status change atomically and leaves no temp file behind', async () => {
    writeFileSync(path, fixtureText());
    const io = new NodeModelFileIO(path);
    const file = await updateModelFile(io, (f) => changeRequirementStatus(f, { projectId: 'checkout', requirementId: 'V1.2.4', to: 'running' }, actor));
    assert.equal(file.model.projects[0].requirements[0].status, 'running');
    assert.match(readFileSync(path, 'utf8'), /- id: V1\.2\.4\n        status: running/);
    assert.deepEqual(readdirSync(dir), ['threatmodel.yaml']);
  });

  it('keeps an external write made between reading and saving, and re-applies the change on top', async () => {
    writeFileSync(path, fixtureText());
    const real = new NodeModelFileIO(path);
    let interfered = false;
    // A teammate's merge lands just before our write: the first attempt must fail and be redone.
    const io = {
      size: () => real.size(),
      read: () => real.read(),
      replaceIfUnchanged: async (expected: string | undefined, next: string) => {
        if (!interfered) {
          interfered = true;
          writeFileSync(path, fixtureText().replace('estimatedHours: 24', 'estimatedHours: 40  # re-estimated'));
        }
        return real.replaceIfUnchanged(expected, next);
      },
    };
    await updateModelFile(io, (f) => changeRequirementStatus(f, { projectId: 'checkout', requirementId: 'V1.2.4', to: 'running' }, actor));
    const text = readFileSync(path, 'utf8');
    assert.match(text, /estimatedHours: 40  # re-estimated/, 'the external edit survived');
    assert.match(text, /- id: V1\.2\.4\n        status: running/, 'our edit was applied');
    assert.equal((text.match(/requirement: V1\.2\.4/g) ?? []).length, 1, 'one history entry, not two');
  });

  it('never rewrites an invalid file', async () => {
    const broken = fixtureText().replace('status: todo', 'status: [');
    writeFileSync(path, broken);
    await assert.rejects(
      updateModelFile(new NodeModelFileIO(path), (f) => changeRequirementStatus(f, { projectId: 'checkout', requirementId: 'V1.2.4', to: 'running' }, actor)),
      InvalidModelError,
    );
    assert.equal(readFileSync(path, 'utf8'), broken);
  });

  it('reports a file over the limit without reading it', async () => {
    writeFileSync(path, 'version: 1\n');
    const io = new NodeModelFileIO(path);
    let reads = 0;
    const counting = { size: async () => 50 * 1024 * 1024, read: async () => (reads++, io.read()), replaceIfUnchanged: io.replaceIfUnchanged.bind(io) };
    const loaded = await loadModelFile(counting);
    assert.equal(loaded.kind, 'invalid');
    assert.equal(reads, 0);
    assert.match(loaded.kind === 'invalid' ? loaded.problems[0].message : '', /50\.0 MiB/);
  });

  it('tells a missing file apart from an invalid one', async () => {
    assert.equal((await loadModelFile(new NodeModelFileIO(path))).kind, 'missing');
  });
});

describe('reloading an unchanged file', () => {
  it('reuses the parsed file instead of parsing it again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-reload-'));
    try {
      const path = join(dir, 'threatmodel.yaml');
      writeFileSync(path, fixtureText());
      const io = new NodeModelFileIO(path);
      const first = await loadModelFile(io);
      assert.equal(first.kind, 'valid');
      const previous = first.kind === 'valid' ? first.file : undefined;
      const again = await loadModelFile(io, undefined, previous);
      assert.equal(again.kind === 'valid' && again.file, previous, 'same object: no second parse');
      writeFileSync(path, fixtureText().replace('estimatedHours: 24', 'estimatedHours: 30'));
      const changed = await loadModelFile(io, undefined, previous);
      assert.equal(changed.kind === 'valid' && changed.file.model.projects[0].estimatedHours, 30);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
