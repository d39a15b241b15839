// Model files served by a worker thread (modelWorker.ts): one thread for all paths, started on first use.
// A worker that cannot start or dies is reported through `onError`, and the calls waiting on it fail
// with a message; the next call starts a new one.
import { Worker } from 'node:worker_threads';
import type { ParseLimits } from '../limits';
import type { LoadedModel, ModelFiles, SaveReply } from '../modelFile';
import type { ParsedModelFile } from '../parse';
import type { Change } from '../yamlPatch';
import { unpackError, unpackFile, unpackLoaded, type Request, type Response, type WireResult } from './wire';

type Pending = { resolve: (r: WireResult) => void; reject: (e: Error) => void };
// Requests without their id, one variant at a time.
type Ask = Request extends infer R ? (R extends Request ? Omit<R, 'id'> : never) : never;

export class WorkerModelFiles {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private disposed = false;
  /** Calls in flight when disposed may finish (a save half done would leave a temp file and a lock). */
  private static readonly DRAIN_MS = 5_000;

  constructor(
    /** The worker's script: the bundled dist/modelWorker.js, or the transpiled module in tests. */
    private readonly script: string,
    private readonly onError: (message: string) => void = () => undefined,
  ) {}

  /** The model file at `path`, served by the worker. */
  files(path: string): ModelFiles {
    return {
      load: async (limits: ParseLimits): Promise<LoadedModel> => {
        const r = await this.ask({ op: 'load', path, limits });
        return unpackLoaded((r as Extract<WireResult, { op: 'load' }>).loaded);
      },
      save: async (limits: ParseLimits, basisText: string, changes: ReadonlyArray<Change>): Promise<SaveReply> => {
        const r = (await this.ask({ op: 'save', path, limits, basisText, changes })) as Extract<WireResult, { op: 'save' }>;
        return r.saved ? { saved: true, file: unpackFile(r.file) } : { saved: false, current: unpackLoaded(r.current) };
      },
      create: async (limits: ParseLimits, text: string): Promise<ParsedModelFile> => {
        const r = await this.ask({ op: 'create', path, limits, text });
        return unpackFile((r as Extract<WireResult, { op: 'create' }>).file);
      },
    };
  }

  /** Drops what the worker keeps for `path` (a store that goes away). */
  forget(path: string): void {
    if (this.worker) void this.ask({ op: 'forget', path }).catch(() => undefined);
  }

  private ask(request: Ask): Promise<WireResult> {
    if (this.disposed) return Promise.reject(new Error('The threat model reader was closed.'));
    const worker = this.start();
    const id = this.nextId++;
    // Referenced only while something waits on it, so an idle worker never keeps a process alive.
    worker.ref();
    return new Promise<WireResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        worker.postMessage({ ...request, id });
      } catch (e) {
        // A value that cannot be cloned: nothing was sent, so nothing will answer.
        this.settled(id, worker);
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  /** Forgets a call that has its answer; an idle worker no longer holds the process, or closes if disposed. */
  private settled(id: number, worker: Worker): void {
    this.pending.delete(id);
    if (this.pending.size > 0) return;
    worker.unref();
    if (this.disposed) void worker.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    worker.on('message', (response: Response) => {
      const waiting = this.pending.get(response.id);
      if (!waiting) return;
      this.settled(response.id, worker);
      if ('error' in response) waiting.reject(unpackError(response.error));
      else waiting.resolve(response.result);
    });
    const fail = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      if (!this.disposed) this.onError(why);
      const error = new Error(`Reading the threat model stopped unexpectedly (${why}); try again.`);
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', (e) => fail(e.message));
    worker.on('exit', (code) => fail(`worker exited with code ${code}`));
    this.worker = worker;
    return worker;
  }

  /** Takes no new calls; lets the ones in flight finish (a bounded time), then ends the worker. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const worker = this.worker;
    if (!worker) return;
    if (this.pending.size === 0) {
      void worker.terminate();
      return;
    }
    setTimeout(() => {
      for (const waiting of this.pending.values()) waiting.reject(new Error('The threat model reader was closed.'));
      this.pending.clear();
      void worker.terminate();
    }, WorkerModelFiles.DRAIN_MS).unref();
  }
}
