// The "remove" change: a map key or a list entry goes with its own lines (block) or its own comma (flow);
// every other byte, comments included, stays. Paths of one change set all name the document before it.
import * as assert from 'node:assert/strict';
import { applyChanges } from '../../../src/core/model/applyChanges';
import type { ParsedModelFile } from '../../../src/core/model/parse';
import type { Change } from '../../../src/core/model/yamlPatch';
import { changedLines, fixtureText, parseOk } from '../helpers';

const remove = (...path: Array<string | number>): Change => ({ kind: 'remove', path });
const entry = { at: '2026-11-27T10:00:00.000Z', by: 'joao', action: 'note' };
const appendHistory = (project: number): Change => ({ kind: 'append', path: ['projects', project, 'history'], values: [entry], flow: true });

/** Applies the changes to `text` and returns the new text (which applyChanges has verified). */
function apply(text: string, changes: Change[]): string {
  return applyChanges(parseOk(text), changes).text;
}

/** The model data of a text, as plain data. */
function dataOf(text: string): { projects: Array<Record<string, unknown> & { requirements: Array<Record<string, unknown>>; history: unknown[] }> } {
  return parseOk(text).data as ReturnType<typeof dataOf>;
}

/** A one-project model: `body` is the project's keys after id and name, indented by four spaces. */
function model(body: string): string {
  return `version: 1\nprojects:\n  - id: p\n    name: P\n${body}`;
}

describe('remove: block lists', () => {
  it('deletes only the entry\'s own lines; the comment after them stays, byte for byte', () => {
    const text = fixtureText();
    const next = apply(text, [remove('projects', 0, 'requirements', 1)]);
    assert.deepEqual(changedLines(text, next), [
      '-      - id: V6.2.1',
      '-        status: running',
      '-        because: [{ item: payments-api, capec: CAPEC-115 }]',
    ]);
    assert.match(next, /capec: CAPEC-66 \}\]\n        # Ana is pairing with the identity team on this one\.\n      - id: V1\.2\.5\n/);
    assert.deepEqual(dataOf(next).projects[0].requirements.map((r) => r.id), ['V1.2.4', 'V1.2.5', 'V8.2.1']);
  });

  it('keeps the comments above, between and below a removed entry, and drops the one on its own line', () => {
    const text = model(
      [
        '    requirements:',
        '      # first: the query builder',
        '      - id: V1.1.1  # kept line',
        '        status: todo',
        '      # about the next one',
        '      - id: V1.1.2  # goes with its entry',
        '        # inside the entry: goes too',
        '        status: todo',
        '      # after it',
        '',
        '      - id: V1.1.3',
        '        status: todo',
        '    # the end of the list',
        '',
      ].join('\n'),
    );
    const next = apply(text, [remove('projects', 0, 'requirements', 1)]);
    assert.deepEqual(changedLines(text, next), ['-      - id: V1.1.2  # goes with its entry', '-        # inside the entry: goes too', '-        status: todo']);
    for (const kept of ['# first: the query builder', '# kept line', '# about the next one', '# after it', '# the end of the list']) assert.ok(next.includes(kept), kept);
  });

  it('removes the first and the last entry of a list', () => {
    const text = fixtureText();
    const first = apply(text, [remove('projects', 0, 'requirements', 0)]);
    assert.ok(changedLines(text, first).every((l) => l.startsWith('-')));
    assert.deepEqual(dataOf(first).projects[0].requirements.map((r) => r.id), ['V6.2.1', 'V1.2.5', 'V8.2.1']);
    const last = apply(text, [remove('projects', 0, 'history', 1)]);
    assert.deepEqual(changedLines(text, last), ['-      - { at: "2026-11-21T10:00:00Z", by: ana, requirement: V1.2.5, from: running, to: done }']);
  });

  it('leaves "key: []" when the last entry goes, before a comment on the key\'s line', () => {
    const text = fixtureText();
    const next = apply(text, [remove('projects', 1, 'requirements', 0)]);
    assert.deepEqual(changedLines(text, next), ['-    requirements:', '-      - id: V6.3.1', '-        status: todo', '+    requirements: []']);

    const commented = model('    history:  # written by the extension\n      - { at: "2026-01-01T00:00:00Z", by: a }\n      - { at: "2026-01-02T00:00:00Z", by: b }\n    # trailing\n');
    const emptied = apply(commented, [remove('projects', 0, 'history', 0), remove('projects', 0, 'history', 1)]);
    assert.equal(emptied, model('    history: []  # written by the extension\n    # trailing\n'));
    assert.deepEqual(dataOf(emptied).projects[0].history, []);
  });

  it('removes a whole project, keeping the other one and the file\'s comments', () => {
    const text = fixtureText();
    const next = apply(text, [remove('projects', 1)]);
    assert.ok(changedLines(text, next).every((l) => l.startsWith('-')));
    assert.ok(text.startsWith(next));
    assert.deepEqual(dataOf(next).projects.map((p) => p.id), ['checkout']);
  });

  it('keeps a CRLF file CRLF, touching only the removed lines', () => {
    const lf = fixtureText();
    const crlf = lf.replace(/\n/g, '\r\n');
    const changes = [remove('projects', 0, 'requirements', 1), remove('projects', 0, 'team', 1), remove('projects', 1, 'requirements', 0), remove('projects', 0, 'scope')];
    const next = apply(crlf, changes);
    assert.equal(next, apply(lf, changes).replace(/\n/g, '\r\n'));
    assert.doesNotMatch(next, /[^\r]\n/);
    assert.match(next, /\r\n    requirements: \[\]\r\n/);

    const commented = model('    requirements:\n      - id: V1.1.1  # temporary\n        status: todo\n      # stays\n      - id: V1.1.2\n').replace(/\n/g, '\r\n');
    assert.equal(apply(commented, [remove('projects', 0, 'requirements', 0)]), model('    requirements:\n      # stays\n      - id: V1.1.2\n').replace(/\n/g, '\r\n'));
  });
});

