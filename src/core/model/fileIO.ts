// File access for the model file, narrow enough to fake in tests. The node implementation reads only a
// regular file, never more than the limit (see ../fs/readFileCapped), and writes atomically: under an
// exclusive lock shared by every window and the CLI, a temp file in the same folder, flushed to disk, a last
// check that nobody changed the target (git, a text editor: they do not take our lock), then a rename.
import { createHash, randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { lock } from 'proper-lockfile';
import { readFileCapped, statRegularFile } from '../fs/readFileCapped';
import { DEFAULT_LIMITS } from './limits';

export { FileTooLargeError, UnreadableFileError } from '../fs/readFileCapped';

export interface ModelFileIO {
  /** The file's size in bytes, or undefined when it does not exist. Throws UnreadableFileError unless a regular file. */
  size(): Promise<number | undefined>;
  /**
   * The file's text, or undefined when it does not exist. Throws NotUtf8Error for other encodings,
   * FileTooLargeError beyond `maxBytes`, UnreadableFileError for anything but a readable regular file.
   */
  read(maxBytes?: number): Promise<string | undefined>;
  /**
   * Replaces the file with `next` only if it still holds `expected` (undefined: must not exist).
   * Returns false, writing nothing, when the file changed in between. Throws ReadOnlyFileError, writing
   * nothing, when the file is read-only.
   */
  replaceIfUnchanged(expected: string | undefined, next: string): Promise<boolean>;
  /**
   * Runs `task` (a read-modify-write) while holding the file's exclusive lock, so that no other writer of
   * ours (another window, the CLI) writes in between. A fake can simply return task(). Optional only so
   * that read-only fakes need not bother; every implementation that writes a real file must have it.
   */
  withLock?<T>(task: () => Promise<T>): Promise<T>;
}

/** The file is not UTF-8: decoding it would replace characters, and saving would destroy them. */
export class NotUtf8Error extends Error {
  constructor() {
    super('The file is not valid UTF-8, so it was not read. Convert it to UTF-8 (VS Code: "Change File Encoding") and save it.');
  }
}

/** Nobody may write the file (no write permission bit, or no access): it is not replaced. */
export class ReadOnlyFileError extends Error {
  constructor(name: string) {
    super(`${name} is read-only; it was not changed.`);
  }
}

/** Another writer of ours held the lock for longer than we wait. */
export class FileLockedError extends Error {
  constructor(name: string) {
    super(`Another window or the threatmodel CLI is saving ${name}; try again.`);
  }
}

const RENAME_RETRIES = 5;

/** How long a save waits for another writer's lock before giving up. */
const LOCK_WAIT_MS = 5000;
/**
 * A lock not refreshed for this long belongs to a writer that crashed, and is taken over. The holder
 * refreshes it every LOCK_STALE_MS / 4 while it works (proper-lockfile's `update`).
 */
const LOCK_STALE_MS = 10_000;

export class NodeModelFileIO implements ModelFileIO {
  /** How messages call the file: its name as the user configured it. */
  private readonly name: string;

  constructor(
    readonly path: string,
    private readonly options: { readonly lockWaitMs?: number } = {},
  ) {
    this.name = basename(path);
  }

  async size(): Promise<number | undefined> {
    return (await statRegularFile(this.path, this.name))?.size;
  }

  async read(maxBytes: number = DEFAULT_LIMITS.maxBytes): Promise<string | undefined> {
    const bytes = await readFileCapped(this.path, maxBytes, this.name);
    if (bytes === undefined) return undefined;
    try {
      // ignoreBOM keeps a byte-order mark in the text, so it is written back as it was.
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      throw new NotUtf8Error();
    }
  }

  async withLock<T>(task: () => Promise<T>): Promise<T> {
    // The lock is a folder made with an exclusive mkdir, named after the real file's path, in the system's
    // temp folder: never in the workspace, where a cloned repository could ship one that blocks every save.
    const target = await this.target();
    const release = await acquireLock(target, this.name, this.options.lockWaitMs ?? LOCK_WAIT_MS);
    try {
      return await task();
    } finally {
      await release().catch(() => undefined); // already released when it was taken over as stale
    }
  }

  async replaceIfUnchanged(expected: string | undefined, next: string): Promise<boolean> {
    // Write next to the real file, so a symlinked threatmodel.yaml stays a symlink.
    const target = await this.target();
    const existing = await fs.stat(target).catch(() => undefined);
    if (existing && !(await isWritable(target, existing.mode))) throw new ReadOnlyFileError(this.name);
    if (expected === undefined) await fs.mkdir(dirname(target), { recursive: true });
    const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      try {
        const handle = await fs.open(temp, 'wx');
        try {
          await handle.writeFile(next, 'utf8');
          await handle.sync();
        } finally {
          await handle.close();
        }
      } catch (e) {
        throw new Error(`Could not write next to ${this.name} (${(e as NodeJS.ErrnoException)?.code ?? (e as Error).message}); it was left unchanged.`);
      }
      if (!(await this.holds(expected))) return false;
      const mode = await fs.stat(target).then((s) => s.mode, () => undefined);
      if (mode !== undefined) await fs.chmod(temp, mode & 0o7777).catch(() => undefined); // not every file system has modes
      await renameWithRetry(temp, target);
      return true;
    } finally {
      await fs.rm(temp, { force: true }).catch(() => undefined);
    }
  }

  /** Whether the file holds exactly `expected` (undefined: does not exist); reads at most one byte more. */
  private async holds(expected: string | undefined): Promise<boolean> {
    const limit = expected === undefined ? 0 : Buffer.byteLength(expected, 'utf8');
    try {
      return (await this.read(limit)) === expected;
    } catch {
      return false; // larger, unreadable or not UTF-8 now: certainly not what we read
    }
  }

  private target(): Promise<string> {
    return fs.realpath(this.path).catch(() => this.path);
  }
}

