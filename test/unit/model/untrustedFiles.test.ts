// What a cloned repository can put where the model file or the workspace rules are expected (git stores
// symbolic links): devices, pipes, folders, link loops. Each is refused at once with a sentence, never
// read past the limit, never crashes, and nothing on disk changes.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeError, FileTooLargeError, readFileCapped, readFileCappedSync, UnreadableFileError } from '../../../src/core/fs/readFileCapped';
import { NodeModelFileIO, type ModelFileIO } from '../../../src/core/model/fileIO';
import { DEFAULT_LIMITS } from '../../../src/core/model/limits';
import { fromText, loadModelFile, updateModelFile, type LoadedModel } from '../../../src/core/model/modelFile';
import { changeRequirementStatus } from '../../../src/core/model/operations';
import { readWorkspaceRules, readWorkspaceRulesAsync, WORKSPACE_RULES_PATH } from '../../../src/core/suggest/workspaceRules';
import { fixtureText } from '../helpers';

const actor = { by: 'ana', at: '2026-11-27T12:00:00.000Z' };
const isPosix = process.platform !== 'win32';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs `work`, failing when it takes longer than `ms` or grows the heap by more than 64 MiB. */
async function quickly<T>(work: () => Promise<T>, ms = 2000): Promise<T> {
  const heap = process.memoryUsage().heapUsed;
  const started = Date.now();
  const result = await work();
  assert.ok(Date.now() - started < ms, `took ${Date.now() - started} ms`);
  assert.ok(process.memoryUsage().heapUsed - heap < 64 * 1024 * 1024, 'read far more than the limit');
  return result;
}

const changeStatus = (io: ModelFileIO) =>
  updateModelFile(io, (f) => changeRequirementStatus(f, { projectId: 'checkout', requirementId: 'V1.2.4', to: 'running' }, actor));

describe('reading a model file from an untrusted checkout', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tm-untrusted-'));
    path = join(dir, 'threatmodel.yaml');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  (isPosix && existsSync('/dev/zero') ? it : it.skip)('refuses threatmodel.yaml linked to /dev/zero at once, and a save leaves the link as it was', async () => {
    symlinkSync('/dev/zero', path);
    const io = new NodeModelFileIO(path);
    await quickly(() =>
      assert.rejects(loadModelFile(io), (e: Error) => {
        assert.ok(e instanceof UnreadableFileError);
        assert.equal(e.message, 'threatmodel.yaml is not a regular file (it is a symbolic link to a character device); it was not read.');
        return true;
      }),
    );
    await quickly(() => assert.rejects(io.read(), /not a regular file/));
    await quickly(() => assert.rejects(changeStatus(io), /threatmodel\.yaml is not a regular file/));
    assert.equal(readlinkSync(path), '/dev/zero');
    assert.deepEqual(readdirSync(dir), ['threatmodel.yaml'], 'no temp file, no lock left behind');
  });

  (isPosix ? it : it.skip)('refuses a named pipe without waiting for a writer', async () => {
    try {
      execFileSync('mkfifo', [path]);
    } catch {
      return; // no mkfifo here
    }
    await quickly(() => assert.rejects(loadModelFile(new NodeModelFileIO(path)), /^Error: threatmodel\.yaml is not a regular file \(it is a named pipe\); it was not read\.$/));
    assert.throws(() => readFileCappedSync(path, 1024), /it is a named pipe/);
    assert.ok(lstatSync(path).isFIFO());
  });

  it('says a folder is a folder, and leaves it alone on save', async () => {
    mkdirSync(path);
    await assert.rejects(loadModelFile(new NodeModelFileIO(path)), { message: 'threatmodel.yaml is a folder, not a file; it was not read.' });
    await assert.rejects(changeStatus(new NodeModelFileIO(path)), /is a folder, not a file/);
    assert.ok(lstatSync(path).isDirectory());
    assert.deepEqual(readdirSync(path), []);
  });

  (isPosix ? it : it.skip)('says a symbolic link loops instead of ELOOP', async () => {
    symlinkSync(join(dir, 'b.yaml'), path);
    symlinkSync(path, join(dir, 'b.yaml'));
    await assert.rejects(loadModelFile(new NodeModelFileIO(path)), {
      message: 'threatmodel.yaml is a symbolic link that loops (or a chain of too many links); it was not read.',
    });
    await assert.rejects(changeStatus(new NodeModelFileIO(path)), /symbolic link that loops/);
    assert.equal(readlinkSync(path), join(dir, 'b.yaml'));
  });

  it('says permission denied instead of EACCES', async () => {
    const denied = Object.assign(new Error("EACCES: permission denied, open '/x/threatmodel.yaml'"), { code: 'EACCES' });
    assert.equal(describeError(denied, '/x/threatmodel.yaml').message, 'threatmodel.yaml cannot be read: permission denied.');
    if (isRoot || !isPosix) return; // root reads anything; the sentence above is what a user sees
    writeFileSync(path, fixtureText());
    chmodSync(path, 0o000);
    await assert.rejects(loadModelFile(new NodeModelFileIO(path)), { message: 'threatmodel.yaml cannot be read: permission denied.' });
  });

  it('still follows a symbolic link to a regular file', async () => {
    writeFileSync(join(dir, 'real.yaml'), fixtureText());
    symlinkSync(join(dir, 'real.yaml'), path);
    assert.equal((await loadModelFile(new NodeModelFileIO(path))).kind, 'valid');
  });

  it('reads at most one byte past the limit, whatever stat() says the size is', async () => {
    // /proc files are regular files whose stat() size is 0 while they hold text: the cap, not the size, stops the read.
    if (!existsSync('/proc/self/status') || lstatSync('/proc/self/status').size !== 0) return;
    await assert.rejects(readFileCapped('/proc/self/status', 100), (e: Error) => e instanceof FileTooLargeError && e.size === 101);
    assert.throws(() => readFileCappedSync('/proc/self/status', 100), FileTooLargeError);
    const whole = await readFileCapped('/proc/self/status', 1024 * 1024);
    assert.match(whole?.toString('utf8') ?? '', /^Name:/);
  });

  it('reports a file that grew past the limit after its size was checked as too large, not as text', async () => {
    writeFileSync(path, fixtureText());
    const real = new NodeModelFileIO(path);
    const io = { size: async () => 10, read: (max?: number) => real.read(max), replaceIfUnchanged: () => Promise.resolve(false) };
    const loaded = await loadModelFile(io, { ...DEFAULT_LIMITS, maxBytes: 100 });
    assert.equal(loaded.kind, 'invalid');
    assert.match(loaded.kind === 'invalid' ? loaded.problems[0].message : '', /^The file is .*, larger than the .* limit for a threat model; it was not read/);
  });
});

