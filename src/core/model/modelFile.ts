// Loading and updating the model file through a ModelFileIO, never losing anybody's edit: every update
// holds the lock our writers share, re-reads the file, plans the change against what is really there, and
// writes only if it is unchanged (a writer that ignores our lock — git, a text editor — is detected).
import { applyChanges } from './applyChanges';
import { FileTooLargeError, NotUtf8Error, type ModelFileIO } from './fileIO';
import { DEFAULT_LIMITS, type ParseLimits } from './limits';
import { parseModelFile, tooLargeProblem, type ParsedModelFile } from './parse';
import type { Problem, Range } from './problem';

import type { Change } from './yamlPatch';

const ORIGIN: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export type LoadedModel =
  | { readonly kind: 'missing' }
  | { readonly kind: 'invalid'; readonly text: string | undefined; readonly problems: ReadonlyArray<Problem> }
  | { readonly kind: 'valid'; readonly file: ParsedModelFile };

export class InvalidModelError extends Error {
  constructor(readonly problems: ReadonlyArray<Problem>) {
    super(`The threat model file is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}); fix it before changing it here. First: line ${problems[0].range.start.line + 1}: ${problems[0].message}`);
  }
}

export class MissingModelError extends Error {
  constructor() {
    super('There is no threat model file. Create one first.');
  }
}

export class ConcurrentChangeError extends Error {
  constructor() {
    super('The threat model file kept changing on disk while saving; nothing was written. Try again.');
  }
}

/**
 * Reads and validates the file. When it still holds the text of `previous` (a parsed file, or an earlier
 * result, valid or invalid), that is returned as it was: a file is parsed once per change on disk, not on
 * every re-check. Throws UnreadableFileError (a folder, a device, a looping link, no permission) with a
 * sentence for the user.
 */
export async function loadModelFile(io: ModelFileIO, limits: ParseLimits = DEFAULT_LIMITS, previous?: ParsedModelFile | LoadedModel): Promise<LoadedModel> {
  const size = await io.size();
  if (size === undefined) return { kind: 'missing' };
  if (size > limits.maxBytes) {
    // Checked before reading so that a huge file never enters memory.
    return { kind: 'invalid', text: undefined, problems: [tooLargeProblem(size, limits.maxBytes)] };
  }
  let text: string | undefined;
  try {
    // Capped: the size above is only a hint (it grows meanwhile, or was never true for a device).
    text = await io.read(limits.maxBytes);
  } catch (e) {
    if (e instanceof FileTooLargeError) return { kind: 'invalid', text: undefined, problems: [tooLargeProblem(e.size, limits.maxBytes)] };
    if (!(e instanceof NotUtf8Error)) throw e;
    return { kind: 'invalid', text: undefined, problems: [{ message: e.message, range: ORIGIN, severity: 'error' }] };
  }
  if (text === undefined) return { kind: 'missing' };
  const reused = reuse(previous, text);
  if (reused) return reused;
  return fromText(text, limits);
}

function reuse(previous: ParsedModelFile | LoadedModel | undefined, text: string): LoadedModel | undefined {
  if (!previous) return undefined;
  if (!('kind' in previous)) return previous.text === text ? { kind: 'valid', file: previous } : undefined;
  if (previous.kind === 'valid') return previous.file.text === text ? previous : undefined;
  if (previous.kind === 'invalid') return previous.text === text ? previous : undefined;
  return undefined;
}

export function fromText(text: string, limits: ParseLimits = DEFAULT_LIMITS): LoadedModel {
  const parsed = parseModelFile(text, limits);
  return parsed.ok ? { kind: 'valid', file: parsed.file } : { kind: 'invalid', text, problems: parsed.problems };
}

export interface UpdateOptions {
  /** How often to plan again when someone else writes in between. */
  readonly attempts?: number;
  /** The file as last read; reused without parsing when the disk still holds its text. */
  readonly previous?: ParsedModelFile;
}

/**
 * Plans `plan` against the file as it is on disk now and writes the result atomically. When someone
 * else writes in between, the plan is made again on their version (their edit is kept, ours re-applied).
 */
export function updateModelFile(
  io: ModelFileIO,
  plan: (file: ParsedModelFile) => ReadonlyArray<Change>,
  limits: ParseLimits = DEFAULT_LIMITS,
  { attempts = 3, previous }: UpdateOptions = {},
): Promise<ParsedModelFile> {
  return updateThrough(new LocalModelFiles(io, previous), plan, limits, previous, attempts);
}

/** What a save answers: written, or not, because the file on disk is not the one the plan was made on. */
export type SaveReply = { readonly saved: true; readonly file: ParsedModelFile } | { readonly saved: false; readonly current: LoadedModel };

