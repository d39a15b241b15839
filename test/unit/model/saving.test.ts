// Saving the model file: our own writers (every window, the CLI) serialise through one lock, so no save is
// lost; a read-only file is never replaced; the file keeps its mode; no lock or temp file stays behind.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileLockedError, lockPathFor, NodeModelFileIO, ReadOnlyFileError } from '../../../src/core/model/fileIO';
import { createModelFile, updateModelFile } from '../../../src/core/model/modelFile';
import { changeRequirementStatus } from '../../../src/core/model/operations';
import { parseOk, fixtureText } from '../helpers';

const actor = { by: 'ana', at: '2026-11-27T12:00:00.000Z' };
const isPosix = process.platform !== 'win32';

const toRunning = (io: NodeModelFileIO) =>
  updateModelFile(io, (f) => changeRequirementStatus(f, { projectId: 'checkout', requirementId: 'V1.2.4', to: 'running' }, actor));

describe('saving the model file', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tm-save-'));
    path = join(dir, 'threatmodel.yaml');
  });
  afterEach(() => {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to replace a read-only (0444) file and leaves it byte-identical', async () => {
    writeFileSync(path, fixtureText());
    const before = readFileSync(path);
    chmodSync(path, 0o444);
    await assert.rejects(toRunning(new NodeModelFileIO(path)), (e: Error) => {
      assert.ok(e instanceof ReadOnlyFileError);
      assert.equal(e.message, 'threatmodel.yaml is read-only; it was not changed.');
      return true;
    });
    assert.deepEqual(readFileSync(path), before);
    assert.equal(statSync(path).mode & 0o777, 0o444);
    assert.deepEqual(readdirSync(dir), ['threatmodel.yaml'], 'no temp file, no lock left behind');
  });

  (isPosix ? it : it.skip)('keeps the file mode', async () => {
    writeFileSync(path, fixtureText());
    chmodSync(path, 0o640);
    await toRunning(new NodeModelFileIO(path));
    assert.equal(statSync(path).mode & 0o777, 0o640);
    assert.match(readFileSync(path, 'utf8'), /- id: V1\.2\.4\n        status: running/);
  });

  it('leaves no lock behind after a save or a create, even in a new folder', async () => {
    writeFileSync(path, fixtureText());
    await toRunning(new NodeModelFileIO(path));
    assert.deepEqual(readdirSync(dir), ['threatmodel.yaml']);
    const nested = join(dir, 'docs', 'security', 'threatmodel.yaml');
    await createModelFile(new NodeModelFileIO(nested), fixtureText());
    assert.deepEqual(readdirSync(join(dir, 'docs', 'security')), ['threatmodel.yaml']);
    assert.equal(readFileSync(nested, 'utf8'), fixtureText());
  });

  it('waits for another writer and then says so clearly, leaving the file byte-identical', async () => {
    writeFileSync(path, fixtureText());
    const before = readFileSync(path);
    const holder = new NodeModelFileIO(path);
    let release!: () => void;
    const held = holder.withLock(() => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(readdirSync(dir).sort(), ['threatmodel.yaml'], 'the lock is not in the workspace');
    assert.ok(existsSync(lockPathFor(realpathSync(path))), 'the lock is in the temp folder while held');
    const started = Date.now();
    await assert.rejects(toRunning(new NodeModelFileIO(path, { lockWaitMs: 300 })), (e: Error) => {
      assert.ok(e instanceof FileLockedError);
      assert.equal(e.message, 'Another window or the threatmodel CLI is saving threatmodel.yaml; try again.');
      return true;
    });
    assert.ok(Date.now() - started >= 300, 'it waited');
    assert.deepEqual(readFileSync(path), before);
    // Once the other writer is done, the save goes through.
    release();
    await held;
    await toRunning(new NodeModelFileIO(path, { lockWaitMs: 300 }));
    assert.match(readFileSync(path, 'utf8'), /status: running/);
    assert.deepEqual(readdirSync(dir), ['threatmodel.yaml']);
  });

  it('saves although the repository ships a threatmodel.yaml.lock file or folder (ours live elsewhere)', async () => {
    writeFileSync(path, fixtureText());
    mkdirSync(join(dir, 'threatmodel.yaml.lock'));
    writeFileSync(join(dir, 'threatmodel.yaml.lock', 'README'), 'not ours');
    await toRunning(new NodeModelFileIO(path, { lockWaitMs: 300 }));
    assert.match(readFileSync(path, 'utf8'), /status: running/);
    assert.deepEqual(readdirSync(join(dir, 'threatmodel.yaml.lock')), ['README'], 'left as it was');
  });

  it('takes over the lock of a writer that crashed', async () => {
    writeFileSync(path, fixtureText());
    const lock = lockPathFor(realpathSync(path));
    mkdirSync(lock, { recursive: true });
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    await toRunning(new NodeModelFileIO(path, { lockWaitMs: 300 }));
    assert.match(readFileSync(path, 'utf8'), /status: running/);
    assert.deepEqual(readdirSync(dir), ['threatmodel.yaml']);
  });

  (isPosix ? it : it.skip)('locks the real file behind a symbolic link, so both names share one lock', async () => {
    const real = join(dir, 'real.yaml');
    writeFileSync(real, fixtureText());
    symlinkSync(real, path);
    const holder = new NodeModelFileIO(real);
    let release!: () => void;
    const held = holder.withLock(() => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 20));
    await assert.rejects(toRunning(new NodeModelFileIO(path, { lockWaitMs: 200 })), FileLockedError);
    release();
    await held;
    await toRunning(new NodeModelFileIO(path));
    assert.ok(lstatSync(path).isSymbolicLink(), 'still a link');
    assert.match(readFileSync(real, 'utf8'), /status: running/);
  });
});