describe('reading workspace rules from an untrusted checkout', () => {
  let dir: string;
  let rules: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tm-untrusted-rules-'));
    mkdirSync(join(dir, '.threatmodel'));
    rules = join(dir, WORKSPACE_RULES_PATH);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  (isPosix && existsSync('/dev/urandom') ? it : it.skip)('refuses rules.yaml linked to /dev/urandom at once, as a located problem', async () => {
    symlinkSync('/dev/urandom', rules);
    const asyncResult = await quickly(() => readWorkspaceRulesAsync(dir), 1000);
    const syncResult = await quickly(async () => readWorkspaceRules(dir), 1000);
    for (const result of [asyncResult, syncResult]) {
      assert.equal(result?.ok, false);
      if (result && !result.ok) {
        assert.equal(result.problems[0].message, 'cannot read the workspace rules: .threatmodel/rules.yaml is not a regular file (it is a symbolic link to a character device); it was not read.');
        assert.equal(result.problems[0].file, rules);
      }
    }
    assert.equal(readlinkSync(rules), '/dev/urandom');
  });

  it('says a folder or a loop in a sentence', async () => {
    mkdirSync(rules);
    const folder = await readWorkspaceRulesAsync(dir);
    assert.match(folder && !folder.ok ? folder.problems[0].message : '', /\.threatmodel\/rules\.yaml is a folder, not a file/);
    rmSync(rules, { recursive: true });
    if (!isPosix) return;
    symlinkSync(rules, rules);
    const loop = readWorkspaceRules(dir);
    assert.match(loop && !loop.ok ? loop.problems[0].message : '', /rules\.yaml is a symbolic link that loops/);
  });

  it('refuses a rules file over the limit before parsing it', async () => {
    writeFileSync(rules, `version: 1\nrules: []\n${'#'.repeat(3 * 1024 * 1024)}\n`);
    const result = await readWorkspaceRulesAsync(dir);
    assert.match(result && !result.ok ? result.problems[0].message : '', /the workspace rules file is 3\.0 MiB, larger than 2\.0 MiB; it was not read/);
  });
});

describe('re-checking an unchanged file (window focus)', () => {
  /** A fake file whose text stays the same; counts how often it is read. */
  function fakeFile(text: string) {
    const io = {
      text,
      reads: 0,
      size: async () => Buffer.byteLength(io.text),
      read: async () => (io.reads++, io.text),
      replaceIfUnchanged: async () => false,
    };
    return io;
  }

  it('parses an invalid file once per change, not on every re-check', async () => {
    const io = fakeFile(fixtureText().replace('status: todo', 'status: [')); // invalid
    const first = await loadModelFile(io);
    assert.equal(first.kind, 'invalid');
    let previous: LoadedModel = first;
    for (let i = 0; i < 5; i++) {
      const again = await loadModelFile(io, undefined, previous);
      // The very same result object: no parse produced it (a parse always builds new problems).
      assert.equal(again, first);
      previous = again;
    }
    assert.equal(io.reads, 6, 'the file is still read each time, so a change is seen');
    io.text = io.text.replace('estimatedHours: 24', 'estimatedHours: 25');
    const changed = await loadModelFile(io, undefined, previous);
    assert.notEqual(changed, first);
    assert.equal(changed.kind, 'invalid');
    io.text = fixtureText();
    assert.equal((await loadModelFile(io, undefined, changed)).kind, 'valid');
  });

  it('reuses a valid result too, as a result or as a parsed file', async () => {
    const io = fakeFile(fixtureText());
    const first = await loadModelFile(io);
    assert.equal(await loadModelFile(io, undefined, first), first);
    const file = first.kind === 'valid' ? first.file : undefined;
    const again = await loadModelFile(io, undefined, file);
    assert.equal(again.kind === 'valid' && again.file, file);
    assert.notEqual(fromText(io.text), first, 'fromText itself always parses');
  });
});
