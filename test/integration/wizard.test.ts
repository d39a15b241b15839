// The "Start New Project" wizard in a real extension host: the panel opens and renders, a draft survives
// closing the panel, a finished draft becomes a project in the file (items, patterns, requirements To do,
// one history entry), hostile text is stored verbatim, malformed messages change nothing, and a save made
// while someone else changed the file keeps both changes.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { architectureDraft } from '../../src/core/wizard/newProjectDraft';
import { emptyDraft, type WizardDraft } from '../../src/protocol/wizard';
import type { ThreatModelingApi } from '../../src/vscode/extension';
import { FIXTURE, useFixtureModel } from './fixtureModel';
import { waitFor } from './waitFor';

const HOSTILE_NAME = '<img src=x onerror=alert(1)>';

function nextRender(api: ThreatModelingApi, step: string, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`the wizard did not render step ${step}`));
    }, timeoutMs);
    const listener = api.wizard.onDidRender((e) => {
      if (e.step !== step) return;
      clearTimeout(timer);
      listener.dispose();
      resolve();
    });
  });
}

function draft(name: string): WizardDraft {
  return {
    ...emptyDraft(),
    step: 'save',
    items: [
      {
        key: 'api',
        name: 'Shop API',
        kind: 'rest-api',
        alsoKinds: [],
        technologies: ['Node.js', 'Express', 'PostgreSQL'],
        description: 'Takes orders; description with {{constructor}} and </script> kept as text.',
        internetFacing: true,
        data: ['customer data'],
      },
      {
        key: 'ui',
        name: 'Shop UI',
        kind: 'web-frontend',
        alsoKinds: [],
        technologies: ['React'],
        description: '',
        internetFacing: true,
        data: [],
        patterns: ['CAPEC-63', 'CAPEC-588', 'CAPEC-136'],
      },
    ],
    deselected: ['V3.2.1'],
    details: { name, estimatedHours: '16', goal: 'Sell safely.', scope: '', team: 'ana, joao', tags: 'web', assets: '' },
  };
}

