// Context keys used by `when` clauses (welcome views, menus), kept in step with the stores.
import * as vscode from 'vscode';
import type { WorkspaceModels } from './model/workspaceModels';

export class ContextKeys implements vscode.Disposable {
  private readonly listener: vscode.Disposable;

  constructor(private readonly models: WorkspaceModels) {
    this.listener = models.onDidChange(() => this.update());
    this.update();
  }

  private update(): void {
    const states = this.models.all.map((s) => s.current.kind);
    void vscode.commands.executeCommand('setContext', 'threatModeling.hasModel', states.includes('valid'));
    void vscode.commands.executeCommand('setContext', 'threatModeling.modelInvalid', states.includes('invalid') || states.includes('unreadable'));
    void vscode.commands.executeCommand('setContext', 'threatModeling.loading', !this.models.isStarted || states.includes('loading'));
  }

  dispose(): void {
    this.listener.dispose();
  }
}
