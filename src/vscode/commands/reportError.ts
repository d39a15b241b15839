import * as vscode from 'vscode';
import { InvalidModelError } from '../../core/model/modelFile';

/** Shows an error from a command; people get the message, with the next step where there is one. */
export async function reportError(e: unknown): Promise<void> {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof InvalidModelError) {
    const show = 'Show Problems';
    if ((await vscode.window.showErrorMessage(message, show)) === show) await vscode.commands.executeCommand('workbench.actions.view.problems');
    return;
  }
  await vscode.window.showErrorMessage(message);
}
