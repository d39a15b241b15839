// One threat model file of one workspace folder: its current state, kept in step with the disk, and the
// only way the extension changes it. Providers listen to onDidChange and render; they never read files.
import * as vscode from 'vscode';
import type { ParseLimits } from '../../core/model/limits';
import { updateThrough, type LoadedModel, type ModelFiles } from '../../core/model/modelFile';
import type { ParsedModelFile } from '../../core/model/parse';
import type { Change } from '../../core/model/yamlPatch';

export type StoreState = { readonly kind: 'loading' } | LoadedModel | { readonly kind: 'unreadable'; readonly error: string };

export class ThreatModelStore implements vscode.Disposable {
  private state: StoreState = { kind: 'loading' };
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Serialises loads and writes so that a reload never interleaves with a save. */
  private queue: Promise<unknown> = Promise.resolve();
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;
  /** A reload queued but not started yet. */
  private pendingReload: Promise<void> | undefined;

  readonly onDidChange = this.changed.event;

  constructor(
    readonly folder: vscode.WorkspaceFolder,
    readonly uri: vscode.Uri,
    private readonly limits: () => ParseLimits,
    private readonly log: vscode.LogOutputChannel,
    /** Reads and writes the file off this thread (see core/model/worker). */
    private readonly files: ModelFiles,
  ) {
    const relative = vscode.workspace.asRelativePath(uri, false);
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, relative));
    this.disposables.push(
      watcher,
      watcher.onDidCreate(() => this.scheduleReload()),
      watcher.onDidChange(() => this.scheduleReload()),
      watcher.onDidDelete(() => this.scheduleReload()),
      this.changed,
    );
  }

  get current(): StoreState {
    return this.state;
  }

  /** The parsed file when the model is valid. */
  get file(): ParsedModelFile | undefined {
    return this.state.kind === 'valid' ? this.state.file : undefined;
  }

  /**
   * Reads the file again (on a file event, on window focus). An unchanged file, valid or invalid, is not
   * parsed again: its previous result is kept. Reloads asked for while one is waiting join it.
   */
  reload(): Promise<void> {
    if (this.pendingReload) return this.pendingReload;
    const pending = this.enqueue(async () => {
      this.pendingReload = undefined;
      const limits = this.limits();
      let next: StoreState;
      try {
        // An unchanged file is not parsed again: the reader keeps its last result (per limits).
        next = await this.files.load(limits);
      } catch (e) {
        next = { kind: 'unreadable', error: (e as Error).message };
      }
      this.setState(next);
    });
    this.pendingReload = pending;
    return pending;
  }

  /**
   * Applies `plan` to the file as it is on disk now and saves it atomically. Throws with a message for the
   * user (workflow rule, invalid file, unsaved editor) and leaves the file untouched when anything is wrong.
   */
  update(plan: (file: ParsedModelFile) => ReadonlyArray<Change>): Promise<ParsedModelFile> {
    return this.enqueue(async () => {
      refuseIfUntrusted();
      this.refuseIfDirtyInEditor();
      try {
        const limits = this.limits();
        // Planned on what is shown; the reader compares it with the disk (under the current limits) first.
        const file = await updateThrough(this.files, plan, limits, this.file);
        this.setState({ kind: 'valid', file });
        return file;
      } catch (e) {
        // Whatever went wrong, show what is really on disk now.
        const limits = this.limits();
        this.setState(await this.files.load(limits).catch((err) => ({ kind: 'unreadable' as const, error: (err as Error).message ?? String(err) })));
        throw e;
      }
    });
  }

  create(text: string): Promise<ParsedModelFile> {
    return this.enqueue(async () => {
      refuseIfUntrusted();
      const limits = this.limits();
      const file = await this.files.create(limits, text);
      this.setState({ kind: 'valid', file });
      return file;
    });
  }

  private refuseIfDirtyInEditor(): void {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.uri.toString());
    if (open?.isDirty) {
      throw new Error(`${vscode.workspace.asRelativePath(this.uri)} has unsaved changes in the editor. Save or revert them first, so that neither edit is lost.`);
    }
  }

  private scheduleReload(): void {
    // File events come in bursts (temp file, rename); one reload after they settle is enough.
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = undefined;
      void this.reload();
    }, 50);
  }

  private setState(next: StoreState): void {
    const same =
      next === this.state ||
      (next.kind === 'valid' && this.state.kind === 'valid' && next.file.text === this.state.file.text) ||
      (next.kind === 'missing' && this.state.kind === 'missing') ||
      (next.kind === 'invalid' && this.state.kind === 'invalid' && sameProblems(next, this.state)) ||
      (next.kind === 'unreadable' && this.state.kind === 'unreadable' && next.error === this.state.error);
    this.state = next;
    if (next.kind === 'invalid' && !same) this.log.warn(`${this.uri.fsPath}: ${next.problems.length} problem(s); first: ${next.problems[0]?.message}`);
    if (!same) this.changed.fire();
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  dispose(): void {
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

/** Restricted Mode: the model can be read and browsed, but the extension writes nothing. */
function refuseIfUntrusted(): void {
  if (!vscode.workspace.isTrusted) {
    throw new Error('This workspace is in Restricted Mode: the threat model is read-only until you trust the workspace.');
  }
}

/** The same file read again: a fresh copy of the same result is no change to show. */
function sameProblems(a: Extract<LoadedModel, { kind: 'invalid' }>, b: Extract<LoadedModel, { kind: 'invalid' }>): boolean {
  return a.text === b.text && a.problems.length === b.problems.length && a.problems.every((p, i) => p.message === b.problems[i].message);
}
