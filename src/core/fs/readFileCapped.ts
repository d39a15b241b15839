// The one way core reads a file that may come from anyone (a cloned repository, a pull request): the model
// file and the workspace rules. Symbolic links are followed, but only a regular file is read — a link to
// /dev/zero or /dev/urandom, a named pipe or a folder is refused at once, with a sentence a person
// understands — and never more than maxBytes + 1 bytes enter memory, whatever stat() said the size was.
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, statSync, promises as fsp, type Stats } from 'node:fs';
import { basename } from 'node:path';

/** The file holds more than the limit; `size` is at least its size in bytes. */
export class FileTooLargeError extends Error {
  constructor(
    readonly fileName: string,
    readonly size: number,
    readonly maxBytes: number,
  ) {
    super(`${fileName} is ${formatSize(size)}, larger than the ${formatSize(maxBytes)} limit; it was not read.`);
  }
}

/** The path exists but cannot be read as a file: a folder, a device, a loop of links, no permission. */
export class UnreadableFileError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

// O_NONBLOCK: opening a named pipe must not wait for a writer (the type is checked right after opening).
// O_NOCTTY: a terminal device must never become our controlling terminal. Both are 0/undefined on Windows.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);
const CHUNK = 64 * 1024;

/**
 * The file's bytes, or undefined when nothing is at `path`. Throws FileTooLargeError beyond `maxBytes`,
 * UnreadableFileError for anything that is not a readable regular file. `name` is how messages call it.
 */
export async function readFileCapped(path: string, maxBytes: number, name = basename(path)): Promise<Buffer | undefined> {
  const before = await statRegularFile(path, name);
  if (before === undefined) return undefined;
  if (before.size > maxBytes) throw new FileTooLargeError(name, before.size, maxBytes);
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(path, OPEN_FLAGS);
  } catch (e) {
    if (isNotFound(e)) return undefined; // deleted in between
    throw describeError(e, path, name);
  }
  try {
    // The path may have been swapped for something else since stat(): judge what was really opened.
    const opened = await handle.stat();
    refuseIfNotRegular(opened, path, name);
    const chunks: Buffer[] = [];
    let total = 0;
    while (total <= maxBytes) {
      const want = Math.min(CHUNK, maxBytes + 1 - total);
      const { bytesRead, buffer } = await handle.read(Buffer.allocUnsafe(want), 0, want, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
    }
    if (total > maxBytes) throw new FileTooLargeError(name, Math.max(opened.size, total), maxBytes);
    return Buffer.concat(chunks, total);
  } catch (e) {
    throw describeError(e, path, name);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** readFileCapped for callers that cannot wait (the suggestion engine's synchronous start). */
export function readFileCappedSync(path: string, maxBytes: number, name = basename(path)): Buffer | undefined {
  const before = statRegularFileSync(path, name);
  if (before === undefined) return undefined;
  if (before.size > maxBytes) throw new FileTooLargeError(name, before.size, maxBytes);
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw describeError(e, path, name);
  }
  try {
    const opened = fstatSync(fd);
    refuseIfNotRegular(opened, path, name);
    const chunks: Buffer[] = [];
    let total = 0;
    while (total <= maxBytes) {
      const want = Math.min(CHUNK, maxBytes + 1 - total);
      const buffer = Buffer.allocUnsafe(want);
      const bytesRead = readSync(fd, buffer, 0, want, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
    }
    if (total > maxBytes) throw new FileTooLargeError(name, Math.max(opened.size, total), maxBytes);
    return Buffer.concat(chunks, total);
  } catch (e) {
    throw describeError(e, path, name);
  } finally {
    try {
      closeSync(fd);
    } catch {
      // nothing to do
    }
  }
}

/** stat() following links; undefined when nothing is there; throws UnreadableFileError unless a regular file. */
export async function statRegularFile(path: string, name = basename(path)): Promise<Stats | undefined> {
  let stats: Stats;
  try {
    stats = await fsp.stat(path);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw describeError(e, path, name);
  }
  refuseIfNotRegular(stats, path, name);
  return stats;
}

export function statRegularFileSync(path: string, name = basename(path)): Stats | undefined {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw describeError(e, path, name);
  }
  refuseIfNotRegular(stats, path, name);
  return stats;
}

function refuseIfNotRegular(stats: Stats, path: string, name: string): void {
  if (stats.isFile()) return;
  if (stats.isDirectory()) throw new UnreadableFileError(`${name} is a folder, not a file; it was not read.`, 'EISDIR');
  const kind = stats.isCharacterDevice()
    ? 'a character device'
    : stats.isBlockDevice()
      ? 'a block device'
      : stats.isFIFO()
        ? 'a named pipe'
        : stats.isSocket()
          ? 'a socket'
          : 'not a regular file';
  throw new UnreadableFileError(`${name} is not a regular file (it is ${isSymlink(path) ? `a symbolic link to ${kind}` : kind}); it was not read.`, 'ENOTREG');
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** A system error on `path` as a sentence; our own errors pass through unchanged. */
export function describeError(e: unknown, path: string, name = basename(path)): Error {
  if (e instanceof UnreadableFileError || e instanceof FileTooLargeError) return e;
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'EISDIR':
      return new UnreadableFileError(`${name} is a folder, not a file; it was not read.`, code);
    case 'ELOOP':
      return new UnreadableFileError(`${name} is a symbolic link that loops (or a chain of too many links); it was not read.`, code);
    case 'EACCES':
    case 'EPERM':
      return new UnreadableFileError(`${name} cannot be read: permission denied.`, code);
    case 'ENOTDIR':
      return new UnreadableFileError(`${name} cannot be read: a folder on its path is a file.`, code);
    case 'ENAMETOOLONG':
      return new UnreadableFileError(`${name} cannot be read: its path is too long.`, code);
    default:
      return new UnreadableFileError(`${name} could not be read (${code ?? (e instanceof Error ? e.message : String(e))}).`, code);
  }
}

function isNotFound(e: unknown): boolean {
  return (e as NodeJS.ErrnoException)?.code === 'ENOENT';
}

function formatSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${bytes} bytes` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
