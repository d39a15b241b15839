// The threat model inside a real extension host: loading the fixture, the Projects view, commands that
// change the file, invalid files as diagnostics, and edits made by others while the extension saves.
import * as assert from 'node:assert/strict';
import { readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ThreatModelingApi } from '../../src/vscode/extension';
import type { ProjectsNode } from '../../src/vscode/views/projectsTreeProvider';
import { waitFor } from './waitFor';

const FIXTURE = readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'workspace', 'threatmodel.yaml'), 'utf8');

describe('threat model in the editor', () => {
  let api: ThreatModelingApi;
  let modelPath: string;
  let folderUri: string;

  const store = () => api.models.all[0];
  const onDisk = () => readFileSync(modelPath, 'utf8');
  const ref = (requirementId: string, projectId = 'checkout') => ({ folderUri, projectId, requirementId });

  before(async () => {
    const ext = vscode.extensions.getExtension<ThreatModelingApi>('threatmodeling.threat-modeling');
    assert.ok(ext);
    api = await ext.activate();
    await api.models.ready;
    const folder = vscode.workspace.workspaceFolders![0];
    folderUri = folder.uri.toString();
    modelPath = join(folder.uri.fsPath, 'threatmodel.yaml');
  });

  beforeEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (onDisk() !== FIXTURE) writeFileSync(modelPath, FIXTURE);
    await store().reload();
    await waitFor('the fixture to load', () => store().file?.text === FIXTURE);
  });

  after(() => writeFileSync(modelPath, FIXTURE));

  it('activates quickly, without loading catalogs', () => {
    assert.ok(api.activationMs < 200, `activate() took ${api.activationMs} ms`);
  });

  it('shows the fixture projects with their progress in the Projects view', async () => {
    await vscode.commands.executeCommand('threatModeling.projects.focus');
    const roots = api.projectsTree.getChildren();
    const labels = roots.map((n) => api.projectsTree.getTreeItem(n).label);
    assert.deepEqual(labels, ['Checkout service', 'Mobile app']);
    const checkout = api.projectsTree.getTreeItem(roots[0]);
    assert.equal(checkout.description, 'Running · 2/4 · 50%');
    assert.equal(checkout.contextValue, 'project:running');
    const groups = api.projectsTree.getChildren(roots[0]).map((n) => api.projectsTree.getTreeItem(n));
    assert.deepEqual(groups.map((g) => `${g.label} ${g.description}`), ['Architecture items 2', 'To do 1', 'Running 1', 'Not Applicable 1', 'Done 1']);
    const items = api.projectsTree.getChildren(api.projectsTree.getChildren(roots[0])[0]).map((n) => api.projectsTree.getTreeItem(n));
    assert.deepEqual(items.map((i) => `${i.label}: ${i.description}`), ['Payments API: rest-api · node · express · postgres', 'Orders database: database · postgres']);
    // Expanding a status group loads the catalog, after which requirements read as their ASVS text.
    const todo = api.projectsTree.getChildren(roots[0]).find((n) => n.kind === 'group' && n.status === 'todo')!;
    const description = await waitFor('the ASVS text of V1.2.4', () => {
      const [v124] = api.projectsTree.getChildren(todo);
      const d = String(api.projectsTree.getTreeItem(v124).description);
      return d.startsWith('Verify that') && d;
    });
    assert.match(description, /parameterized queries/);
  });

  it('marks a requirement Running from the command, and the file and the view say so', async () => {
    await vscode.commands.executeCommand('threatModeling.requirement.markRunning', ref('V1.2.4'));
    const text = onDisk();
    assert.match(text, /- id: V1\.2\.4\n        status: running\n/);
    assert.match(text, /requirement: V1\.2\.4, from: todo, to: running \}\n/);
    assert.match(text, /# Ana is pairing with the identity team on this one\./, 'comments survive');
    const running = await waitFor('the Running group to hold two requirements', () => {
      const project = api.projectsTree.getChildren()[0];
      const group = api.projectsTree.getChildren(project).find((n) => n.kind === 'group' && n.status === 'running');
      return group && api.projectsTree.getChildren(group).length === 2 && group;
    });
    const items = api.projectsTree.getChildren(running).map((n) => api.projectsTree.getTreeItem(n));
    assert.deepEqual(items.map((i) => i.label), ['V1.2.4', 'V6.2.1']);
    assert.equal(items[0].contextValue, 'requirement:running');
  });

  it('records Done with evidence and Not Applicable with a justification', async () => {
    await vscode.commands.executeCommand('threatModeling.requirement.markDone', ref('V6.2.1'), 'MFA enforced by the identity provider');
    await vscode.commands.executeCommand('threatModeling.requirement.markNotApplicable', ref('V6.3.1', 'mobile-app'), 'The app has no login of its own');
    const model = store().file!.model;
    assert.deepEqual(model.projects[0].requirements[1].evidence, [{ type: 'text', text: 'MFA enforced by the identity provider' }]);
    assert.equal(model.projects[1].requirements[0].status, 'not_applicable');
    assert.match(onDisk(), /justification: The app has no login of its own/);
  });

  it('refuses Not Applicable without a justification and leaves the file alone', async () => {
    // An empty justification given programmatically must be refused by the workflow, not written.
    await vscode.commands.executeCommand('threatModeling.requirement.markNotApplicable', ref('V1.2.4'), '   ');
    assert.equal(onDisk(), FIXTURE);
  });

  it('turns an invalid file into a diagnostic at the right line and never rewrites it', async () => {
    const broken = FIXTURE.replace('estimatedHours: 24', 'estimatedHours: lots');
    writeFileSync(modelPath, broken);
    const uri = vscode.Uri.file(modelPath);
    const [diagnostic] = await waitFor('a diagnostic', () => {
      const d = vscode.languages.getDiagnostics(uri);
      return d.length > 0 && d;
    });
    assert.equal(diagnostic.range.start.line, 7, 'line 8 holds estimatedHours');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostic.message, /estimatedHours/);
    const [problems] = api.projectsTree.getChildren();
    assert.equal(problems.kind, 'problems');
    assert.match(String(api.projectsTree.getTreeItem(problems).label), /threatmodel\.yaml is invalid/);

    await vscode.commands.executeCommand('threatModeling.requirement.markRunning', ref('V1.2.4'));
    assert.equal(onDisk(), broken, 'the invalid file was not rewritten');

    writeFileSync(modelPath, FIXTURE);
    await waitFor('the diagnostic to clear', () => vscode.languages.getDiagnostics(uri).length === 0);
  });

  it('refuses anchors and aliases at their line, and a link to /dev/zero at once, without rewriting anything', async () => {
    const shared = FIXTURE.replace('      - id: V1.2.4\n', '      - &shared\n        id: V1.2.4\n').replace('    requirements:\n      - id: V6.3.1\n        status: todo\n', '    requirements:\n      - *shared\n');
    assert.notEqual(shared, FIXTURE);
    writeFileSync(modelPath, shared);
    const uri = vscode.Uri.file(modelPath);
    const diagnostics = await waitFor('diagnostics for the anchor', () => {
      const d = vscode.languages.getDiagnostics(uri);
      return d.length > 0 && d;
    });
    assert.match(diagnostics[0].message, /Anchors \(&shared\) are not allowed/);
    assert.equal(diagnostics[0].range.start.line, shared.split('\n').indexOf('      - &shared'));
    await vscode.commands.executeCommand('threatModeling.requirement.markRunning', ref('V1.2.4'));
    assert.equal(onDisk(), shared, 'the refused file was not rewritten');

    // A cloned repository can ship the model file as a symbolic link to a device.
    unlinkSync(modelPath);
    symlinkSync('/dev/zero', modelPath);
    try {
      await store().reload();
      const state = store().current;
      assert.equal(state.kind, 'unreadable');
      assert.match(state.kind === 'unreadable' ? state.error : '', /not a regular file/);
    } finally {
      unlinkSync(modelPath);
      writeFileSync(modelPath, FIXTURE);
    }
    await store().reload();
    await waitFor('the diagnostics to clear', () => vscode.languages.getDiagnostics(uri).length === 0);
    assert.equal(store().current.kind, 'valid');
  });

  it('keeps an edit written by someone else just before a save', async () => {
    // Written behind the extension's back, before its watcher could reload: the save must not lose it.
    const theirs = FIXTURE.replace('estimatedHours: 24', 'estimatedHours: 40 # re-estimated by joao');
    writeFileSync(modelPath, theirs);
    await vscode.commands.executeCommand('threatModeling.requirement.markRunning', ref('V1.2.4'));
    const text = onDisk();
    assert.match(text, /estimatedHours: 40 # re-estimated by joao/);
    assert.match(text, /- id: V1\.2\.4\n        status: running\n/);
  });

  it('refuses to save over unsaved edits in an open editor', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(modelPath));
    const editor = await vscode.window.showTextDocument(doc);
    // An earlier test rewrote the file behind the editor's back; edit only once the editor shows what is on disk.
    if (doc.getText() !== FIXTURE) await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor('the editor to catch up with the file', () => doc.getText() === FIXTURE);
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# draft note\n'));
    assert.ok(doc.isDirty);
    await vscode.commands.executeCommand('threatModeling.requirement.markRunning', ref('V1.2.4'));
    assert.equal(onDisk(), FIXTURE, 'nothing written while the editor holds unsaved changes');
    // Take the draft back out and save, so the next test starts from the fixture again.
    await editor.edit((e) => e.delete(new vscode.Range(0, 0, 1, 0)));
    await doc.save();
    assert.equal(onDisk(), FIXTURE);
  });

  it('reveals a requirement in the model file', async () => {
    await vscode.commands.executeCommand('threatModeling.requirement.reveal', ref('V8.2.1'));
    const editor = await waitFor('an editor', () => vscode.window.activeTextEditor);
    assert.equal(editor.document.uri.fsPath, modelPath);
    assert.equal(editor.document.lineAt(editor.selection.start.line).text.trim(), '- id: V8.2.1');
  });

  it('starts a project and records it in the history', async () => {
    const project = api.projectsTree.getChildren().find((n): n is Extract<ProjectsNode, { kind: 'project' }> => n.kind === 'project' && n.project.id === 'mobile-app')!;
    await vscode.commands.executeCommand('threatModeling.project.start', project);
    assert.equal(store().file!.model.projects[1].status, 'running');
    assert.match(onDisk(), /action: project-status, from: todo, to: running/);
  });

  it('creates a starter model file when there is none, and the view shows it', async () => {
    const { rmSync } = await import('node:fs');
    rmSync(modelPath);
    // Not waiting for the file watcher here (the diagnostics test covers it): reload explicitly.
    await store().reload();
    assert.equal(store().current.kind, 'missing');
    await vscode.commands.executeCommand('threatModeling.createModelFile');
    const text = onDisk();
    assert.match(text, /^# Threat model: architecture items/);
    const model = store().file!.model;
    assert.equal(model.projects.length, 1);
    assert.equal(model.projects[0].name, vscode.workspace.workspaceFolders![0].name);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, modelPath, 'the new file is opened');
    // A second run opens the file again and never overwrites it.
    await vscode.commands.executeCommand('threatModeling.createModelFile');
    assert.equal(onDisk(), text);
  });

  it('rejects Done work as Not According with a reason, and sends it back to Running and To do', async () => {
    await vscode.commands.executeCommand('threatModeling.requirement.markNotAccording', ref('V1.2.5'), 'The PDF export still builds a shell string');
    const rejected = await waitFor('the Not According group', () => {
      const project = api.projectsTree.getChildren()[0];
      return api.projectsTree.getChildren(project).find((n) => n.kind === 'group' && n.status === 'not_according');
    });
    const [row] = api.projectsTree.getChildren(rejected);
    const item = api.projectsTree.getTreeItem(row);
    assert.equal(item.label, 'V1.2.5');
    assert.equal(item.description, 'The PDF export still builds a shell string');
    assert.equal(item.contextValue, 'requirement:not_according');
    assert.match(onDisk(), /reason: The PDF export still builds a shell string/);

    await vscode.commands.executeCommand('threatModeling.requirement.markRunning', ref('V1.2.5'));
    await vscode.commands.executeCommand('threatModeling.requirement.markTodo', ref('V1.2.5'));
    assert.equal(store().file!.model.projects[0].requirements[2].status, 'todo');
    const history = store().file!.model.projects[0].history.filter((h) => h.requirement === 'V1.2.5').map((h) => `${h.from}>${h.to}`);
    assert.deepEqual(history, ['running>done', 'done>not_according', 'not_according>running', 'running>todo']);
  });

  it('locks a Done project: its requirements offer no actions and refuse changes until it is reopened', async () => {
    const project = () => api.projectsTree.getChildren().find((n): n is Extract<ProjectsNode, { kind: 'project' }> => n.kind === 'project' && n.project.id === 'checkout')!;
    await vscode.commands.executeCommand('threatModeling.project.complete', project(), { confirmed: true });
    assert.equal(store().file!.model.projects[0].status, 'done');
    const todo = api.projectsTree.getChildren(project()).find((n) => n.kind === 'group' && n.status === 'todo')!;
    assert.equal(api.projectsTree.getTreeItem(api.projectsTree.getChildren(todo)[0]).contextValue, 'lockedRequirement:todo');

    const before = onDisk();
    await vscode.commands.executeCommand('threatModeling.requirement.markRunning', ref('V1.2.4'));
    assert.equal(onDisk(), before, 'a locked requirement is not changed');

    await vscode.commands.executeCommand('threatModeling.project.reopen', project(), { confirmed: true });
    assert.equal(store().file!.model.projects[0].status, 'running');
    assert.equal(store().file!.model.projects[0].history.at(-1)?.action, 'reopen');
  });

  it('links the code selection as evidence: path, lines and a hash of the selected lines', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const source = vscode.Uri.file(join(folder, 'src', 'db.ts'));
    const editor = await vscode.window.showTextDocument(source);
    editor.selection = new vscode.Selection(3, 2, 5, 0); // lines 4-5; the end at column 0 leaves line 6 out
    await vscode.commands.executeCommand('threatModeling.requirement.markDone', ref('V1.2.4'), { selection: true, note: 'parameterised query' });
    const [evidence] = store().file!.model.projects[0].requirements[0].evidence ?? [];
    const selected = readFileSync(source.fsPath, 'utf8').split('\n').slice(3, 5).join('\n');
    const { createHash } = await import('node:crypto');
    assert.deepEqual(evidence, {
      type: 'code',
      path: 'src/db.ts',
      lines: [4, 5],
      sha256: createHash('sha256').update(selected).digest('hex'),
      note: 'parameterised query',
    });
    assert.equal(store().file!.model.projects[0].requirements[0].status, 'done');

    // Unsaved edits would make the hash describe lines that are not on disk: refused, nothing written.
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '// draft\n'));
    const before = onDisk();
    await vscode.commands.executeCommand('threatModeling.requirement.markDone', ref('V6.2.1'), { selection: true });
    assert.equal(onDisk(), before);
    await editor.edit((e) => e.delete(new vscode.Range(0, 0, 1, 0)));
    await editor.document.save();
  });
});
