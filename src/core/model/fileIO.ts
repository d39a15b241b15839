// File access for the model file, narrow enough to fake in tests. The node implementation writes
// atomically: a temp file in the same folder, flushed to disk, a last check that nobody changed the
// target, then a rename. A concurrent writer can still slip into the few milliseconds between that check
// and the rename; every other interleaving is detected.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface ModelFileIO {
  /** The file's size in bytes, or undefined when it does not exist. */
  size(): Promise<number | undefined>;
  /** The file's text, or undefined when it does not exist. Throws NotUtf8Error for other encodings. */
  read(): Promise<string | undefined>;
  /**
   * Replaces the file with `next` only if it still holds `expected` (undefined: must not exist).
   * Returns false, writing nothing, when the file changed in between.
   */
  replaceIfUnchanged(expected: string | undefined, next: string): Promise<boolean>;
}

/** The file is not UTF-8: decoding it would replace characters, and saving would destroy them. */
export class NotUtf8Error extends Error {
  constructor() {
    super('The file is not valid UTF-8, so it was not read. Convert it to UTF-8 (VS Code: "Change File Encoding") and save it.');
  }
}

const RENAME_RETRIES = 5;

export class NodeModelFileIO implements ModelFileIO {
  constructor(readonly path: string) {}

  async size(): Promise<number | undefined> {
    try {
      return (await fs.stat(this.path)).size;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async read(): Promise<string | undefined> {
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(this.path);
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
    try {
      // ignoreBOM keeps a byte-order mark in the text, so it is written back as it was.
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      throw new NotUtf8Error();
    }
  }

  async replaceIfUnchanged(expected: string | undefined, next: string): Promise<boolean> {
    // Write next to the real file, so a symlinked threatmodel.yaml stays a symlink.
    const target = await fs.realpath(this.path).catch(() => this.path);
    if (expected === undefined) await fs.mkdir(dirname(target), { recursive: true });
    const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const handle = await fs.open(temp, 'wx');
      try {
        await handle.writeFile(next, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      const current = await this.read().catch(() => null);
      if (current !== expected) return false;
      const mode = await fs.stat(target).then((s) => s.mode, () => undefined);
      if (mode !== undefined) await fs.chmod(temp, mode & 0o7777).catch(() => undefined); // not every file system has modes
      await renameWithRetry(temp, target);
      return true;
    } finally {
      await fs.rm(temp, { force: true }).catch(() => undefined);
    }
  }
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

function isNotFound(e: unknown): boolean {
  return (e as NodeJS.ErrnoException)?.code === 'ENOENT';
}
