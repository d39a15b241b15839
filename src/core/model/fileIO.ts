// File access for the model file, narrow enough to fake in tests. The node implementation writes
// atomically: a temp file in the same folder, a last check that nobody changed the target, a rename.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface ModelFileIO {
  /** The file's size in bytes, or undefined when it does not exist. */
  size(): Promise<number | undefined>;
  /** The file's text, or undefined when it does not exist. */
  read(): Promise<string | undefined>;
  /**
   * Replaces the file with `next` only if it still holds `expected` (undefined: must not exist).
   * Returns false, writing nothing, when the file changed in between.
   */
  replaceIfUnchanged(expected: string | undefined, next: string): Promise<boolean>;
}

export class NodeModelFileIO implements ModelFileIO {
  constructor(readonly path: string) {}

  async size(): Promise<number | undefined> {
    try {
      const stat = await fs.stat(this.path);
      return stat.size;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async read(): Promise<string | undefined> {
    try {
      return await fs.readFile(this.path, 'utf8');
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async replaceIfUnchanged(expected: string | undefined, next: string): Promise<boolean> {
    const temp = join(dirname(this.path), `.${basename(this.path)}.${randomBytes(6).toString('hex')}.tmp`);
    await fs.writeFile(temp, next, { encoding: 'utf8', flag: 'wx' });
    try {
      const current = await this.read();
      if (current !== expected) return false;
      const mode = await fs.stat(this.path).then((s) => s.mode, () => undefined);
      if (mode !== undefined) await fs.chmod(temp, mode & 0o7777);
      await fs.rename(temp, this.path);
      return true;
    } finally {
      await fs.rm(temp, { force: true });
    }
  }
}

function isNotFound(e: unknown): boolean {
  return (e as NodeJS.ErrnoException)?.code === 'ENOENT';
}