describe('remove: flow collections', () => {
  const patterns = (text: string) => /attackPatterns: (\[[^\]]*\])\n      - id: orders-db/.exec(text)![1];
  const cases: Array<[number[], string]> = [
    [[0], '[CAPEC-88, CAPEC-115]'],
    [[1], '[CAPEC-66, CAPEC-115]'],
    [[2], '[CAPEC-66, CAPEC-88]'],
    [[0, 1], '[CAPEC-115]'],
    [[1, 2], '[CAPEC-66]'],
    [[0, 2], '[CAPEC-88]'],
    [[0, 1, 2], '[]'],
  ];
  for (const [indexes, expected] of cases) {
    it(`[CAPEC-66, CAPEC-88, CAPEC-115] less entries ${indexes.join(' and ')} is ${expected}`, () => {
      const text = fixtureText();
      const next = apply(text, indexes.map((i) => remove('projects', 0, 'items', 0, 'attackPatterns', i)));
      assert.equal(patterns(next), expected);
      assert.equal(changedLines(text, next).length, 2, 'one line changed');
    });
  }

  it('keeps the padding of "[ a, b, c ]" and a comment after the brackets', () => {
    const text = model('    tags: [ pci, gdpr, sox ]  # compliance\n');
    assert.equal(apply(text, [remove('projects', 0, 'tags', 1)]), model('    tags: [ pci, sox ]  # compliance\n'));
    assert.equal(apply(text, [remove('projects', 0, 'tags', 2)]), model('    tags: [ pci, gdpr ]  # compliance\n'));
    assert.equal(apply(text, [remove('projects', 0, 'tags', 0), remove('projects', 0, 'tags', 1), remove('projects', 0, 'tags', 2)]), model('    tags: []  # compliance\n'));
  });

  it('removes keys of a flow mapping and entries of a list of flow mappings', () => {
    const text = fixtureText();
    const next = apply(text, [remove('projects', 0, 'history', 0, 'action'), remove('projects', 0, 'history', 1, 'to'), remove('projects', 0, 'requirements', 0, 'because', 0)]);
    assert.deepEqual(changedLines(text, next), [
      '-        because: [{ item: payments-api, capec: CAPEC-66 }, { item: orders-db, capec: CAPEC-66 }]',
      '+        because: [{ item: orders-db, capec: CAPEC-66 }]',
      '-      - { at: "2026-11-20T09:00:00Z", by: ana, action: project-status, from: todo, to: running }',
      '-      - { at: "2026-11-21T10:00:00Z", by: ana, requirement: V1.2.5, from: running, to: done }',
      '+      - { at: "2026-11-20T09:00:00Z", by: ana, from: todo, to: running }',
      '+      - { at: "2026-11-21T10:00:00Z", by: ana, requirement: V1.2.5, from: running }',
    ]);
  });

  it('refuses a removal that would take a comment on another line with it', () => {
    const text = model('    tags: [\n      pci,  # card data\n      gdpr ]\n');
    assert.throws(() => apply(text, [remove('projects', 0, 'tags', 1)]), /would have lost a comment; nothing was written/);
    // The first entry takes the comment on its own line with it.
    assert.equal(apply(text, [remove('projects', 0, 'tags', 0)]), model('    tags: [\n      gdpr ]\n'));
  });
});