// ---------------------------------------------------------------------------------------------------------
// No lost update: many writers toggle one requirement between To do and Running, each change with a note
// naming its writer and number. Every change is either saved or refused with a message; the history must
// then hold exactly one entry per reported save, chained from/to without a gap, ending in the file's status.

interface Outcome {
  readonly saved: string[];
  readonly refused: { note: string; message: string }[];
}

/** One writer's loop, as run by every process and every in-process "store". */
async function toggle(io: NodeModelFileIO, writer: string, changes: number): Promise<Outcome> {
  const outcome: Outcome = { saved: [], refused: [] };
  for (let i = 0; i < changes; i++) {
    const note = `${writer}-${i}`;
    try {
      await updateModelFile(io, (f) => {
        const status = f.model.projects[0].requirements.find((r) => r.id === 'V1.2.4')!.status;
        return changeRequirementStatus(f, { projectId: 'checkout', requirementId: 'V1.2.4', to: status === 'todo' ? 'running' : 'todo', note }, { by: writer, at: new Date().toISOString() });
      });
      outcome.saved.push(note);
    } catch (e) {
      assert.ok(e instanceof Error && e.message.length > 0, 'a refusal comes with a message');
      outcome.refused.push({ note, message: e.message });
    }
  }
  return outcome;
}

/** The same loop as a script for child processes, over the built core modules. */
function writerScript(): string {
  const core = join(__dirname, '..', '..', '..', 'src', 'core', 'model');
  return `
const { NodeModelFileIO } = require(${JSON.stringify(join(core, 'fileIO.js'))});
const { updateModelFile } = require(${JSON.stringify(join(core, 'modelFile.js'))});
const { changeRequirementStatus } = require(${JSON.stringify(join(core, 'operations.js'))});
const [path, writer, changes] = process.argv.slice(2);
(async () => {
  const io = new NodeModelFileIO(path);
  const outcome = { saved: [], refused: [] };
  for (let i = 0; i < Number(changes); i++) {
    const note = writer + '-' + i;
    try {
      await updateModelFile(io, (f) => {
        const status = f.model.projects[0].requirements.find((r) => r.id === 'V1.2.4').status;
        return changeRequirementStatus(f, { projectId: 'checkout', requirementId: 'V1.2.4', to: status === 'todo' ? 'running' : 'todo', note }, { by: writer, at: new Date().toISOString() });
      });
      outcome.saved.push(note);
    } catch (e) {
      outcome.refused.push({ note, message: e && e.message ? e.message : String(e) });
    }
  }
  process.stdout.write(JSON.stringify(outcome));
})();
`;
}

function runWriter(script: string, path: string, writer: string, changes: number): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, path, writer, String(changes)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`writer ${writer} exited with ${code}: ${err}`));
      else resolve(JSON.parse(out) as Outcome);
    });
  });
}

/** Asserts that nothing reported saved is missing and nothing unreported appeared; returns the count of saves. */
function assertNoLostUpdate(text: string, outcomes: ReadonlyArray<Outcome>, changesEach: number): number {
  for (const o of outcomes) assert.equal(o.saved.length + o.refused.length, changesEach, 'every change saved or refused');
  const file = parseOk(text);
  const project = file.model.projects[0];
  const entries = project.history.filter((h) => 'requirement' in h && h.requirement === 'V1.2.4') as ReadonlyArray<{ from: string; to: string; note?: string }>;
  const saved = outcomes.flatMap((o) => o.saved).sort();
  const inHistory = entries.map((e) => e.note ?? '').sort();
  assert.deepEqual(inHistory, saved, 'one history entry per reported save, no more, no less');
  let status = 'todo';
  for (const e of entries) {
    assert.equal(e.from, status, 'each change starts from the status the previous one left');
    status = e.to;
  }
  assert.equal(project.requirements.find((r) => r.id === 'V1.2.4')!.status, status, 'the data agrees with the history');
  return saved.length;
}

describe('no lost update among our own writers', function () {
  this.timeout(120_000);
  let dir: string;
  let path: string;
  let script: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tm-writers-'));
    path = join(dir, 'threatmodel.yaml');
    script = join(dir, 'writer.js');
    writeFileSync(script, writerScript());
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const [processes, changes] of [
    [2, 100],
    [8, 50],
  ] as const) {
    it(`${processes} processes × ${changes} status changes on one file: 0 lost`, async () => {
      writeFileSync(path, fixtureText());
      const outcomes = await Promise.all(Array.from({ length: processes }, (_, i) => runWriter(script, path, `w${i}`, changes)));
      const saves = assertNoLostUpdate(readFileSync(path, 'utf8'), outcomes, changes);
      const refused = outcomes.flatMap((o) => o.refused);
      assert.ok(saves >= (processes * changes * 9) / 10, `most changes are saved (${saves}; refused: ${JSON.stringify(refused.slice(0, 3))})`);
      assert.deepEqual(readdirSync(dir).sort(), ['threatmodel.yaml', 'writer.js'], 'no lock or temp file left');
    });
  }

  it('two stores in one process, 200 trials: 0 lost', async () => {
    for (let trial = 0; trial < 200; trial++) {
      writeFileSync(path, fixtureText());
      const outcomes = await Promise.all([toggle(new NodeModelFileIO(path), 'a', 1), toggle(new NodeModelFileIO(path), 'b', 1)]);
      const saves = assertNoLostUpdate(readFileSync(path, 'utf8'), outcomes, 1);
      assert.equal(saves, 2, `trial ${trial}: ${JSON.stringify(outcomes)}`);
    }
  });
});
