// Shapes of hand-written YAML and situations found in review: each either edits minimally or refuses
// clearly, and never damages the file.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyChanges } from '../../../src/core/model/applyChanges';
import { NodeModelFileIO } from '../../../src/core/model/fileIO';
import { InvalidModelError, loadModelFile, updateModelFile } from '../../../src/core/model/modelFile';
import { addAttackPatterns } from '../../../src/core/model/addAttackPattern';
import { changeProjectStatus, changeRequirementStatus } from '../../../src/core/model/operations';
import { parseModelFile } from '../../../src/core/model/parse';
import { changedLines, fixtureText, parseOk } from '../helpers';

const actor = { by: 'rita', at: '2026-11-27T15:00:00.000Z' };
const HEAD = 'version: 1\nprojects:\n  - id: p\n    name: P\n    status: running\n';

describe('editing hand-written shapes', () => {
  it('replaces a folded block scalar without pulling the next key onto its line', () => {
    const text = `${HEAD}    requirements:\n      - id: V1.1.1\n        status: done\n        evidence: [{ type: text, text: tests }]\n        reason: >\n          an older rejection,\n          kept for the record\n        note: keep me\n`;
    const file = parseOk(text);
    const next = applyChanges(file, changeRequirementStatus(file, { projectId: 'p', requirementId: 'V1.1.1', to: 'not_according', reason: 'still no negative tests' }, actor)).text;
    const model = parseOk(next).model.projects[0];
    assert.equal(model.requirements[0].reason, 'still no negative tests');
    assert.equal((model.requirements[0] as Record<string, unknown>).note, 'keep me');
    assert.match(next, /\n        reason: still no negative tests\n        note: keep me\n/);
  });

  it('adds keys to a requirement written as a flow mapping, on its own line', () => {
    const text = `${HEAD}    requirements:\n      - { id: V1.1.1, status: running }\n`;
    const file = parseOk(text);
    const next = applyChanges(file, changeRequirementStatus(file, { projectId: 'p', requirementId: 'V1.1.1', to: 'done', evidence: [{ type: 'text', text: 'unit tests' }] }, actor)).text;
    assert.match(next, /\n      - \{ id: V1\.1\.1, status: done, evidence: \[\{ type: text, text: unit tests \}\] \}\n/);
    assert.equal(parseOk(next).model.projects[0].requirements[0].status, 'done');
  });

  it('keeps CRLF line endings in a CRLF file', () => {
    const text = fixtureText().replace(/\n/g, '\r\n');
    const file = parseOk(text);
    const next = applyChanges(file, changeRequirementStatus(file, { projectId: 'checkout', requirementId: 'V1.2.4', to: 'running' }, actor)).text;
    assert.equal(next.replace(/\r\n/g, '').includes('\n'), false, 'no bare LF');
    assert.deepEqual(changedLines(text.replace(/\r\n/g, '\n'), next.replace(/\r\n/g, '\n')).length, 3);
  });

  it('refuses, with a clear message, an edit that would drop a comment', () => {
    const text = `${HEAD}    requirements:\n      - id: V1.1.1\n        status: todo\n    history: [ # nothing yet\n      ]\n`;
    const file = parseOk(text);
    assert.throws(
      () => applyChanges(file, changeRequirementStatus(file, { projectId: 'p', requirementId: 'V1.1.1', to: 'running' }, actor)),
      /shape the extension does not edit .*nothing was written/,
    );
  });

  it('adds patterns to a project that has history but no requirements key yet', () => {
    const text = 'version: 1\nprojects:\n  - id: shop\n    name: Shop\n    items:\n      - { id: api, name: API, kind: rest-api }\n';
    let file = parseOk(text);
    file = applyChanges(file, changeProjectStatus(file, { projectId: 'shop', to: 'running' }, actor)).file;
    const plan = addAttackPatterns(file, { projectId: 'shop', itemId: 'api', patterns: [{ capecId: 'CAPEC-66', requirementIds: ['V1.2.4'] }] }, actor);
    const next = applyChanges(file, plan.changes);
    const project = next.file.model.projects[0];
    assert.deepEqual(project.requirements.map((r) => r.id), ['V1.2.4']);
    assert.equal(project.history.length, 2);
  });

  it('starts a project that has no status key and ends with its history', () => {
    const text = 'version: 1\nprojects:\n  - id: shop\n    name: Shop\n    history:\n      - { at: "2026-01-01T00:00:00Z", by: a, action: created }\n';
    const file = parseOk(text);
    const next = applyChanges(file, changeProjectStatus(file, { projectId: 'shop', to: 'running' }, actor)).file;
    assert.equal(next.model.projects[0].status, 'running');
    assert.equal(next.model.projects[0].history.length, 2);
  });

  it('quotes text with commas and brackets written into a flow mapping', () => {
    const text = `${HEAD}    requirements:\n      - { id: V1.1.1, status: todo }\n`;
    const file = parseOk(text);
    const justification = 'Not used, because [the gateway] does {it}';
    const next = applyChanges(file, changeRequirementStatus(file, { projectId: 'p', requirementId: 'V1.1.1', to: 'not_applicable', justification }, actor)).file;
    assert.equal(next.model.projects[0].requirements[0].justification, justification);
  });

  it('reports an attack pattern listed twice on an item', () => {
    const result = parseModelFile(fixtureText().replace('attackPatterns: [CAPEC-66]\n', 'attackPatterns: [CAPEC-66, CAPEC-66]\n'));
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.problems[0].message, /CAPEC-66 is listed twice/);
  });

  it('keeps a byte-order mark', () => {
    const text = '\uFEFF' + fixtureText();
    const file = parseOk(text);
    const next = applyChanges(file, changeRequirementStatus(file, { projectId: 'checkout', requirementId: 'V1.2.4', to: 'running' }, actor)).text;
    assert.ok(next.startsWith('\uFEFF# Threat model'));
  });
});