describe('remove: mapping keys', () => {
  it('deletes a key with its value\'s lines, and a comment on them', () => {
    const text = model(
      [
        '    goal: Ship it.',
        '    # who works on it',
        '    team:  # the whole team',
        '      - ana',
        '      - joao  # part time',
        '    tags: [pci]',
        '',
      ].join('\n'),
    );
    const next = apply(text, [remove('projects', 0, 'team')]);
    assert.equal(next, model('    goal: Ship it.\n    # who works on it\n    tags: [pci]\n'));
    assert.equal(apply(text, [remove('projects', 0, 'goal'), remove('projects', 0, 'tags')]), model('    # who works on it\n    team:  # the whole team\n      - ana\n      - joao  # part time\n'));
  });

  it('moves the next key behind the "- " when the first key of a list entry goes', () => {
    const text = model('    requirements:\n      - note: check with ops\n        id: V1.1.1\n        status: todo\n');
    assert.equal(apply(text, [remove('projects', 0, 'requirements', 0, 'note')]), model('    requirements:\n      - id: V1.1.1\n        status: todo\n'));
  });

  it('leaves "key: {}" when the last key of a mapping goes', () => {
    const text = model('    custom:  # ours\n      reviewed: true\n      by: rita\n');
    assert.equal(apply(text, [remove('projects', 0, 'custom', 'reviewed'), remove('projects', 0, 'custom', 'by')]), model('    custom: {}  # ours\n'));
  });

  it('removes a multi-line value and a block scalar whole', () => {
    const text = model('    goal: |\n      Line one.\n      Line two.\n\n    scope: "a\n      b"\n    tags: [x]\n');
    const next = apply(text, [remove('projects', 0, 'goal'), remove('projects', 0, 'scope')]);
    assert.equal(next, model('\n    tags: [x]\n'));
  });
});

