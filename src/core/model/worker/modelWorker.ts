// The worker thread that reads, validates and saves model files, so that parsing a large file never
// blocks the thread that asked (the extension host, where every other extension runs too). One
// LocalModelFiles per path keeps the last result, so an unchanged file is not parsed again.
import { parentPort } from 'node:worker_threads';
import { NodeModelFileIO } from '../fileIO';
import { LocalModelFiles } from '../modelFile';
import { packError, packFile, packLoaded, packSave, type Request, type Response, type WireResult } from './wire';

const files = new Map<string, LocalModelFiles>();

function filesFor(path: string): LocalModelFiles {
  let found = files.get(path);
  if (!found) files.set(path, (found = new LocalModelFiles(new NodeModelFileIO(path))));
  return found;
}

async function handle(request: Request): Promise<WireResult> {
  switch (request.op) {
    case 'load':
      return { op: 'load', loaded: packLoaded(await filesFor(request.path).load(request.limits)) };
    case 'save':
      return packSave(await filesFor(request.path).save(request.limits, request.basisText, request.changes));
    case 'create':
      return { op: 'create', file: packFile(await filesFor(request.path).create(request.limits, request.text)) };
    case 'forget':
      files.delete(request.path);
      return { op: 'forget' };
  }
}

parentPort?.on('message', (request: Request) => {
  handle(request).then(
    (result) => parentPort!.postMessage({ id: request.id, result } satisfies Response),
    (e: unknown) => parentPort!.postMessage({ id: request.id, error: packError(e) } satisfies Response),
  );
});
