// Problems-panel diagnostics for a workspace's own suggestion rules (.threatmodel/rules.yaml), checked
// whenever the file changes, so a mistake shows up while editing rather than when suggesting.
import * as vscode from 'vscode';
import { parseRulesFile } from '../core/suggest/rulesFile';
import { WORKSPACE_RULES_PATH } from '../core/suggest/workspaceRules';
import { toDiagnostic } from './diagnosticsPresenter';

const MAX_RULES_BYTES = 2 * 1024 * 1024;

export class RulesDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('threatModeling.rules');
  private readonly watcher = vscode.workspace.createFileSystemWatcher(`**/${WORKSPACE_RULES_PATH}`);
  private readonly disposables: vscode.Disposable[];

  constructor() {
    this.disposables = [
      this.watcher,
      this.collection,
      this.watcher.onDidCreate((uri) => void this.check(uri)),
      this.watcher.onDidChange((uri) => void this.check(uri)),
      this.watcher.onDidDelete((uri) => this.collection.delete(uri)),
    ];
    // After activation, not during it: look for existing rule files once.
    setTimeout(() => {
      void vscode.workspace.findFiles(`**/${WORKSPACE_RULES_PATH}`, '**/node_modules/**', 20).then((uris) => uris.forEach((uri) => void this.check(uri)));
    }, 0);
  }

  async check(uri: vscode.Uri): Promise<void> {
    let text: string;
    try {
      // Checked before reading: a huge file in a cloned repository must not be read into memory.
      if ((await vscode.workspace.fs.stat(uri)).size > MAX_RULES_BYTES) {
        this.collection.set(uri, [new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), `The rules file is larger than ${MAX_RULES_BYTES / 1024 / 1024} MiB and was not read.`)]);
        return;
      }
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      this.collection.delete(uri);
      return;
    }
    const result = parseRulesFile(text, uri.fsPath);
    this.collection.set(uri, result.ok ? [] : result.problems.map(toDiagnostic));
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