describe('workflow guards found in review', () => {
  it('refuses a change to a requirement that changed since the person looked at it', () => {
    const file = parseOk(fixtureText());
    assert.throws(
      () => changeRequirementStatus(file, { projectId: 'checkout', requirementId: 'V1.2.5', to: 'running', expectedFrom: 'todo' }, actor),
      /V1\.2\.5 changed meanwhile: it is now Done, not To do/,
    );
  });

  it('needs new evidence to mark a rejected requirement Done again', () => {
    const text = fixtureText().replace('status: done\n        because: [{ item: payments-api, capec: CAPEC-88 }]', 'status: not_according\n        reason: the list is built with a shell\n        because: [{ item: payments-api, capec: CAPEC-88 }]');
    const file = parseOk(text);
    assert.throws(() => changeRequirementStatus(file, { projectId: 'checkout', requirementId: 'V1.2.5', to: 'done' }, actor), /attach new evidence/);
    assert.doesNotThrow(() =>
      changeRequirementStatus(file, { projectId: 'checkout', requirementId: 'V1.2.5', to: 'done', evidence: [{ type: 'text', text: 'execFile now' }] }, actor),
    );
  });

  it('lists at most 100 problems, then says how many more there are', () => {
    const reqs = Array.from({ length: 300 }, (_, i) => `      - id: V1.1.${i}\n        status: bogus\n`).join('');
    const result = parseModelFile(`${HEAD}    requirements:\n${reqs}`);
    assert.equal(result.ok, false);
    const problems = result.ok ? [] : result.problems;
    assert.equal(problems.length, 101);
    assert.match(problems[100].message, /…and \d+ more problems not listed/);
  });
});

describe('model file encoding', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'tm-enc-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reports a Latin-1 file as invalid and never rewrites it', async () => {
    const path = join(dir, 'threatmodel.yaml');
    const latin1 = Buffer.from(fixtureText().replace('team: [ana, joao]', 'team: [João, Inês]'), 'latin1');
    writeFileSync(path, latin1);
    const loaded = await loadModelFile(new NodeModelFileIO(path));
    assert.equal(loaded.kind, 'invalid');
    assert.match(loaded.kind === 'invalid' ? loaded.problems[0].message : '', /not valid UTF-8/);
    await assert.rejects(
      updateModelFile(new NodeModelFileIO(path), (f) => changeRequirementStatus(f, { projectId: 'checkout', requirementId: 'V1.2.4', to: 'running' }, actor)),
      InvalidModelError,
    );
    assert.deepEqual(readFileSync(path), latin1);
  });
});
