// What crosses between a worker thread and its caller: requests, and results as plain data. Parsed data
// travels as JSON where JSON keeps it exactly (the caller's JSON.parse is several times faster than
// structured clone for a large model); values JSON would change (Infinity, NaN, -0, a "__proto__" key)
// travel as they are.
import type { ParseLimits } from '../limits';
import { InvalidModelError, type LoadedModel, type SaveReply } from '../modelFile';
import type { ParsedModelFile } from '../parse';
import type { Problem } from '../problem';
import { YamlSource } from '../../yaml/yamlSource';
import type { Change } from '../yamlPatch';

export type Request =
  | { readonly id: number; readonly op: 'load'; readonly path: string; readonly limits: ParseLimits }
  | { readonly id: number; readonly op: 'save'; readonly path: string; readonly limits: ParseLimits; readonly basisText: string; readonly changes: ReadonlyArray<Change> }
  | { readonly id: number; readonly op: 'create'; readonly path: string; readonly limits: ParseLimits; readonly text: string }
  | { readonly id: number; readonly op: 'forget'; readonly path: string };

type Packed = { readonly json: string } | { readonly value: unknown };

export interface WireFile {
  readonly text: string;
  readonly data: Packed;
  readonly model: Packed;
}

export type WireLoaded =
  | { readonly kind: 'missing' }
  | { readonly kind: 'invalid'; readonly text: string | undefined; readonly problems: ReadonlyArray<Problem> }
  | { readonly kind: 'valid'; readonly file: WireFile };

export type WireResult =
  | { readonly op: 'load'; readonly loaded: WireLoaded }
  | { readonly op: 'save'; readonly saved: true; readonly file: WireFile }
  | { readonly op: 'save'; readonly saved: false; readonly current: WireLoaded }
  | { readonly op: 'create'; readonly file: WireFile }
  | { readonly op: 'forget' };

export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly problems?: ReadonlyArray<Problem>;
}

export type Response = { readonly id: number; readonly result: WireResult } | { readonly id: number; readonly error: WireError };

function pack(value: unknown): Packed {
  let exact = true;
  const json = JSON.stringify(value, (key, v: unknown) => {
    if (key === '__proto__' || (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)))) exact = false;
    return v;
  });
  return exact ? { json } : { value };
}

function unpack(packed: Packed): unknown {
  return 'json' in packed ? JSON.parse(packed.json) : packed.value;
}

export function packFile(file: ParsedModelFile): WireFile {
  return { text: file.text, data: pack(file.data), model: pack(file.model) };
}

/** The file as the caller gets it; where each value is gets parsed there only if someone asks. */
export function unpackFile(file: WireFile): ParsedModelFile {
  return { text: file.text, data: unpack(file.data), model: unpack(file.model) as ParsedModelFile['model'], source: new YamlSource(file.text) };
}

export function packLoaded(loaded: LoadedModel): WireLoaded {
  return loaded.kind === 'valid' ? { kind: 'valid', file: packFile(loaded.file) } : loaded;
}

export function unpackLoaded(loaded: WireLoaded): LoadedModel {
  return loaded.kind === 'valid' ? { kind: 'valid', file: unpackFile(loaded.file) } : loaded;
}

export function packSave(reply: SaveReply): WireResult {
  return reply.saved ? { op: 'save', saved: true, file: packFile(reply.file) } : { op: 'save', saved: false, current: packLoaded(reply.current) };
}

export function packError(e: unknown): WireError {
  const err = e instanceof Error ? e : new Error(String(e));
  return { name: err.name, message: err.message, problems: e instanceof InvalidModelError ? e.problems : undefined };
}

/** The error as thrown in the worker: an invalid model stays an InvalidModelError; others keep name and message. */
export function unpackError(e: WireError): Error {
  if (e.problems) return new InvalidModelError(e.problems);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}
