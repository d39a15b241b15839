import * as vscode from 'vscode';
import { InvalidModelError } from '../../core/model/modelFile';

/**
 * Shows an error from a command; people get the message, with the next step where there is one.
 * Not awaited: the command finishes at once and the notification waits for the person.
 */
export function reportError(e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof InvalidModelError) {
    const show = 'Show Problems';
    void vscode.window.showErrorMessage(message, show).then((picked) => {
      if (picked === show) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
    return;
  }
  void vscode.window.showErrorMessage(message);
}