describe('new project wizard', () => {
  const fixture = useFixtureModel();
  let api: ThreatModelingApi;
  let modelPath: string;
  before(() => ({ api, modelPath } = fixture));

  it('opens from the command and renders its first step', async () => {
    const rendered = nextRender(api, 'items');
    await vscode.commands.executeCommand('threatModeling.project.new');
    await rendered;
    assert.ok(api.wizard.isOpen);
  });

  it('keeps the draft when the panel is closed, and offers it again', async () => {
    const store = api.models.all[0];
    const kept = { ...draft('Draft project'), step: 'patterns' as const };
    await api.wizard.receive({ type: 'draftChanged', draft: kept });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('the wizard to close', () => !api.wizard.isOpen);
    assert.deepEqual(api.wizard.draftFor(store), kept);
    const rendered = nextRender(api, 'patterns');
    await vscode.commands.executeCommand('threatModeling.project.new');
    await rendered; // the restored draft opens on the step it was left at
  });

  it('refuses malformed and unknown messages without changing anything', async () => {
    const before = readFileSync(modelPath, 'utf8');
    const store = api.models.all[0];
    const kept = api.wizard.draftFor(store);
    await api.wizard.receive({ type: 'save', draft: { ...draft('X'), items: 'not a list' } });
    await api.wizard.receive({ type: 'deleteEverything' });
    await api.wizard.receive({ type: 'draftChanged', draft: { ...draft('X'), extra: true } });
    await api.wizard.receive({ type: 'save', draft: { ...draft('X'), details: { ...draft('X').details, name: 'x'.repeat(5_000) } } });
    assert.equal(readFileSync(modelPath, 'utf8'), before);
    assert.deepEqual(api.wizard.draftFor(store), kept);
  });

  it('saves a project with its items, patterns and requirements, stores hostile text verbatim, and keeps a change made meanwhile', async () => {
    const store = api.models.all[0];
    // Someone else changes the file just before the save: a comment and another project's goal.
    const changed = readFileSync(modelPath, 'utf8').replace('goal: Take card payments without storing card data.', 'goal: Take card payments, changed by a teammate.\n    # teammate note');
    writeFileSync(modelPath, changed);
    const saved = new Promise<string>((resolve) => {
      const l = api.wizard.onDidSave((e) => {
        l.dispose();
        resolve(e.projectId);
      });
    });
    await api.wizard.receive({ type: 'save', draft: draft(HOSTILE_NAME) });
    const projectId = await saved;

    const text = readFileSync(modelPath, 'utf8');
    assert.match(text, /changed by a teammate/);
    assert.match(text, /# teammate note/);
    const model = parse(text) as { projects: Array<Record<string, any>> };
    assert.equal(model.projects.length, 3, 'the two projects of the file and the new one');
    const project = model.projects.find((p) => p.id === projectId)!;
    assert.equal(project.name, HOSTILE_NAME);
    assert.match(project.id, /^[a-z0-9][a-z0-9._-]*$/);
    assert.equal(project.status, 'todo');
    assert.equal(project.estimatedHours, 16);
    assert.deepEqual(project.team, ['ana', 'joao']);
    assert.deepEqual(project.items.map((i: any) => i.name), ['Shop API', 'Shop UI']);
    assert.equal(project.items[0].description, 'Takes orders; description with {{constructor}} and </script> kept as text.');
    // The API had no choice made: it gets the pre-selected suggestions, SQL injection among them (PostgreSQL).
    assert.ok(project.items[0].attackPatterns.includes('CAPEC-66'), project.items[0].attackPatterns.join(' '));
    assert.deepEqual(project.items[1].attackPatterns, ['CAPEC-63', 'CAPEC-588', 'CAPEC-136']);
    assert.ok(project.requirements.length > 5);
    assert.ok(project.requirements.every((r: any) => r.status === 'todo' && r.because.length > 0));
    assert.ok(!project.requirements.some((r: any) => r.id === 'V3.2.1'), 'the unticked requirement is not added');
    assert.ok(project.requirements.some((r: any) => r.because.some((b: any) => b.item === project.items[1].id && b.capec === 'CAPEC-136')));
    assert.equal(project.history.length, 1);
    assert.equal(project.history[0].action, 'create-project');

    // The store shows it, the wizard closed and forgot the draft.
    await waitFor('the store to show the project', () => store.file?.model.projects.some((p) => p.id === projectId));
    await waitFor('the wizard to close', () => !api.wizard.isOpen);
    assert.equal(api.wizard.draftFor(store), undefined);
  });

  it('refuses a second project with the same name, with a message, and writes nothing', async () => {
    await vscode.commands.executeCommand('threatModeling.project.new');
    await waitFor('the wizard to open', () => api.wizard.isOpen);
    const before = readFileSync(modelPath, 'utf8');
    await api.wizard.receive({ type: 'save', draft: draft('Checkout service') });
    assert.equal(readFileSync(modelPath, 'utf8'), before);
  });
});

describe('project details and deletion', () => {
  const fixture = useFixtureModel();
  let api: ThreatModelingApi;
  let modelPath: string;
  before(() => ({ api, modelPath } = fixture));

  const ref = () => ({ folderUri: vscode.workspace.workspaceFolders![0].uri.toString(), projectId: 'checkout' });

  it('edits a project\'s details through the form, changing only what changed and recording it', async () => {
    const rendered = nextRender(api, 'save');
    await vscode.commands.executeCommand('threatModeling.project.editDetails', ref());
    await rendered;
    const before = readFileSync(modelPath, 'utf8');
    const saved = new Promise<void>((resolve) => {
      const l = api.wizard.onDidSave(() => {
        l.dispose();
        resolve();
      });
    });
    await api.wizard.receive({
      type: 'save',
      draft: { ...emptyDraft(), step: 'save', details: { name: 'Checkout service', estimatedHours: '30', goal: 'Take card payments without storing card data.', scope: 'The payments API and its database. The card vault is out of scope.', team: 'ana, joao, rita', tags: 'pci', assets: 'card data, order history' } },
    });
    await saved;
    const after = readFileSync(modelPath, 'utf8');
    assert.match(after, /estimatedHours: 30/);
    assert.match(after, /team: \[ana, joao, rita\]/);
    assert.match(after, /action: edit-details, note: "?estimatedHours, team changed/);
    // Everything else, comments included, is as it was.
    assert.equal(after.split('\n').filter((l) => !before.includes(l)).length, 3, 'two changed lines and one history entry');
    assert.match(after, /^# Threat model of the checkout system/);
  });

  it('refuses to delete a Done project and deletes another after the name is confirmed', async () => {
    const store = api.models.all[0];
    const doneText = readFileSync(modelPath, 'utf8').replace('    status: running\n', '    status: done\n');
    writeFileSync(modelPath, doneText);
    await store.reload();
    await vscode.commands.executeCommand('threatModeling.project.delete', ref(), { confirmedName: 'Checkout service' });
    assert.equal(readFileSync(modelPath, 'utf8'), doneText, 'a Done project stays');

    await vscode.commands.executeCommand('threatModeling.project.delete', { ...ref(), projectId: 'mobile-app' }, { confirmedName: 'wrong name' });
    assert.equal(readFileSync(modelPath, 'utf8'), doneText, 'a wrong name deletes nothing');

    await vscode.commands.executeCommand('threatModeling.project.delete', { ...ref(), projectId: 'mobile-app' }, { confirmedName: 'Mobile app' });
    const after = parse(readFileSync(modelPath, 'utf8')) as { projects: Array<{ id: string }> };
    assert.deepEqual(after.projects.map((p) => p.id), ['checkout']);
    await waitFor('the store to drop the project', () => store.file?.model.projects.length === 1);
  });
});

describe('edit architecture', () => {
  const fixture = useFixtureModel();
  let api: ThreatModelingApi;
  let modelPath: string;
  before(() => ({ api, modelPath } = fixture));

  it('adds an item and removes patterns whose requirements are Done and Running: asks, honours the answer, records it', async () => {
    const store = api.models.all[0];
    const ref = { folderUri: vscode.workspace.workspaceFolders![0].uri.toString(), projectId: 'checkout' };
    const rendered = nextRender(api, 'items');
    await vscode.commands.executeCommand('threatModeling.project.editArchitecture', ref);
    await rendered;
    const project = store.file!.model.projects.find((p) => p.id === 'checkout')!;
    const { draft } = architectureDraft(await api.catalogs.catalogs('5.0.0'), project);
    assert.deepEqual(draft.items.map((i) => i.patterns), [['CAPEC-66', 'CAPEC-88', 'CAPEC-115'], ['CAPEC-66']]);
    const asked: string[] = [];
    api.wizard.askAboutProgress = async (message) => {
      asked.push(message);
      return 'Keep Them';
    };
    // Drop OS command injection (its V1.2.5 is Done, with code evidence) and authentication bypass (V6.2.1 is Running).
    const edited = {
      ...draft,
      step: 'requirements' as const,
      items: [
        { ...draft.items[0], patterns: ['CAPEC-66'] },
        draft.items[1],
        { key: 'new-cache', name: 'Session cache', kind: 'cache', alsoKinds: [], technologies: ['Redis'], description: '', internetFacing: false, data: [], patterns: ['CAPEC-141'] },
      ],
    };
    const saved = new Promise<void>((resolve) => {
      const l = api.wizard.onDidSave(() => {
        l.dispose();
        resolve();
      });
    });
    await api.wizard.receive({ type: 'save', draft: edited });
    await saved;
    assert.equal(asked.length, 1, 'asked once');
    assert.match(asked[0], /V6\.2\.1/);
    assert.match(asked[0], /V1\.2\.5/);
    const text = readFileSync(modelPath, 'utf8');
    const after = (parse(text) as { projects: Array<Record<string, any>> }).projects.find((p) => p.id === 'checkout')!;
    assert.deepEqual(after.items.map((i: any) => i.id), ['payments-api', 'orders-db', 'session-cache']);
    assert.deepEqual(after.items[0].attackPatterns, ['CAPEC-66']);
    const done = after.requirements.find((r: any) => r.id === 'V1.2.5');
    assert.equal(done?.status, 'done', 'the Done requirement was kept, as answered, with its evidence');
    assert.equal(done?.evidence?.length, 1);
    assert.ok(after.requirements.some((r: any) => r.id === 'V6.2.1' && r.status === 'running'));
    assert.ok(after.requirements.some((r: any) => r.status === 'todo' && r.because?.some((b: any) => b.item === 'session-cache' && b.capec === 'CAPEC-141')), 'the new item brought its requirements');
    const entry = after.history.at(-1);
    assert.equal(entry.action, 'edit-architecture');
    assert.match(entry.note, /\+session-cache/);
    assert.match(entry.note, /kept with progress: .*V1\.2\.5/);
    assert.match(text, /# Ana is pairing with the identity team on this one\./);
    assert.match(text, /^# Threat model of the checkout system/);
  });

  it('removes them when that is the answer, and says so in the history', async () => {
    writeFileSync(modelPath, FIXTURE);
    const store = api.models.all[0];
    await store.reload();
    const ref = { folderUri: vscode.workspace.workspaceFolders![0].uri.toString(), projectId: 'checkout' };
    await vscode.commands.executeCommand('threatModeling.project.editArchitecture', ref);
    await waitFor('the wizard to open', () => api.wizard.isOpen);
    const project = store.file!.model.projects.find((p) => p.id === 'checkout')!;
    const { draft } = architectureDraft(await api.catalogs.catalogs('5.0.0'), project);
    api.wizard.askAboutProgress = async () => 'Remove Them';
    const saved = new Promise<void>((resolve) => {
      const l = api.wizard.onDidSave(() => {
        l.dispose();
        resolve();
      });
    });
    await api.wizard.receive({ type: 'save', draft: { ...draft, items: [{ ...draft.items[0], patterns: ['CAPEC-66', 'CAPEC-115'] }, draft.items[1]] } });
    await saved;
    const after = (parse(readFileSync(modelPath, 'utf8')) as { projects: Array<Record<string, any>> }).projects.find((p) => p.id === 'checkout')!;
    assert.ok(!after.requirements.some((r: any) => r.id === 'V1.2.5'), 'the Done requirement of the dropped pattern was removed, as answered');
    assert.match(after.history.at(-1).note, /had progress: .*V1\.2\.5/);
  });

  it('refuses to save over a change made to the project since the panel opened, and keeps that change', async () => {
    writeFileSync(modelPath, FIXTURE);
    const store = api.models.all[0];
    await store.reload();
    const ref = { folderUri: vscode.workspace.workspaceFolders![0].uri.toString(), projectId: 'checkout' };
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const rendered = nextRender(api, 'items');
    await vscode.commands.executeCommand('threatModeling.project.editArchitecture', ref);
    await rendered;
    const project = store.file!.model.projects.find((p) => p.id === 'checkout')!;
    const { draft } = architectureDraft(await api.catalogs.catalogs('5.0.0'), project);
    // Meanwhile, a teammate's item arrives with a pull.
    const pulled = readFileSync(modelPath, 'utf8').replace(
      '    requirements:\n      - id: V1.2.4',
      '      - id: audit-log\n        name: Audit log\n        kind: logging-monitoring\n    requirements:\n      - id: V1.2.4',
    );
    writeFileSync(modelPath, pulled);
    await store.reload();
    await api.wizard.receive({ type: 'save', draft: { ...draft, items: [{ ...draft.items[0], patterns: ['CAPEC-66'] }, draft.items[1]] } });
    assert.equal(readFileSync(modelPath, 'utf8'), pulled, 'nothing written; the teammate\'s item stays');
    assert.ok(api.wizard.isOpen, 'the panel stays open to say why');
  });
});
