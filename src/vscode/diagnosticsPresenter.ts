// Problems-panel diagnostics for invalid threat model files.
import * as vscode from 'vscode';
import type { Problem } from '../core/model/problem';
import type { WorkspaceModels } from './model/workspaceModels';

export class DiagnosticsPresenter implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('threatModeling');
  private readonly listener: vscode.Disposable;

  constructor(private readonly models: WorkspaceModels) {
    this.listener = models.onDidChange(() => this.render());
    this.render();
  }

  private render(): void {
    this.collection.clear();
    for (const store of this.models.all) {
      const state = store.current;
      if (state.kind === 'invalid') this.collection.set(store.uri, state.problems.map(toDiagnostic));
      if (state.kind === 'unreadable') {
        this.collection.set(store.uri, [new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), `The threat model file could not be read: ${state.error}`)]);
      }
    }
  }

  dispose(): void {
    this.listener.dispose();
    this.collection.dispose();
  }
}

export function toDiagnostic(problem: Problem): vscode.Diagnostic {
  const range = new vscode.Range(problem.range.start.line, problem.range.start.character, problem.range.end.line, problem.range.end.character);
  const severity = problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  const diagnostic = new vscode.Diagnostic(range, problem.message, severity);
  diagnostic.source = 'Threat Modeling';
  return diagnostic;
}
