// One threat model file of one workspace folder: its current state, kept in step with the disk, and the
// only way the extension changes it. Providers listen to onDidChange and render; they never read files.
import * as vscode from 'vscode';
import { NodeModelFileIO } from '../../core/model/fileIO';
import type { ParseLimits } from '../../core/model/limits';
import { createModelFile, loadModelFile, updateModelFile, type LoadedModel } from '../../core/model/modelFile';
import type { ParsedModelFile } from '../../core/model/parse';
import type { Change } from '../../core/model/yamlPatch';

export type StoreState = { readonly kind: 'loading' } | LoadedModel | { readonly kind: 'unreadable'; readonly error: string };

export class ThreatModelStore implements vscode.Disposable {
  private state: StoreState = { kind: 'loading' };
  private readonly io: NodeModelFileIO;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Serialises loads and writes so that a reload never interleaves with a save. */
  private queue: Promise<unknown> = Promise.resolve();
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;

  readonly onDidChange = this.changed.event;

  constructor(
    readonly folder: vscode.WorkspaceFolder,
    readonly uri: vscode.Uri,
    private readonly limits: () => ParseLimits,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.io = new NodeModelFileIO(uri.fsPath);
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

  reload(): Promise<void> {
    return this.enqueue(async () => {
      let next: StoreState;
      try {
        next = await loadModelFile(this.io, this.limits(), this.file);
      } catch (e) {
        next = { kind: 'unreadable', error: (e as Error).message };
      }
      this.setState(next);
    });
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
        const file = await updateModelFile(this.io, plan, this.limits());
        this.setState({ kind: 'valid', file });
        return file;
      } catch (e) {
        // Whatever went wrong, show what is really on disk now.
        this.setState(await loadModelFile(this.io, this.limits()).catch((err) => ({ kind: 'unreadable' as const, error: String(err) })));
        throw e;
      }
    });
  }

  create(text: string): Promise<ParsedModelFile> {
    return this.enqueue(async () => {
      refuseIfUntrusted();
      const file = await createModelFile(this.io, text, this.limits());
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
      (next.kind === 'valid' && this.state.kind === 'valid' && next.file.text === this.state.file.text) ||
      (next.kind === 'missing' && this.state.kind === 'missing');
    this.state = next;
    if (next.kind === 'invalid') this.log.warn(`${this.uri.fsPath}: ${next.problems.length} problem(s); first: ${next.problems[0]?.message}`);
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
