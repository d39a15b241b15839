// All threat model stores of the workspace: one per folder, recreated when folders or settings change.
import * as vscode from 'vscode';
import { DEFAULT_LIMITS, type ParseLimits } from '../../core/model/limits';
import { DEFAULT_MODEL_FILE, safeModelFilePath } from '../../core/model/modelFilePath';
import { modelFileLimitFromSetting, userSettingValue } from '../../core/model/settings';
import { WorkerModelFiles } from '../../core/model/worker/workerModelFiles';
import { ThreatModelStore } from './threatModelStore';

export class WorkspaceModels implements vscode.Disposable {
  private stores: ThreatModelStore[] = [];
  private readonly storeListeners: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly startTimer: ReturnType<typeof setTimeout>;
  private started = false;
  /** Resolves once the stores exist (just after activation). */
  readonly ready: Promise<void>;

  /** Fires when any store's state changes, or when the set of stores changes. */
  readonly onDidChange = this.changed.event;

  /** One worker thread reads and writes every folder's model file. */
  private readonly reader: WorkerModelFiles;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    /** dist/modelWorker.js of the installed extension. */
    workerScript: string,
  ) {
    this.reader = new WorkerModelFiles(workerScript, (why) => log.error(`The threat model reader stopped: ${why}`));
    this.disposables.push(
      this.changed,
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rebuild()),
      // File watchers can miss an event (one arriving while the watcher starts up, say); coming back to
      // the window re-checks the files, cheaply when nothing changed.
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused && this.started) void this.reloadAll();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('threatModeling.modelFile')) this.rebuild();
        else if (e.affectsConfiguration('threatModeling.maxModelFileSizeMB')) void this.reloadAll();
      }),
    );
    // Created right after activation returns: reading settings and starting watchers is not worth
    // delaying the editor's start-up for.
    let resolveReady: () => void;
    this.ready = new Promise((resolve) => (resolveReady = resolve));
    this.startTimer = setTimeout(() => {
      this.rebuild();
      resolveReady();
    }, 0);
  }

  /** False until the stores have been created. */
  get isStarted(): boolean {
    return this.started;
  }

  get all(): ReadonlyArray<ThreatModelStore> {
    return this.stores;
  }

  /** The store of the folder containing `uri`, or the only store when there is just one. */
  storeFor(uri?: vscode.Uri): ThreatModelStore | undefined {
    if (uri) {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      return this.stores.find((s) => s.folder.uri.toString() === folder?.uri.toString());
    }
    return this.stores.length === 1 ? this.stores[0] : undefined;
  }

  byFolder(folderUri: string): ThreatModelStore | undefined {
    return this.stores.find((s) => s.folder.uri.toString() === folderUri);
  }

  reloadAll(): Promise<void> {
    return Promise.all(this.stores.map((s) => s.reload())).then(() => undefined);
  }

  private rebuild(): void {
    this.started = true;
    for (const store of this.stores) this.reader.forget(store.uri.fsPath);
    vscode.Disposable.from(...this.storeListeners.splice(0), ...this.stores).dispose();
    this.stores = (vscode.workspace.workspaceFolders ?? [])
      .filter((f) => f.uri.scheme === 'file')
      .map((folder) => {
        const uri = vscode.Uri.joinPath(folder.uri, this.modelFileName(folder));
        return new ThreatModelStore(folder, uri, () => limitsFor(folder), this.log, this.reader.files(uri.fsPath));
      });
    for (const store of this.stores) {
      this.storeListeners.push(store.onDidChange(() => this.changed.fire()));
      void store.reload();
    }
    this.changed.fire();
  }

  /** The configured file name, kept inside the folder whatever a workspace setting says. */
  private modelFileName(folder: vscode.WorkspaceFolder): string {
    const setting = vscode.workspace.getConfiguration('threatModeling', folder).get<string>('modelFile');
    const path = safeModelFilePath(setting);
    if (path === undefined) this.log.warn(`Ignoring threatModeling.modelFile "${setting}": it must be a .yaml file inside the workspace folder.`);
    return path ?? DEFAULT_MODEL_FILE;
  }

  dispose(): void {
    clearTimeout(this.startTimer);
    vscode.Disposable.from(...this.storeListeners, ...this.stores, ...this.disposables).dispose();
    this.reader.dispose();
  }
}

function limitsFor(folder: vscode.WorkspaceFolder): ParseLimits {
  // The user's own value only, clamped: a repository's settings must not raise the limit (nor break it with
  // a string), whatever VS Code lets through for this machine-scoped setting.
  const inspected = vscode.workspace.getConfiguration('threatModeling', folder).inspect<unknown>('maxModelFileSizeMB');
  return { ...DEFAULT_LIMITS, maxBytes: modelFileLimitFromSetting(userSettingValue(inspected)) };
}
