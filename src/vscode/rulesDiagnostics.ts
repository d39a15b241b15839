// Problems-panel diagnostics for a workspace's own suggestion rules (.threatmodel/rules.yaml at a folder's
// root), checked whenever the file changes, so a mistake shows up while editing rather than when
// suggesting. Syntax and schema are checked at once; rules that name unknown or retired patterns are
// reported as soon as the catalog is loaded (it is never loaded just for this).
import * as vscode from 'vscode';
import { readWorkspaceRulesAsync, WORKSPACE_RULES_PATH } from '../core/suggest/workspaceRules';
import type { CatalogService } from './catalog/catalogService';
import { toDiagnostic } from './diagnosticsPresenter';

export class RulesDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('threatModeling.rules');
  private readonly watcher = vscode.workspace.createFileSystemWatcher(`**/${WORKSPACE_RULES_PATH}`);
  private readonly disposables: vscode.Disposable[];
  private readonly startTimer: ReturnType<typeof setTimeout>;

  constructor(private readonly catalogs: CatalogService) {
    this.disposables = [
      this.watcher,
      this.collection,
      this.watcher.onDidCreate((uri) => void this.check(uri)),
      this.watcher.onDidChange((uri) => void this.check(uri)),
      this.watcher.onDidDelete((uri) => this.collection.delete(uri)),
      catalogs.onDidLoad(() => this.checkAll()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.collection.clear();
        this.checkAll();
      }),
    ];
    // After activation, not during it.
    this.startTimer = setTimeout(() => this.checkAll(), 0);
  }

  private checkAll(): void {
    for (const folder of vscode.workspace.workspaceFolders ?? []) void this.check(vscode.Uri.joinPath(folder.uri, WORKSPACE_RULES_PATH));
  }

  /** Only the file at a folder's root is used for suggestions; nested copies are not ours to judge. */
  private folderOf(uri: vscode.Uri): vscode.WorkspaceFolder | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder && vscode.Uri.joinPath(folder.uri, WORKSPACE_RULES_PATH).toString() === uri.toString() ? folder : undefined;
  }

  async check(uri: vscode.Uri): Promise<void> {
    const folder = this.folderOf(uri);
    // Suggestions read the rules from disk (core: only a regular file, never more than the limit); so does this.
    if (!folder || uri.scheme !== 'file') return;
    const parsed = await readWorkspaceRulesAsync(folder.uri.fsPath);
    if (!parsed) {
      this.collection.delete(uri);
      return;
    }
    if (!parsed.ok || !this.catalogs.isLoaded) {
      this.collection.set(uri, parsed.ok ? [] : parsed.problems.map(toDiagnostic));
      return;
    }
    const { problems } = await this.catalogs.suggestions(folder.uri.fsPath, parsed);
    this.collection.set(uri, problems.filter((p) => p.file === uri.fsPath).map(toDiagnostic));
  }

  dispose(): void {
    clearTimeout(this.startTimer);
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
