// The project panel in a real extension host: opened from the command as the Projects view invokes it, it
// renders the project with the counts of the file, runs the tree's own requirement commands, follows edits
// made on disk, says so when the project disappears, refuses malformed messages, and opens code evidence at
// its lines (and never a file outside the workspace).
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import type { ThreatModelingApi } from '../../src/vscode/extension';
import type { ProjectRender } from '../../src/vscode/webviews/projectPanel';
import { waitFor } from './waitFor';

const FIXTURE = readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'workspace', 'threatmodel.yaml'), 'utf8');

/** Resolves with the next render of the checkout panel that `accept` takes (the webview really drew it). */
function nextRender(api: ThreatModelingApi, what: string, accept: (r: ProjectRender) => boolean, timeoutMs = 30_000): Promise<ProjectRender> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`the project panel did not render ${what}`));
    }, timeoutMs);
    const listener = api.projectPanel.onDidRender((r) => {
      if (r.projectId !== 'checkout' || !accept(r)) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(r);
    });
  });
}

/** A file outside the workspace that a link inside it points at. */
const OUTSIDE = join(tmpdir(), `tm-outside-${process.pid}.ts`);

const statusOf = (r: ProjectRender, id: string) => r.view?.requirements.find((x) => x.id === id)?.status;

/** Requirement statuses of the checkout project as the file on disk has them. */
function countsOnDisk(path: string): Record<string, number> {
  const model = parse(readFileSync(path, 'utf8')) as { projects: Array<{ id: string; requirements: Array<{ status: string }> }> };
  const counts: Record<string, number> = { todo: 0, running: 0, not_according: 0, not_applicable: 0, done: 0 };
  for (const r of model.projects.find((p) => p.id === 'checkout')!.requirements) counts[r.status]++;
  return counts;
}

function panelTabs(label: string): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label === label && t.input instanceof vscode.TabInputWebview);
}