/**
 * The model file of one path, loaded, saved and created somewhere: in this thread (LocalModelFiles), or
 * in a worker thread so that parsing a large file never blocks the caller's (see worker/).
 */
export interface ModelFiles {
  load(limits: ParseLimits): Promise<LoadedModel>;
  /** Applies `changes`, planned on the file whose text was `basisText`, if that is still what is on disk. */
  save(limits: ParseLimits, basisText: string, changes: ReadonlyArray<Change>): Promise<SaveReply>;
  create(limits: ParseLimits, text: string): Promise<ParsedModelFile>;
}

/**
 * Plans on `current` (or on the file as loaded) and saves; when the file on disk turns out to be another,
 * plans again on that one. Workflow rules run in `plan`, so their errors reach the caller unchanged.
 */
export async function updateThrough(
  files: ModelFiles,
  plan: (file: ParsedModelFile) => ReadonlyArray<Change>,
  limits: ParseLimits,
  current: ParsedModelFile | undefined,
  attempts = 3,
): Promise<ParsedModelFile> {
  let state: LoadedModel = current ? { kind: 'valid', file: current } : await files.load(limits);
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (state.kind === 'missing') throw new MissingModelError();
    if (state.kind === 'invalid') throw new InvalidModelError(state.problems);
    const reply = await files.save(limits, state.file.text, plan(state.file));
    if (reply.saved) return reply.file;
    state = reply.current;
  }
  throw new ConcurrentChangeError();
}

/** The model file in this thread, keeping its last result so that an unchanged file is not parsed again. */
export class LocalModelFiles implements ModelFiles {
  private kept: LoadedModel | undefined;
  private keptLimits: ParseLimits | undefined;

  constructor(
    private readonly io: ModelFileIO,
    previous?: ParsedModelFile,
  ) {
    if (previous) this.kept = { kind: 'valid', file: previous };
  }

  /** The last result, when it was made under the same limits (other limits can find other problems). */
  private previous(limits: ParseLimits): LoadedModel | undefined {
    return !this.keptLimits || sameLimits(limits, this.keptLimits) ? this.kept : undefined;
  }

  private keep(result: LoadedModel, limits: ParseLimits): LoadedModel {
    this.kept = result;
    this.keptLimits = limits;
    if (result.kind === 'valid') prepareForEdits(result.file);
    return result;
  }

  async load(limits: ParseLimits): Promise<LoadedModel> {
    return this.keep(await loadModelFile(this.io, limits, this.previous(limits)), limits);
  }

  save(limits: ParseLimits, basisText: string, changes: ReadonlyArray<Change>): Promise<SaveReply> {
    // Under the lock no writer of ours can interleave; the compare-then-rename still catches the others.
    return locked(this.io, async () => {
      const loaded = await this.load(limits);
      if (loaded.kind !== 'valid' || loaded.file.text !== basisText) return { saved: false, current: loaded };
      if (changes.length === 0) return { saved: true, file: loaded.file };
      const result = applyChanges(loaded.file, changes, limits);
      if (!(await this.io.replaceIfUnchanged(loaded.file.text, result.text))) return { saved: false, current: await this.load(limits) };
      this.keep({ kind: 'valid', file: result.file }, limits);
      return { saved: true, file: result.file };
    });
  }

  async create(limits: ParseLimits, text: string): Promise<ParsedModelFile> {
    const file = await createModelFile(this.io, text, limits);
    this.keep({ kind: 'valid', file }, limits);
    return file;
  }
}

/**
 * Finds where each value of the file is while nothing else runs, so that the next edit does not wait for
 * it (a file read back after a save knows its data, not yet its positions). Never keeps a process alive.
 */
function prepareForEdits(file: ParsedModelFile): void {
  setTimeout(() => {
    try {
      void file.source.closes;
    } catch {
      // A text that cannot be read again is found out by the next load.
    }
  }, 0).unref();
}

function sameLimits(a: ParseLimits, b: ParseLimits): boolean {
  return a.maxBytes === b.maxBytes && a.maxNodes === b.maxNodes && a.maxProblems === b.maxProblems;
}

/** Creates the file with `text`, refusing to overwrite one that appeared meanwhile. */
export async function createModelFile(io: ModelFileIO, text: string, limits: ParseLimits = DEFAULT_LIMITS): Promise<ParsedModelFile> {
  const parsed = parseModelFile(text, limits);
  if (!parsed.ok) throw new InvalidModelError(parsed.problems);
  return locked(io, async () => {
    if (!(await io.replaceIfUnchanged(undefined, text))) throw new Error('A threat model file already exists; it was not overwritten.');
    return parsed.file;
  });
}

function locked<T>(io: ModelFileIO, task: () => Promise<T>): Promise<T> {
  return io.withLock ? io.withLock(task) : task();
}
