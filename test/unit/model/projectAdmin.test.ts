import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyChanges } from '../../../src/core/model/applyChanges';
import type { NewProjectDetails } from '../../../src/core/model/createProject';
import { NodeModelFileIO } from '../../../src/core/model/fileIO';
import { updateModelFile } from '../../../src/core/model/modelFile';
import { deleteProject, updateProjectDetails } from '../../../src/core/model/projectAdmin';
import { WorkflowError } from '../../../src/core/model/workflow';
import { changedLines, fixtureText, parseOk } from '../helpers';

const actor = { by: 'rita', at: '2026-11-27T15:00:00.000Z' };
const historyLine = (note: string) => `+      - { at: 2026-11-27T15:00:00.000Z, by: rita, action: edit-details, note: "${note}" }`;

/** The checkout project's details as the fixture has them. */
const checkout: NewProjectDetails = {
  name: 'Checkout service',
  estimatedHours: 24,
  goal: 'Take card payments without storing card data.',
  scope: 'The payments API and its database. The card vault is out of scope.',
  team: ['ana', 'joao'],
  tags: ['pci'],
  assets: ['card data', 'order history'],
};

/** The fixture with the checkout project Done. */
const doneText = () => fixtureText().replace('status: running\n    estimatedHours', 'status: done\n    estimatedHours');

