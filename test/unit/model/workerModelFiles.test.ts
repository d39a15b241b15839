// Model files read and saved in a worker thread: the caller gets the same data, the same errors and the
// same protection against lost edits as in its own thread.
import * as assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LIMITS } from '../../../src/core/model/limits';
import { InvalidModelError, updateThrough } from '../../../src/core/model/modelFile';
import { changeRequirementStatus } from '../../../src/core/model/operations';
import { parseModelFile } from '../../../src/core/model/parse';
import { WorkerModelFiles } from '../../../src/core/model/worker/workerModelFiles';
import { fixtureText, REPO_ROOT } from '../helpers';

const SCRIPT = join(REPO_ROOT, 'out', 'src', 'core', 'model', 'worker', 'modelWorker.js');
const actor = { by: 'ana', at: '2026-11-27T10:00:00Z' };

describe('model files in a worker thread', () => {
  let dir: string;
  let path: string;
  let reader: WorkerModelFiles;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tm-worker-'));
    path = join(dir, 'threatmodel.yaml');
    reader = new WorkerModelFiles(SCRIPT);
  });

  afterEach(() => {
    reader.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads the same data and model as a parse in this thread, values JSON would change included', async () => {
    const text = fixtureText() + 'odd: [.inf, -.inf, .nan, -0, 0, "x"]\n';
    writeFileSync(path, text);
    const loaded = await reader.files(path).load(DEFAULT_LIMITS);
    assert.equal(loaded.kind, 'valid');
    if (loaded.kind !== 'valid') return;
    const here = parseModelFile(text);
    assert.ok(here.ok);
    assert.deepEqual(loaded.file.model, here.file.model);
    assert.deepEqual(loaded.file.data, here.file.data);
    assert.ok(Object.is((loaded.file.data as { odd: number[] }).odd[3], -0));
    // Positions are found on demand in this thread.
    assert.equal(loaded.file.source.nearest(['projects', 0, 'name'])?.start, text.indexOf('Checkout service'));
  });

  it('saves a status change, and plans again on a teammate\'s write that came in between', async () => {
    writeFileSync(path, fixtureText());
    const files = reader.files(path);
    const first = await files.load(DEFAULT_LIMITS);
    assert.ok(first.kind === 'valid');
    // A teammate's change lands after we read the file.
    writeFileSync(path, fixtureText().replace('estimatedHours: 24', 'estimatedHours: 30'));
    let plans = 0;
    const saved = await updateThrough(
      files,
      (f) => {
        plans++;
        return changeRequirementStatus(f, { projectId: 'checkout', requirementId: 'V1.2.4', to: 'running' }, actor);
      },
      DEFAULT_LIMITS,
      first.file,
    );
    assert.equal(plans, 2, 'planned on the old file, refused, planned again on the new one');
    const onDisk = readFileSync(path, 'utf8');
    assert.equal(saved.text, onDisk);
    assert.match(onDisk, /estimatedHours: 30/);
    assert.equal(saved.model.projects[0].requirements.find((r) => r.id === 'V1.2.4')?.status, 'running');
  });

  it('passes on errors with their messages: an invalid file, a read-only file', async () => {
    writeFileSync(path, fixtureText().replace('status: running', 'status: finished'));
    const plan = (f: Parameters<typeof changeRequirementStatus>[0]) => changeRequirementStatus(f, { projectId: 'checkout', requirementId: 'V1.2.4', to: 'running' }, actor);
    await assert.rejects(updateThrough(reader.files(path), plan, DEFAULT_LIMITS, undefined), (e: unknown) => e instanceof InvalidModelError && e.problems.length > 0);

    writeFileSync(path, fixtureText());
    chmodSync(path, 0o444);
    await assert.rejects(updateThrough(reader.files(path), plan, DEFAULT_LIMITS, undefined), /read-only; it was not changed/);
    assert.equal(readFileSync(path, 'utf8'), fixtureText());
  });

  it('creates a file and refuses to overwrite one', async () => {
    const created = await reader.files(path).create(DEFAULT_LIMITS, fixtureText());
    assert.equal(created.model.projects[0].id, 'checkout');
    await assert.rejects(reader.files(path).create(DEFAULT_LIMITS, fixtureText()), /already exists/);
  });

  it('refuses calls after it is closed, and a change it cannot send, without keeping the process alive', async () => {
    writeFileSync(path, fixtureText());
    const files = reader.files(path);
    await assert.rejects(files.save(DEFAULT_LIMITS, fixtureText(), [{ kind: 'set', path: ['x'], value: () => 1 }]), /could not be cloned/);
    const loaded = await files.load(DEFAULT_LIMITS);
    assert.equal(loaded.kind, 'valid');
    reader.dispose();
    await assert.rejects(files.load(DEFAULT_LIMITS), /reader was closed/);
  });

  it('fails the waiting calls with a message when the worker cannot start, and starts again later', async () => {
    const broken = new WorkerModelFiles(join(dir, 'no-such-worker.js'));
    const errors: string[] = [];
    const reporting = new WorkerModelFiles(join(dir, 'no-such-worker.js'), (why) => errors.push(why));
    try {
      await assert.rejects(broken.files(path).load(DEFAULT_LIMITS), /Reading the threat model stopped unexpectedly/);
      await assert.rejects(reporting.files(path).load(DEFAULT_LIMITS), /stopped unexpectedly/);
      assert.equal(errors.length, 1);
    } finally {
      broken.dispose();
      reporting.dispose();
    }
  });
});