/** proper-lockfile's lock, waiting up to `waitMs` for another holder (its own retries would also retry real errors). */
/** Where the lock of the model file at (real path) `target` lives: the system's temp folder, per user. */
export function lockPathFor(target: string): string {
  const folder = join(tmpdir(), `threat-modeling-locks-${typeof process.getuid === 'function' ? process.getuid() : 'user'}`);
  return join(folder, `${createHash('sha256').update(target).digest('hex').slice(0, 32)}.lock`);
}

async function acquireLock(target: string, name: string, waitMs: number): Promise<() => Promise<void>> {
  const deadline = Date.now() + waitMs;
  let madeFolder = false;
  for (let attempt = 0; ; attempt++) {
    try {
      const lockfilePath = lockPathFor(target);
      await fs.mkdir(dirname(lockfilePath), { recursive: true, mode: 0o700 });
      return await lock(target, {
        realpath: false, // the file may not exist yet (create)
        lockfilePath,
        stale: LOCK_STALE_MS,
        update: LOCK_STALE_MS / 4,
        retries: 0,
        // Taken over after a long stall (a suspended laptop): the compare before the rename still protects
        // the file, so this is not worth an uncaught exception.
        onCompromised: () => undefined,
      });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException)?.code;
      if (code === 'ENOENT' && !madeFolder) {
        // Creating the file in a folder that does not exist yet.
        await fs.mkdir(dirname(target), { recursive: true });
        madeFolder = true;
        continue;
      }
      if (code !== 'ELOCKED') throw new Error(`Could not lock ${name} for saving (${code ?? (e as Error).message}); it was left unchanged.`);
      if (Date.now() >= deadline) throw new FileLockedError(name);
      // Saves take milliseconds: poll quickly at first, then back off, with jitter so waiters spread out.
      const delay = Math.min(200, 5 * 1.4 ** Math.min(attempt, 12)) * (0.5 + Math.random());
      await new Promise((r) => setTimeout(r, Math.min(delay, Math.max(1, deadline - Date.now()))));
    }
  }
}

/**
 * A file without any write permission bit (chmod 444, or Windows' read-only attribute) is read-only even
 * for root, who passes every access() check; otherwise ask the system whether we may write it.
 */
async function isWritable(path: string, mode: number): Promise<boolean> {
  if ((mode & 0o222) === 0) return false;
  return fs.access(path, constants.W_OK).then(
    () => true,
    (e) => !['EACCES', 'EPERM', 'EROFS'].includes((e as NodeJS.ErrnoException)?.code ?? ''),
  );
}

/** On Windows a virus scanner or an open editor briefly holds the file; try again before giving up. */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await fs.rename(from, to);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException)?.code;
      if (attempt >= RENAME_RETRIES || !['EPERM', 'EBUSY', 'EACCES'].includes(code ?? '')) {
        throw new Error(`Could not replace ${basename(to)} (${code ?? (e as Error).message}); it was left unchanged.`);
      }
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
}