/** The comments of a text, one per line that has one. */
const comments = (text: string) => text.split('\n').filter((l) => /^\s*#|\s#\s/.test(l));

function update(text: string, projectId: string, details: NewProjectDetails): string {
  const file = parseOk(text);
  return applyChanges(file, updateProjectDetails(file, projectId, details, actor)).text;
}

function remove(text: string, projectId: string): string {
  const file = parseOk(text);
  return applyChanges(file, deleteProject(file, projectId)).text;
}

/** Asserts that `act` is refused with `message` and leaves `text` as it was. */
function assertRefused(text: string, act: (text: string) => string, message: RegExp): void {
  let result = text;
  assert.throws(() => (result = act(text)), (e: unknown) => e instanceof WorkflowError && message.test(e.message));
  assert.equal(result, text);
}

describe('deleteProject', () => {
  it('removes the last project with its lines only; the other project and every comment remain', () => {
    const text = fixtureText();
    const next = remove(text, 'mobile-app');
    assert.ok(text.startsWith(next), 'only the project\'s own lines, at the end, went');
    assert.deepEqual(changedLines(text, next), ['-  - id: mobile-app', '-    name: Mobile app', '-    status: todo', '-    items: []', '-    requirements:', '-      - id: V6.3.1', '-        status: todo', '-    history: []']);
    assert.deepEqual(comments(next), comments(text));
    assert.deepEqual(parseOk(next).model.projects.map((p) => p.id), ['checkout']);
  });

  it('removes the first project; the file\'s own comments and the next project stay byte-identical', () => {
    const text = fixtureText();
    const next = remove(text, 'checkout');
    assert.equal(next, text.slice(0, text.indexOf('  - id: checkout')) + text.slice(text.indexOf('  - id: mobile-app')));
    assert.match(next, /^# Threat model of the checkout system\. Reviewed by the security team every quarter\.\n/);
    assert.deepEqual(parseOk(next).model.projects.map((p) => p.id), ['mobile-app']);
  });

  it('removes the only project, leaving "projects: []"', () => {
    const once = remove(fixtureText(), 'mobile-app');
    const twice = remove(once, 'checkout');
    assert.equal(twice, '# Threat model of the checkout system. Reviewed by the security team every quarter.\nversion: 1\nasvs: 5.0.0\nprojects: []\n');
  });

  it('refuses a Done project and an unknown id, producing no change', () => {
    assertRefused(doneText(), (t) => remove(t, 'checkout'), /^Project "Checkout service" is Done and locked for review, so it cannot be deleted\. Reopen it first\.$/);
    assertRefused(fixtureText(), (t) => remove(t, 'nope'), /^There is no project "nope" in the threat model\.$/);
  });

  it('leaves a Done project\'s file on disk byte-identical', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-admin-'));
    try {
      const path = join(dir, 'threatmodel.yaml');
      writeFileSync(path, doneText());
      const before = readFileSync(path);
      await assert.rejects(updateModelFile(new NodeModelFileIO(path), (f) => deleteProject(f, 'checkout')), WorkflowError);
      assert.deepEqual(readFileSync(path), before);
      // The other project, not Done, goes.
      await updateModelFile(new NodeModelFileIO(path), (f) => deleteProject(f, 'mobile-app'));
      assert.deepEqual(parseOk(readFileSync(path, 'utf8')).model.projects.map((p) => p.id), ['checkout']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('updateProjectDetails', () => {
  it('edits only the changed fields and records them in one history entry', () => {
    const text = fixtureText();
    const next = update(text, 'checkout', { ...checkout, name: ' Checkout API ', goal: 'Take card payments;\nstore no card data.' });
    assert.deepEqual(changedLines(text, next), [
      '-    name: Checkout service',
      '+    name: Checkout API',
      '-    goal: Take card payments without storing card data.',
      '+    goal: "Take card payments;\\nstore no card data."',
      historyLine('name, goal changed'),
    ]);
    const project = parseOk(next).model.projects[0];
    assert.equal(project.id, 'checkout', 'the id never changes');
    assert.deepEqual(project.history.at(-1), { at: actor.at, by: 'rita', action: 'edit-details', note: 'name, goal changed' });
    assert.equal(project.goal, 'Take card payments;\nstore no card data.');
    assert.match(next, /# Ana is pairing with the identity team on this one\./);
  });

  it('removes the optional fields that were cleared', () => {
    const text = fixtureText();
    const { estimatedHours: _hours, scope: _scope, ...rest } = checkout;
    const next = update(text, 'checkout', { ...rest, goal: '   ', tags: [], assets: [] });
    assert.deepEqual(changedLines(text, next), [
      '-    estimatedHours: 24',
      '-    goal: Take card payments without storing card data.',
      '-    scope: The payments API and its database. The card vault is out of scope.',
      '-    tags: [pci]',
      '-    assets: [card data, order history]',
      historyLine('estimatedHours, goal, scope, tags, assets changed'),
    ]);
    const written = (parseOk(next).data as { projects: Array<Record<string, unknown>> }).projects[0];
    for (const key of ['estimatedHours', 'goal', 'scope', 'tags', 'assets']) assert.ok(!(key in written), key);
  });

  it('rewrites a flow list in its own style, and adds missing fields', () => {
    const text = fixtureText();
    const next = update(text, 'checkout', { ...checkout, team: ['ana', ' rita '], estimatedHours: 0 });
    assert.deepEqual(changedLines(text, next), ['-    estimatedHours: 24', '+    estimatedHours: 0', '-    team: [ana, joao]', '+    team: [ana, rita]', historyLine('estimatedHours, team changed')]);

    const mobile = update(text, 'mobile-app', { name: 'Mobile app', goal: 'Ship it', tags: ['ios', 'a, b'] });
    assert.ok(changedLines(text, mobile).every((l) => l.startsWith('+') || l === '-    history: []'));
    const project = parseOk(mobile).model.projects[1];
    assert.equal(project.goal, 'Ship it');
    assert.deepEqual(project.tags, ['ios', 'a, b']);
    assert.match(mobile, /\n    tags: \[ ios, "a, b" \]\n/);
    assert.deepEqual(project.history.map((h) => h.note), ['goal, tags changed']);
  });

  it('keeps the lines and comments of a block list, removing and appending entries', () => {
    const text = 'version: 1\nprojects:\n  - id: p\n    name: P\n    team:  # who\n      - ana  # lead\n      - joao\n      # on leave\n      - lu\n    history: []\n';
    const next = update(text, 'p', { name: 'P', team: ['ana', 'lu', 'rita'] });
    assert.equal(next, 'version: 1\nprojects:\n  - id: p\n    name: P\n    team:  # who\n      - ana  # lead\n      # on leave\n      - lu\n      - rita\n    history:\n      - { at: 2026-11-27T15:00:00.000Z, by: rita, action: edit-details, note: team changed }\n');
    assert.deepEqual(parseOk(update(text, 'p', { name: 'P', team: ['lu', 'ana'] })).model.projects[0].team, ['lu', 'ana']);
    assert.deepEqual(parseOk(update(text, 'p', { name: 'P', team: ['zoe'] })).model.projects[0].team, ['zoe']);
  });

  it('refuses a name another project has, but not the project\'s own', () => {
    assertRefused(fixtureText(), (t) => update(t, 'checkout', { ...checkout, name: 'mobile APP' }), /A project named "Mobile app" already exists/);
    assertRefused(fixtureText(), (t) => update(t, 'checkout', { ...checkout, name: '' }), /Give the project a name/);
    assertRefused(fixtureText(), (t) => update(t, 'checkout', { ...checkout, estimatedHours: -1 }), /Estimated hours must be a number from 0 to 100000/);
    const renamed = parseOk(update(fixtureText(), 'checkout', { ...checkout, name: 'CHECKOUT SERVICE' })).model.projects[0];
    assert.deepEqual([renamed.id, renamed.name], ['checkout', 'CHECKOUT SERVICE']);
    // The id never changes on a rename, so a name whose slug is another project's id is fine.
    const slugged = parseOk(update(fixtureText(), 'checkout', { ...checkout, name: 'Mobile-App' })).model.projects[0];
    assert.deepEqual([slugged.id, slugged.name], ['checkout', 'Mobile-App']);
  });

  it('stores hostile strings verbatim', () => {
    const hostile = ['<img src=x onerror=alert(1)>', '{{constructor.constructor("alert(1)")()}}', '"; rm -rf / # : - [x]', '*** --- &a *a !!str', "it's, [really] {fine}"];
    for (const value of hostile) {
      const next = update(fixtureText(), 'checkout', { ...checkout, name: value, goal: `${value}\n# not a comment\n${value}`, scope: value, team: [value, 'ana'], tags: [value], assets: [value] });
      const project = parseOk(next).model.projects[0];
      assert.deepEqual(
        [project.name, project.goal, project.scope, project.team, project.tags, project.assets],
        [value, `${value}\n# not a comment\n${value}`, value, [value, 'ana'], [value], [value]],
        value,
      );
      assert.equal(project.id, 'checkout');
    }
  });

  it('refuses a Done project and says when nothing changed', () => {
    assertRefused(doneText(), (t) => update(t, 'checkout', { ...checkout, name: 'Other' }), /^Project "Checkout service" is Done and locked for review; reopen it to change its details\.$/);
    assertRefused(fixtureText(), (t) => update(t, 'nope', checkout), /There is no project "nope"/);
    assertRefused(fixtureText(), (t) => update(t, 'checkout', checkout), /^Nothing changed/);
    assertRefused(fixtureText(), (t) => update(t, 'checkout', { ...checkout, name: ' Checkout service ', team: [' ana', 'joao '] }), /^Nothing changed/);
    assertRefused(fixtureText(), (t) => update(t, 'mobile-app', { name: 'Mobile app', goal: ' ', team: [] }), /^Nothing changed/);
  });
});