describe('project panel', () => {
  let api: ThreatModelingApi;
  let modelPath: string;
  let folder: string;
  let folderUri: string;

  before(async () => {
    api = await vscode.extensions.getExtension<ThreatModelingApi>('threatmodeling.threat-modeling')!.activate();
    await api.models.ready;
    folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    folderUri = vscode.workspace.workspaceFolders![0].uri.toString();
    modelPath = join(folder, 'threatmodel.yaml');
    writeFileSync(modelPath, FIXTURE);
    await api.models.all[0].reload();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(join(folder, 'src', 'leak.ts'), { force: true });
    rmSync(OUTSIDE, { force: true });
    writeFileSync(modelPath, FIXTURE);
    await api.models.all[0].reload();
  });

  it('opens on the project node as the Projects view passes it, and shows the counts of the file', async () => {
    const store = api.models.all[0];
    const project = store.file!.model.projects.find((p) => p.id === 'checkout')!;
    const rendered = nextRender(api, 'the project', (r) => r.view !== undefined);
    await vscode.commands.executeCommand('threatModeling.project.open', { kind: 'project', store, project });
    const { view } = await rendered;
    assert.ok(view);
    assert.equal(view.name, 'Checkout service');
    const counts = countsOnDisk(modelPath);
    assert.deepEqual(Object.fromEntries(view.progress.segments.map((s) => [s.status, s.count])), counts);
    assert.equal(view.progress.total, 4);
    assert.equal(view.progress.percent, 50);
    assert.deepEqual(view.items.map((i) => i.name), ['Payments API', 'Orders database']);
    assert.equal(view.history.length, 2);
    assert.equal(view.evidence.length, 1);
    assert.ok(api.projectPanel.isOpen({ folderUri, projectId: 'checkout' }));
    assert.equal(panelTabs('Checkout service').length, 1, 'the panel is titled with the project name');
  });

  it('reveals the open panel instead of opening a second one', async () => {
    await vscode.window.showTextDocument(vscode.Uri.file(modelPath));
    await vscode.commands.executeCommand('threatModeling.project.open', { folderUri, projectId: 'checkout' });
    await waitFor('the panel to be the active tab', () => vscode.window.tabGroups.activeTabGroup.activeTab?.label === 'Checkout service');
    assert.equal(panelTabs('Checkout service').length, 1);
  });

  it('runs a requirement action through the tree command: the file changes and the panel shows it', async () => {
    const shown = nextRender(api, 'V1.2.4 Running', (r) => statusOf(r, 'V1.2.4') === 'running');
    await api.projectPanel.receive({ type: 'requirementAction', action: 'markRunning', requirementId: 'V1.2.4', expectedStatus: 'todo' });
    const model = parse(readFileSync(modelPath, 'utf8')) as { projects: Array<Record<string, any>> };
    const checkout = model.projects.find((p) => p.id === 'checkout')!;
    assert.equal(checkout.requirements.find((r: any) => r.id === 'V1.2.4').status, 'running');
    assert.deepEqual(
      checkout.history.map((h: any) => [h.requirement, h.from, h.to]).at(-1),
      ['V1.2.4', 'todo', 'running'],
    );
    const r = await shown;
    assert.equal(r.view!.progress.segments.find((s) => s.status === 'running')!.count, 2);
    assert.deepEqual(r.view!.history[0].requirement, 'V1.2.4', 'newest first');
  });

  it('follows an edit made on disk', async () => {
    const edited = readFileSync(modelPath, 'utf8').replace('      - id: V6.2.1\n        status: running', '      - id: V6.2.1\n        status: todo');
    const shown = nextRender(api, 'V6.2.1 To do after the edit', (r) => statusOf(r, 'V6.2.1') === 'todo');
    writeFileSync(modelPath, edited);
    const r = await shown;
    assert.deepEqual(Object.fromEntries(r.view!.progress.segments.map((s) => [s.status, s.count])), countsOnDisk(modelPath));
  });

  it('refuses malformed messages, and actions the tree would not offer, without changing anything', async () => {
    const before = readFileSync(modelPath, 'utf8');
    const editors = vscode.window.visibleTextEditors.length;
    const malformed: unknown[] = [
      { type: 'requirementAction', action: 'deleteProject', requirementId: 'V1.2.4', expectedStatus: 'running' },
      { type: 'requirementAction', action: 'markTodo', requirementId: 'V1.2.4', expectedStatus: 'running', extra: true },
      { type: 'requirementAction', action: 'markTodo', requirementId: ['V1.2.4'], expectedStatus: 'running' },
      { type: 'openEvidence', requirementId: 'V1.2.5', index: 0, path: '/etc/passwd' },
      { type: 'openEvidence', requirementId: 'V1.2.5', index: 'x'.repeat(1_000_000) },
      { type: 'showDetails', kind: 'cwe', id: 'CWE-89' },
      new Array(100_000).fill({ type: 'ready' }),
      'markDone',
      null,
      // Well-formed, but not something to do: the host checks against the model, not against the message.
      { type: 'requirementAction', action: 'markNotAccording', requirementId: 'V1.2.4', expectedStatus: 'todo' },
      { type: 'requirementAction', action: 'markRunning', requirementId: 'V9.9.9', expectedStatus: 'todo' },
      { type: 'openEvidence', requirementId: 'V1.2.4', index: 0 },
      { type: 'openEvidence', requirementId: 'V1.2.5', index: 7 },
    ];
    for (const message of malformed) await api.projectPanel.receive(message);
    assert.equal(readFileSync(modelPath, 'utf8'), before);
    assert.equal(vscode.window.visibleTextEditors.length, editors, 'no editor was opened');
  });

  it('opens code evidence with its lines selected', async () => {
    await api.projectPanel.receive({ type: 'openEvidence', requirementId: 'V1.2.5', index: 0 });
    const editor = await waitFor('src/db.ts to open', () => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.fsPath === join(folder, 'src', 'db.ts') && e;
    });
    // Evidence lines [1, 6] are 1-based and inclusive.
    assert.equal(editor.selection.start.line, 0);
    assert.equal(editor.selection.start.character, 0);
    assert.equal(editor.selection.end.line, 5);
    assert.equal(editor.selection.end.character, editor.document.lineAt(5).text.length);
  });

  it('does not open evidence that a link leads out of the workspace', async () => {
    writeFileSync(OUTSIDE, 'export const secret = 1;\n');
    rmSync(join(folder, 'src', 'leak.ts'), { force: true });
    symlinkSync(OUTSIDE, join(folder, 'src', 'leak.ts'));
    const withLink = readFileSync(modelPath, 'utf8').replace(
      '          - { type: code, path: src/db.ts, lines: [1, 6], note: no shell; arguments passed as a list }',
      '          - { type: code, path: src/db.ts, lines: [1, 6], note: no shell; arguments passed as a list }\n          - { type: code, path: src/leak.ts, lines: [1, 1] }',
    );
    const shown = nextRender(api, 'two pieces of evidence', (r) => r.view?.evidence.length === 2);
    writeFileSync(modelPath, withLink);
    await shown;
    await api.projectPanel.receive({ type: 'openEvidence', requirementId: 'V1.2.5', index: 1 }, { folderUri, projectId: 'checkout' });
    assert.ok(api.projectPanel.isOpen({ folderUri, projectId: 'checkout' }), 'the panel was there to ask');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.fsPath.endsWith('leak.ts')), 'the linked file was not opened');
    assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document.uri.fsPath.endsWith('leak.ts')));
  });

  it('says so when the project disappears, and shows it again when it comes back', async () => {
    await vscode.commands.executeCommand('threatModeling.project.open', { folderUri, projectId: 'checkout' });
    const gone = nextRender(api, 'the project gone', (r) => r.unavailable !== undefined);
    writeFileSync(modelPath, FIXTURE.replace('  - id: checkout\n', '  - id: checkout-v2\n'));
    const r = await gone;
    assert.equal(r.view, undefined);
    assert.match(r.unavailable!, /no longer in threatmodel\.yaml/);
    const back = nextRender(api, 'the project back', (x) => x.view !== undefined);
    writeFileSync(modelPath, FIXTURE);
    assert.equal((await back).view!.name, 'Checkout service');
  });
});
