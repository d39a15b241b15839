import * as assert from 'node:assert/strict';
import { applyChanges } from '../../../src/core/model/applyChanges';
import { changeProjectStatus, changeRequirementStatus } from '../../../src/core/model/operations';
import { parseModelFile } from '../../../src/core/model/parse';
import { WorkflowError } from '../../../src/core/model/workflow';
import { changedLines, fixtureText, parseOk } from '../helpers';

const actor = { by: 'joao', at: '2026-11-27T10:00:00.000Z' };

describe('applyChanges', () => {
  it('leaves an untouched file byte-identical', () => {
    const text = fixtureText();
    assert.equal(applyChanges(parseOk(text), []).text, text);
  });

  it('changes only the status line and appends one history line for a status change', () => {
    const text = fixtureText();
    const file = parseOk(text);
    const { text: next } = applyChanges(file, changeRequirementStatus(file, { projectId: 'checkout', requirementId: 'V1.2.4', to: 'running' }, actor));
    assert.deepEqual(changedLines(text, next), [
      '-        status: todo',
      '+        status: running',
      '+      - { at: 2026-11-27T10:00:00.000Z, by: joao, requirement: V1.2.4, from: todo, to: running }',
    ]);
    const reread = parseOk(next);
    assert.equal(reread.model.projects[0].requirements[0].status, 'running');
    assert.equal(reread.model.projects[0].history.at(-1)?.to, 'running');
  });

  it('keeps a comment next to a requirement through ten saves', () => {
    let text = fixtureText();
    const statuses = ['done', 'running'] as const;
    for (let i = 0; i < 10; i++) {
      const file = parseOk(text);
      const to = file.model.projects[0].requirements[1].status === 'running' ? statuses[0] : statuses[1];
      const changes = changeRequirementStatus(
        file,
        { projectId: 'checkout', requirementId: 'V6.2.1', to, evidence: to === 'done' ? [{ type: 'text', text: `check ${i}` }] : undefined },
        actor,
      );
      text = applyChanges(file, changes).text;
    }
    assert.match(text, /\n        # Ana is pairing with the identity team on this one\.\n/);
    assert.match(text, /^# Threat model of the checkout system/);
    assert.equal(parseOk(text).model.projects[0].history.length, 12);
  });

  it('writes justification, reason and evidence where the workflow needs them', () => {
    const file = parseOk(fixtureText());
    const na = applyChanges(file, changeRequirementStatus(file, { projectId: 'mobile-app', requirementId: 'V6.3.1', to: 'not_applicable', justification: 'No login on\nthe app' }, actor));
    const mobile = parseOk(na.text).model.projects[1];
    assert.equal(mobile.requirements[0].justification, 'No login on\nthe app');
    assert.equal(mobile.history[0].note, 'No login on\nthe app');
    assert.doesNotMatch(na.text, /history: \[\]/);

    const rejected = applyChanges(file, changeRequirementStatus(file, { projectId: 'checkout', requirementId: 'V1.2.5', to: 'not_according', reason: 'Query in reports.ts is concatenated' }, actor));
    assert.equal(parseOk(rejected.text).model.projects[0].requirements[2].reason, 'Query in reports.ts is concatenated');

    const done = applyChanges(file, changeRequirementStatus(file, { projectId: 'checkout', requirementId: 'V1.2.4', to: 'done', evidence: [{ type: 'code', path: 'src/db.ts', lines: [4, 6] }] }, actor));
    assert.deepEqual(parseOk(done.text).model.projects[0].requirements[0].evidence, [{ type: 'code', path: 'src/db.ts', lines: [4, 6] }]);
  });

  it('refuses what the workflow forbids, before touching the text', () => {
    const file = parseOk(fixtureText());
    const attempt = (to: 'done' | 'not_applicable' | 'not_according', extra = {}) => () =>
      changeRequirementStatus(file, { projectId: 'checkout', requirementId: 'V1.2.4', to, ...extra }, actor);
    assert.throws(attempt('done'), WorkflowError);
    assert.throws(attempt('done'), /Done needs evidence/);
    assert.throws(attempt('not_applicable', { justification: '   ' }), /justification/);
    assert.throws(attempt('not_according', { reason: 'bad' }), /only Done work can be rejected/);
  });

  it('locks the requirements of a Done project until it is reopened', () => {
    let file = parseOk(fixtureText());
    file = applyChanges(file, changeProjectStatus(file, { projectId: 'checkout', to: 'done' }, actor)).file;
    assert.throws(() => changeRequirementStatus(file, { projectId: 'checkout', requirementId: 'V1.2.4', to: 'running' }, actor), /locked/);
    file = applyChanges(file, changeProjectStatus(file, { projectId: 'checkout', to: 'running' }, actor)).file;
    assert.equal(file.model.projects[0].history.at(-1)?.action, 'reopen');
    assert.doesNotThrow(() => changeRequirementStatus(file, { projectId: 'checkout', requirementId: 'V1.2.4', to: 'running' }, actor));
  });

  it('adds a missing status or history key instead of failing', () => {
    const text = 'version: 1\nprojects:\n  - id: p\n    name: P\n    requirements:\n      - id: V1.1.1\n';
    const file = parseOk(text);
    const next = applyChanges(file, changeRequirementStatus(file, { projectId: 'p', requirementId: 'V1.1.1', to: 'running' }, actor)).text;
    assert.equal(next, text + '        status: running\n    history:\n      - { at: 2026-11-27T10:00:00.000Z, by: joao, requirement: V1.1.1, from: todo, to: running }\n');
  });

  it('handles a file without a final newline and with CRLF-free hand formatting', () => {
    const text = 'version: 1\nprojects:\n- id: p\n  name: P\n  requirements:\n  - id: V1.1.1\n    status: todo  # not started\n  history:\n  - {at: "2026-01-01T00:00:00Z", by: a, action: created}';
    const file = parseOk(text);
    const next = applyChanges(file, changeRequirementStatus(file, { projectId: 'p', requirementId: 'V1.1.1', to: 'running' }, actor)).text;
    assert.match(next, /status: running  # not started/);
    const result = parseModelFile(next);
    assert.ok(result.ok);
    assert.equal(result.file.model.projects[0].history.length, 2);
  });
});

describe('addAttackPattern', () => {
  // Imported here to keep the operation's tests next to the other edit tests.
  const { addAttackPatterns } = require('../../../src/core/model/addAttackPattern') as typeof import('../../../src/core/model/addAttackPattern');
  const addAttackPattern = (file: ReturnType<typeof parseOk>, r: { projectId: string; itemId: string; capecId: string; requirementIds: string[] }, a: typeof actor) =>
    addAttackPatterns(file, { projectId: r.projectId, itemId: r.itemId, patterns: [{ capecId: r.capecId, requirementIds: r.requirementIds }] }, a);

  it('records the pattern on the item and adds or links its requirements in a few lines', () => {
    const text = fixtureText();
    const file = parseOk(text);
    const plan = addAttackPattern(file, { projectId: 'checkout', itemId: 'orders-db', capecId: 'CAPEC-7', requirementIds: ['V1.2.4', 'V1.2.9'] }, actor);
    assert.deepEqual(plan.added, ['V1.2.9']);
    assert.deepEqual(plan.linked, ['V1.2.4']);
    const next = applyChanges(file, plan.changes).text;
    assert.deepEqual(changedLines(text, next), [
      '-        attackPatterns: [CAPEC-66]',
      '+        attackPatterns: [CAPEC-66, CAPEC-7]',
      '-        because: [{ item: payments-api, capec: CAPEC-66 }, { item: orders-db, capec: CAPEC-66 }]',
      '+        because: [{ item: payments-api, capec: CAPEC-66 }, { item: orders-db, capec: CAPEC-66 }, { item: orders-db, capec: CAPEC-7 }]',
      '+      - id: V1.2.9',
      '+        status: todo',
      '+        because: [ { item: orders-db, capec: CAPEC-7 } ]',
      '+      - { at: 2026-11-27T10:00:00.000Z, by: joao, action: add-attack-pattern, note: "CAPEC-7 on orders-db; 1 requirement(s) added, 1 linked" }',
    ]);
  });

  it('refuses a locked project and an item that does not exist', () => {
    const file = parseOk(fixtureText().replace('status: running\n    estimatedHours', 'status: done\n    estimatedHours'));
    assert.throws(() => addAttackPattern(file, { projectId: 'checkout', itemId: 'orders-db', capecId: 'CAPEC-7', requirementIds: [] }, actor), /locked/);
    const open = parseOk(fixtureText());
    assert.throws(() => addAttackPattern(open, { projectId: 'checkout', itemId: 'nope', capecId: 'CAPEC-7', requirementIds: [] }, actor), /no architecture item/);
  });

  it('adds several patterns in one change without duplicating shared requirements', () => {
    const file = parseOk(fixtureText());
    const plan = addAttackPatterns(
      file,
      {
        projectId: 'checkout',
        itemId: 'orders-db',
        patterns: [
          { capecId: 'CAPEC-7', requirementIds: ['V1.2.4', 'V1.2.9'] },
          { capecId: 'CAPEC-108', requirementIds: ['V1.2.9', 'V1.2.5'] },
        ],
      },
      actor,
    );
    assert.deepEqual(plan.added, ['V1.2.9']);
    assert.deepEqual(plan.linked.sort(), ['V1.2.4', 'V1.2.5']);
    const model = parseOk(applyChanges(file, plan.changes).text).model.projects[0];
    assert.deepEqual(model.items[1].attackPatterns, ['CAPEC-66', 'CAPEC-7', 'CAPEC-108']);
    assert.deepEqual(model.requirements.find((r) => r.id === 'V1.2.9')?.because, [
      { item: 'orders-db', capec: 'CAPEC-7' },
      { item: 'orders-db', capec: 'CAPEC-108' },
    ]);
    assert.equal(model.requirements.filter((r) => r.id === 'V1.2.9').length, 1);
  });
});