describe('remove: several changes in one set', () => {
  it('reads every index in the document before the change set', () => {
    const text = fixtureText();
    const next = apply(text, [
      remove('projects', 0, 'requirements', 0),
      remove('projects', 0, 'requirements', 2),
      // Requirement 3 of the old document (V8.2.1), now the second.
      { kind: 'set', path: ['projects', 0, 'requirements', 3, 'note'], value: 'kept' },
      remove('projects', 0, 'items', 0, 'attackPatterns', 1),
    ]);
    const project = dataOf(next).projects[0];
    assert.deepEqual(project.requirements.map((r) => [r.id, r.note]), [['V6.2.1', undefined], ['V8.2.1', 'kept']]);
    assert.match(next, /# Ana is pairing/);
  });

  it('removes adjacent entries and entries of two lists', () => {
    const text = fixtureText();
    const next = apply(text, [
      remove('projects', 0, 'requirements', 2),
      remove('projects', 0, 'requirements', 1),
      remove('projects', 0, 'items', 0, 'technologies', 2),
      remove('projects', 1, 'requirements', 0),
    ]);
    const [checkout, mobile] = dataOf(next).projects;
    assert.deepEqual(checkout.requirements.map((r) => r.id), ['V1.2.4', 'V8.2.1']);
    assert.deepEqual((checkout.items as Array<{ technologies: string[] }>)[0].technologies, ['node', 'express']);
    assert.deepEqual(mobile.requirements, []);
    assert.ok(changedLines(text, next).filter((l) => l.startsWith('+')).length === 2, 'two lines rewritten: the technologies and "requirements: []"');
  });

  it('adds a key to an entry just above a removed one', () => {
    const text = model('    requirements:\n      - id: V1.1.1\n        status: todo\n      - id: V1.1.2\n        status: todo\n');
    const next = apply(text, [remove('projects', 0, 'requirements', 1), { kind: 'set', path: ['projects', 0, 'requirements', 0, 'note'], value: 'merged with V1.1.2' }]);
    assert.equal(next, model('    requirements:\n      - id: V1.1.1\n        status: todo\n        note: merged with V1.1.2\n'));
  });

  it('removes a requirement and appends a history entry', () => {
    const text = fixtureText();
    const next = apply(text, [remove('projects', 0, 'requirements', 3), appendHistory(0)]);
    assert.deepEqual(changedLines(text, next), [
      '-      - id: V8.2.1',
      '-        status: not_applicable',
      '-        justification: The service has no user-facing authorization; the gateway enforces it.',
      '+      - { at: 2026-11-27T10:00:00.000Z, by: joao, action: note }',
    ]);
  });

  it('removes the last entries of a list and appends in their place, without "[]"', () => {
    const text = fixtureText();
    const replaced = apply(text, [remove('projects', 0, 'history', 1), appendHistory(0)]);
    assert.deepEqual(dataOf(replaced).projects[0].history.length, 2);
    const emptied = apply(text, [remove('projects', 0, 'history', 0), remove('projects', 0, 'history', 1), appendHistory(0)]);
    assert.match(emptied, /\n    history:\n      - \{ at: 2026-11-27T10:00:00\.000Z, by: joao, action: note \}\n  - id: mobile-app/);
  });

  it('removes a project and changes the next one, whose index moved', () => {
    const text = fixtureText();
    const next = apply(text, [remove('projects', 0), { kind: 'set', path: ['projects', 1, 'requirements', 0, 'status'], value: 'running' }, appendHistory(1)]);
    const projects = parseOk(next).model.projects;
    assert.deepEqual(projects.map((p) => [p.id, p.requirements[0].status, p.history.length]), [['mobile-app', 'running', 1]]);
    assert.match(next, /^# Threat model of the checkout system/);
  });

  it('refuses changes inside a removed entry, a second removal and a missing key, writing nothing', () => {
    const file = parseOk(fixtureText());
    assert.throws(() => applyChanges(file, [remove('projects', 0, 'requirements', 1), { kind: 'set', path: ['projects', 0, 'requirements', 1, 'status'], value: 'done' }]), /both removes projects\.0\.requirements\.1 and changes/);
    assert.throws(() => applyChanges(file, [remove('projects', 1), remove('projects', 1, 'requirements', 0)]), /both removes projects\.1/);
    assert.throws(() => applyChanges(file, [remove('projects', 1), remove('projects', 1)]), /removes projects\.1 twice/);
    assert.throws(() => applyChanges(file, [remove('projects', 0, 'team', 1), { kind: 'set', path: ['projects', 0, 'team'], value: ['rita'] }]), /both removes projects\.0\.team\.1 and changes projects\.0\.team/);
    assert.throws(() => applyChanges(file, [remove('projects', 1, 'goal')]), /nothing to remove at projects\.1\.goal/);
    assert.throws(() => applyChanges(file, [remove('projects', 5)]), /nothing to remove/);
  });
});

describe('remove: verification', () => {
  it('refuses a removal that does not read back as the data says', () => {
    // A file whose data disagrees with its text (as if the text changed under a stale parse): the edit
    // removes the entry the text has at index 0, the data expected the other one gone.
    const text = model('    requirements:\n      - id: V1.1.1\n        status: todo\n      - id: V1.1.2\n        status: todo\n');
    const file = parseOk(text);
    const data = structuredClone(file.data) as { projects: Array<{ requirements: unknown[] }> };
    data.projects[0].requirements.reverse();
    const stale: ParsedModelFile = { ...file, data };
    assert.throws(() => applyChanges(stale, [remove('projects', 0, 'requirements', 0)]), /did not read back as intended; nothing was written/);
    assert.throws(() => applyChanges(stale, [remove('projects', 0, 'requirements', 1)]), /did not read back as intended; nothing was written/);

    // Read back entry by entry: the removed entry is cut out as the data says, but the entry before it,
    // which its region reads back too, is not what the data says.
    const three = model('    requirements:\n      - id: V1.1.1\n        status: todo\n      - id: V1.1.2\n        status: todo\n      - id: V1.1.3\n        status: todo\n');
    const parsed = parseOk(three);
    const changed = structuredClone(parsed.data) as { projects: Array<{ requirements: Array<{ status: string }> }> };
    changed.projects[0].requirements[0].status = 'running';
    assert.throws(() => applyChanges({ ...parsed, data: changed }, [remove('projects', 0, 'requirements', 1)]), /did not read back as intended; nothing was written/);
    assert.doesNotThrow(() => applyChanges(parsed, [remove('projects', 0, 'requirements', 1)]));
  });

  it('refuses a removal whose leftover comment would fall into the block scalar above it', () => {
    const text = model('    requirements:\n      - id: V1.1.1\n        note: |\n          text\n      - id: V1.1.2\n            # deeper than the note\n      - id: V1.1.3\n');
    assert.throws(() => apply(text, [remove('projects', 0, 'requirements', 1)]), /did not read back as intended; nothing was written/);
    // The same comment under the last entry: the region reaches past it.
    const last = model('    requirements:\n      - id: V1.1.1\n        note: |\n          text\n      - id: V1.1.2\n            # deeper than the note\n    history: []\n');
    assert.throws(() => apply(last, [remove('projects', 0, 'requirements', 1)]), /did not read back as intended; nothing was written/);
  });
});
