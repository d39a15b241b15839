// The fixture's threatmodel.yaml in the test workspace: written before a suite and put back after it, with
// the extension's API once activated. Suites that change the model start from and leave the same file.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ThreatModelingApi } from '../../src/vscode/extension';

export const FIXTURE = readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'workspace', 'threatmodel.yaml'), 'utf8');

export interface FixtureModel {
  readonly api: ThreatModelingApi;
  readonly modelPath: string;
}

/** Registers before/after hooks in the calling suite; read the fields from inside its tests. */
export function useFixtureModel(): FixtureModel {
  const state = {} as { api: ThreatModelingApi; modelPath: string };
  before(async () => {
    state.api = await vscode.extensions.getExtension<ThreatModelingApi>('threatmodeling.threat-modeling')!.activate();
    await state.api.models.ready;
    state.modelPath = join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'threatmodel.yaml');
    writeFileSync(state.modelPath, FIXTURE);
    await state.api.models.all[0].reload();
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    writeFileSync(state.modelPath, FIXTURE);
    await state.api.models.all[0].reload();
  });
  return state;
}
