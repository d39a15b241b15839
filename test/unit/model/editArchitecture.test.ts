// Editing a project's architecture: items added, removed and changed with the fewest edits, requirements
// following from their patterns (new ones To do, lost ones removed unless work was done on them), one
// history entry, and every other line and comment of the file as it was.
import * as assert from 'node:assert/strict';
import { applyChanges } from '../../../src/core/model/applyChanges';
import type { NewProjectItem } from '../../../src/core/model/createProject';
import { editArchitecture, type ArchitectureEdit, type ArchitecturePlan } from '../../../src/core/model/editArchitecture';
import { WorkflowError } from '../../../src/core/model/workflow';
import { changedLines, parseOk } from '../helpers';

const actor = { by: 'rita', at: '2026-11-27T15:00:00.000Z' };
const historyLine = (note: string) => `+      - { at: 2026-11-27T15:00:00.000Z, by: rita, action: edit-architecture, note: ${note} }`;

/** The shape of test/fixtures/workspace/threatmodel.yaml, with a few more items, comments and a Done project. */
const MODEL = `# Threat model of the checkout system. Reviewed by the security team every quarter.
version: 1
asvs: 5.0.0
projects:
  - id: checkout
    name: Checkout service
    status: running
    estimatedHours: 24
    goal: Take card payments without storing card data.
    team: [ana, joao]  # the core team
    tags: [pci]
    items:
      # The public entry point.
      - id: payments-api
        name: Payments API
        kind: rest-api
        technologies: [node, express, postgres]
        internetFacing: true
        attackPatterns: [CAPEC-66, CAPEC-88, CAPEC-115]
      - id: orders-db
        name: Orders database  # owned by the data team
        kind: database
        technologies:
          - postgres
          - pgbouncer  # pooled
        attackPatterns:
          - CAPEC-66
          - CAPEC-7  # blind SQL injection
      - id: legacy-export
        name: Legacy export
        kind: batch-job
        attackPatterns: [CAPEC-37]
        owner: data team
    requirements:
      - id: V1.2.4
        status: todo
        because: [{ item: payments-api, capec: CAPEC-66 }, { item: orders-db, capec: CAPEC-66 }]
      - id: V6.2.1
        status: running
        because: [{ item: payments-api, capec: CAPEC-115 }]
        # Ana is pairing with the identity team on this one.
      - id: V1.2.5
        status: done
        because: [{ item: payments-api, capec: CAPEC-88 }]
        evidence:
          - { type: code, path: src/db.ts, lines: [1, 6], note: no shell; arguments passed as a list }
      - id: V8.2.1
        status: not_applicable
        justification: The service has no user-facing authorization; the gateway enforces it.
      - id: V14.2.1
        status: todo
        because: [{ item: legacy-export, capec: CAPEC-37 }]
      - id: V11.1.1
        status: running
        because: [{ item: legacy-export, capec: CAPEC-37 }, { item: orders-db, capec: CAPEC-7 }]
    history:
      - { at: "2026-11-20T09:00:00Z", by: ana, action: project-status, from: todo, to: running }
  - id: mobile-app
    name: Mobile app
    status: todo
    items: []
    requirements:
      - id: V6.3.1
        status: todo
    history: []
  - id: archive
    name: Archive
    status: done
    items:
      - { id: store, name: Store, kind: database, attackPatterns: [CAPEC-66] }
    requirements:
      - { id: V1.2.4, status: todo, because: [{ item: store, capec: CAPEC-66 }] }
`;

/** A small catalog mapping, standing in for the ASVS edition's: pattern to requirements. */
const MAPPING: Readonly<Record<string, readonly string[]>> = {
  'CAPEC-66': ['V1.2.4'],
  'CAPEC-88': ['V1.2.5'],
  'CAPEC-115': ['V6.2.1'],
  'CAPEC-7': ['V11.1.1'],
  'CAPEC-37': ['V14.2.1', 'V11.1.1'],
  'CAPEC-63': ['V3.2.2', 'V1.2.4'],
  'CAPEC-593': ['V7.2.1'],
};

/** Requirements as the caller derives them (requirementsForItems): every {item, capec}, in item then pattern order. */
function derive(items: readonly NewProjectItem[]): ArchitectureEdit['requirements'] {
  const found = new Map<string, Array<{ item: string; capec: string }>>();
  for (const item of items) {
    for (const capec of item.attackPatterns) {
      for (const id of MAPPING[capec] ?? []) {
        const because = found.get(id) ?? [];
        if (!because.some((b) => b.item === item.id && b.capec === capec)) because.push({ item: item.id, capec });
        found.set(id, because);
      }
    }
  }
  return [...found].map(([id, because]) => ({ id, because }));
}

/** The checkout project's items as the file has them (what the editor starts from). */
const ITEMS: readonly NewProjectItem[] = [
  { id: 'payments-api', name: 'Payments API', kind: 'rest-api', technologies: ['node', 'express', 'postgres'], internetFacing: true, attackPatterns: ['CAPEC-66', 'CAPEC-88', 'CAPEC-115'] },
  { id: 'orders-db', name: 'Orders database', kind: 'database', technologies: ['postgres', 'pgbouncer'], attackPatterns: ['CAPEC-66', 'CAPEC-7'] },
  { id: 'legacy-export', name: 'Legacy export', kind: 'batch-job', attackPatterns: ['CAPEC-37'] },
];
const [API, DB, LEGACY] = ITEMS;
const CACHE: NewProjectItem = { id: 'session-cache', name: 'Session cache', kind: 'cache', technologies: ['redis'], attackPatterns: ['CAPEC-63', 'CAPEC-66'] };

/** The edit for these items, with the requirements derived from them. */
const editOf = (items: readonly NewProjectItem[]): ArchitectureEdit => ({ items, requirements: derive(items) });

function plan(text: string, items: readonly NewProjectItem[], options?: { removeWithProgress?: boolean }, projectId = 'checkout'): { plan: ArchitecturePlan; next: string } {
  const file = parseOk(text);
  const planned = editArchitecture(file, projectId, editOf(items), actor, options);
  // applyChanges reads the edited text back and checks it against the data and the schema.
  return { plan: planned, next: applyChanges(file, planned.changes).text };
}

/** The comments of a text, one per line that has one. */
const comments = (text: string) => text.split('\n').filter((l) => /^\s*#|\s#\s/.test(l));

function projectOf(text: string, id = 'checkout') {
  const project = parseOk(text).model.projects.find((p) => p.id === id);
  assert.ok(project);
  return project;
}

const causesOf = (text: string, requirement: string) => projectOf(text).requirements.find((r) => r.id === requirement)?.because;

/** Asserts that the edit is refused with `message` before any change is produced. */
function assertRefused(text: string, edit: ArchitectureEdit, message: RegExp, projectId = 'checkout'): void {
  const file = parseOk(text);
  let changes: unknown;
  assert.throws(
    () => (changes = editArchitecture(file, projectId, edit, actor).changes),
    (e: unknown) => e instanceof WorkflowError && message.test(e.message),
  );
  assert.equal(changes, undefined);
}

describe('editArchitecture', () => {
  it('adds an item, its new requirements To do and its causes to the requirements it shares', () => {
    const { plan: p, next } = plan(MODEL, [...ITEMS, CACHE]);
    assert.deepEqual(
      { added: p.addedItems, removed: p.removedItems, changed: p.changedItems, addedRequirements: p.addedRequirements, removedRequirements: p.removedRequirements, relinked: p.relinkedRequirements, withProgress: p.withProgress },
      { added: ['session-cache'], removed: [], changed: [], addedRequirements: ['V3.2.2'], removedRequirements: [], relinked: ['V1.2.4'], withProgress: [] },
    );
    assert.deepEqual(changedLines(MODEL, next), [
      '+      - id: session-cache',
      '+        name: Session cache',
      '+        kind: cache',
      '+        technologies: [ redis ]',
      '+        attackPatterns: [ CAPEC-63, CAPEC-66 ]',
      '-        because: [{ item: payments-api, capec: CAPEC-66 }, { item: orders-db, capec: CAPEC-66 }]',
      '+        because: [{item: payments-api, capec: CAPEC-66}, {item: orders-db, capec: CAPEC-66}, {item: session-cache, capec: CAPEC-63}, {item: session-cache, capec: CAPEC-66}]',
      '+      - id: V3.2.2',
      '+        status: todo',
      '+        because: [ { item: session-cache, capec: CAPEC-63 } ]',
      historyLine('items +session-cache; requirements +V3.2.2 ~V1.2.4'),
    ]);
    const project = projectOf(next);
    assert.deepEqual(project.items.at(-1), { id: 'session-cache', name: 'Session cache', kind: 'cache', technologies: ['redis'], attackPatterns: ['CAPEC-63', 'CAPEC-66'] });
    assert.deepEqual(
      project.requirements.map((r) => [r.id, r.status]),
      [['V1.2.4', 'todo'], ['V6.2.1', 'running'], ['V1.2.5', 'done'], ['V8.2.1', 'not_applicable'], ['V14.2.1', 'todo'], ['V11.1.1', 'running'], ['V3.2.2', 'todo']],
    );
    assert.deepEqual(causesOf(next, 'V1.2.4'), [
      { item: 'payments-api', capec: 'CAPEC-66' },
      { item: 'orders-db', capec: 'CAPEC-66' },
      { item: 'session-cache', capec: 'CAPEC-63' },
      { item: 'session-cache', capec: 'CAPEC-66' },
    ]);
    assert.deepEqual(comments(next), comments(MODEL));
  });

  it('removes the To do requirements of a dropped pattern and keeps one with progress, listed, without the lost cause', () => {
    const items = [{ ...API, attackPatterns: ['CAPEC-66', 'CAPEC-88'] }, DB, { ...LEGACY, attackPatterns: [] }];
    const { plan: p, next } = plan(MODEL, items);
    assert.deepEqual(p.changedItems, ['payments-api', 'legacy-export']);
    assert.deepEqual(p.removedRequirements, ['V14.2.1']);
    assert.deepEqual(p.withProgress, ['V6.2.1']);
    assert.deepEqual(p.relinkedRequirements, ['V11.1.1']);
    assert.deepEqual(changedLines(MODEL, next), [
      '-        attackPatterns: [CAPEC-66, CAPEC-88, CAPEC-115]',
      '+        attackPatterns: [CAPEC-66, CAPEC-88]',
      '-        attackPatterns: [CAPEC-37]',
      '+        attackPatterns: []',
      '-        because: [{ item: payments-api, capec: CAPEC-115 }]',
      '+        because: []',
      '-      - id: V14.2.1',
      '-        status: todo',
      '-        because: [{ item: legacy-export, capec: CAPEC-37 }]',
      '-        because: [{ item: legacy-export, capec: CAPEC-37 }, { item: orders-db, capec: CAPEC-7 }]',
      '+        because: [{item: orders-db, capec: CAPEC-7}]',
      historyLine('"items ~payments-api ~legacy-export; requirements -V14.2.1 ~V11.1.1 (kept with progress: V6.2.1)"'),
    ]);
    const kept = projectOf(next).requirements.find((r) => r.id === 'V6.2.1');
    assert.deepEqual([kept?.status, kept?.because], ['running', []]);
    assert.deepEqual(comments(next), comments(MODEL));
  });

  it('removes a requirement with progress too when asked, keeping the comment on the next line', () => {
    const items = [{ ...API, attackPatterns: ['CAPEC-66', 'CAPEC-88'] }, DB, LEGACY];
    const { plan: p, next } = plan(MODEL, items, { removeWithProgress: true });
    assert.deepEqual([p.removedRequirements, p.withProgress], [['V6.2.1'], ['V6.2.1']]);
    assert.deepEqual(changedLines(MODEL, next), [
      '-        attackPatterns: [CAPEC-66, CAPEC-88, CAPEC-115]',
      '+        attackPatterns: [CAPEC-66, CAPEC-88]',
      '-      - id: V6.2.1',
      '-        status: running',
      '-        because: [{ item: payments-api, capec: CAPEC-115 }]',
      historyLine('"items ~payments-api; requirements -V6.2.1 (had progress: V6.2.1)"'),
    ]);
    assert.match(next, /capec: CAPEC-66 \}\]\n        # Ana is pairing with the identity team on this one\.\n      - id: V1\.2\.5\n/);
    assert.deepEqual(comments(next), comments(MODEL));
  });

  it('removes an item: a requirement with progress it shares with another item keeps the other cause only', () => {
    const { plan: p, next } = plan(MODEL, [API, DB]);
    assert.deepEqual([p.removedItems, p.removedRequirements, p.relinkedRequirements, p.withProgress], [['legacy-export'], ['V14.2.1'], ['V11.1.1'], []]);
    assert.deepEqual(changedLines(MODEL, next), [
      '-      - id: legacy-export',
      '-        name: Legacy export',
      '-        kind: batch-job',
      '-        attackPatterns: [CAPEC-37]',
      '-        owner: data team',
      '-      - id: V14.2.1',
      '-        status: todo',
      '-        because: [{ item: legacy-export, capec: CAPEC-37 }]',
      '-        because: [{ item: legacy-export, capec: CAPEC-37 }, { item: orders-db, capec: CAPEC-7 }]',
      '+        because: [{item: orders-db, capec: CAPEC-7}]',
      historyLine('items -legacy-export; requirements -V14.2.1 ~V11.1.1'),
    ]);
    const v11 = projectOf(next).requirements.find((r) => r.id === 'V11.1.1');
    assert.deepEqual([v11?.status, v11?.because], ['running', [{ item: 'orders-db', capec: 'CAPEC-7' }]]);
  });

  it('removes an item whose requirement with progress has no other cause: kept, with "because: []", and listed', () => {
    const { plan: p, next } = plan(MODEL, [{ ...API, attackPatterns: ['CAPEC-66', 'CAPEC-115'] }, DB, LEGACY]);
    assert.deepEqual([p.removedRequirements, p.withProgress], [[], ['V1.2.5']]);
    const v125 = projectOf(next).requirements.find((r) => r.id === 'V1.2.5');
    assert.deepEqual([v125?.status, v125?.because, v125?.evidence?.length], ['done', [], 1]);

    // Removing every item: derived To do requirements go, the hand-added one and those with progress stay.
    const emptied = plan(MODEL, []);
    assert.deepEqual(emptied.plan.removedItems, ['payments-api', 'orders-db', 'legacy-export']);
    assert.deepEqual(emptied.plan.removedRequirements, ['V1.2.4', 'V14.2.1']);
    assert.deepEqual(emptied.plan.withProgress, ['V6.2.1', 'V1.2.5', 'V11.1.1']);
    const project = projectOf(emptied.next);
    assert.deepEqual(project.items, []);
    assert.deepEqual(project.requirements.map((r) => [r.id, r.because]), [['V6.2.1', []], ['V1.2.5', []], ['V8.2.1', undefined], ['V11.1.1', []]]);
    assert.match(emptied.next, /\n    items: \[\]\n      # The public entry point\.\n    requirements:\n/);
    // The comments on the removed items' own lines went with them; the one above the first item stays.
    assert.deepEqual(comments(emptied.next), comments(MODEL).filter((c) => !/owned by the data team|# pooled|blind SQL/.test(c)));
  });

  it('changes only the fields that differ, keeping the lines and comments of block lists', () => {
    const items = [
      { ...API, name: ' Payments gateway ', internetFacing: false, description: 'Takes card payments.\nNever stores them.' },
      { ...DB, technologies: ['postgres', 'pgbouncer', 'patroni'], attackPatterns: ['CAPEC-7', 'CAPEC-593'] },
      { ...LEGACY, kind: 'cron-job', alsoKinds: ['file-export'], technologies: [' bash '] },
    ];
    const { plan: p, next } = plan(MODEL, items);
    assert.deepEqual(p.changedItems, ['payments-api', 'orders-db', 'legacy-export']);
    assert.deepEqual(changedLines(MODEL, next), [
      '-        name: Payments API',
      '+        name: Payments gateway',
      '-        internetFacing: true',
      '+        internetFacing: false',
      '+        description: |-',
      '+          Takes card payments.',
      '+          Never stores them.',
      '+          - patroni',
      '-          - CAPEC-66',
      '+          - CAPEC-593',
      '-        kind: batch-job',
      '+        kind: cron-job',
      '+        alsoKinds: [ file-export ]',
      '+        technologies: [ bash ]',
      '-        because: [{ item: payments-api, capec: CAPEC-66 }, { item: orders-db, capec: CAPEC-66 }]',
      '+        because: [{item: payments-api, capec: CAPEC-66}]',
      '+      - id: V7.2.1',
      '+        status: todo',
      '+        because: [ { item: orders-db, capec: CAPEC-593 } ]',
      historyLine('items ~payments-api ~orders-db ~legacy-export; requirements +V7.2.1 ~V1.2.4'),
    ]);
    assert.match(next, /\n          - CAPEC-7 {2}# blind SQL injection\n          - CAPEC-593\n/);
    assert.match(next, /\n          - pgbouncer {2}# pooled\n          - patroni\n/);
    const [api, db, legacy] = projectOf(next).items;
    assert.deepEqual(api, { id: 'payments-api', name: 'Payments gateway', kind: 'rest-api', technologies: ['node', 'express', 'postgres'], internetFacing: false, attackPatterns: ['CAPEC-66', 'CAPEC-88', 'CAPEC-115'], description: 'Takes card payments.\nNever stores them.' });
    assert.deepEqual(db.attackPatterns, ['CAPEC-7', 'CAPEC-593']);
    assert.deepEqual(legacy, { id: 'legacy-export', name: 'Legacy export', kind: 'cron-job', attackPatterns: ['CAPEC-37'], owner: 'data team', alsoKinds: ['file-export'], technologies: ['bash'] });
    assert.deepEqual(comments(next), comments(MODEL));
  });

  it('clears fields left out, writes a flow list that loses and gains patterns whole, and keeps the pattern order', () => {
    const items = [{ ...API, technologies: undefined, internetFacing: undefined, attackPatterns: ['CAPEC-593', 'CAPEC-115', 'CAPEC-66'] }, { ...DB, technologies: [] }, LEGACY];
    const { plan: p, next } = plan(MODEL, items);
    assert.deepEqual(p.changedItems, ['payments-api', 'orders-db']);
    assert.deepEqual(p.withProgress, ['V1.2.5']);
    assert.deepEqual(changedLines(MODEL, next), [
      '-        technologies: [node, express, postgres]',
      '-        internetFacing: true',
      '-        attackPatterns: [CAPEC-66, CAPEC-88, CAPEC-115]',
      '+        attackPatterns: [CAPEC-66, CAPEC-115, CAPEC-593]',
      '-        technologies:',
      '-          - postgres',
      '-          - pgbouncer  # pooled',
      '-        because: [{ item: payments-api, capec: CAPEC-88 }]',
      '+        because: []',
      '+      - id: V7.2.1',
      '+        status: todo',
      '+        because: [ { item: payments-api, capec: CAPEC-593 } ]',
      historyLine('"items ~payments-api ~orders-db; requirements +V7.2.1 (kept with progress: V1.2.5)"'),
    ]);
  });

  it('adds the first items of a project with "items: []", leaving a hand-added requirement alone', () => {
    const { plan: p, next } = plan(MODEL, [CACHE], undefined, 'mobile-app');
    assert.deepEqual([p.addedItems, p.addedRequirements, p.removedRequirements], [['session-cache'], ['V3.2.2', 'V1.2.4'], []]);
    const project = projectOf(next, 'mobile-app');
    assert.deepEqual(project.items.map((i) => i.id), ['session-cache']);
    assert.deepEqual(project.requirements.map((r) => [r.id, r.status, r.because]), [
      ['V6.3.1', 'todo', undefined],
      ['V3.2.2', 'todo', [{ item: 'session-cache', capec: 'CAPEC-63' }]],
      ['V1.2.4', 'todo', [{ item: 'session-cache', capec: 'CAPEC-63' }, { item: 'session-cache', capec: 'CAPEC-66' }]],
    ]);
    assert.deepEqual(project.history, [{ at: actor.at, by: 'rita', action: 'edit-architecture', note: 'items +session-cache; requirements +V3.2.2 +V1.2.4' }]);
    assert.ok(next.startsWith(MODEL.slice(0, MODEL.indexOf('  - id: mobile-app'))), 'the checkout project is byte-identical');
    assert.ok(next.endsWith(MODEL.slice(MODEL.indexOf('  - id: archive'))), 'the archive project is byte-identical');
  });

  it('gives a hand-added requirement its causes once the architecture leads to it', () => {
    const text = 'version: 1\nprojects:\n  - id: p\n    name: P\n    items: []\n    requirements:\n      - id: V1.2.4  # by hand\n        status: running\n      - { id: V1.2.5, status: todo }\n    history: []\n';
    const { plan: p, next } = plan(text, [{ id: 'api', name: 'API', kind: 'rest-api', attackPatterns: ['CAPEC-66', 'CAPEC-88'] }], undefined, 'p');
    assert.deepEqual([p.addedRequirements, p.relinkedRequirements], [[], ['V1.2.4', 'V1.2.5']]);
    assert.equal(
      next,
      'version: 1\nprojects:\n  - id: p\n    name: P\n    items:\n      - id: api\n        name: API\n        kind: rest-api\n        attackPatterns: [ CAPEC-66, CAPEC-88 ]\n' +
        '    requirements:\n      - id: V1.2.4  # by hand\n        status: running\n        because: [ { item: api, capec: CAPEC-66 } ]\n' +
        '      - { id: V1.2.5, status: todo, because: [ { item: api, capec: CAPEC-88 } ] }\n' +
        '    history:\n      - { at: 2026-11-27T15:00:00.000Z, by: rita, action: edit-architecture, note: items +api; requirements ~V1.2.4 ~V1.2.5 }\n',
    );
  });

  it('rewrites a block "because" list in the derived order, keeping the entries that stay', () => {
    const text = MODEL.replace(
      '        because: [{ item: legacy-export, capec: CAPEC-37 }, { item: orders-db, capec: CAPEC-7 }]\n',
      '        because:  # two causes\n          - { item: legacy-export, capec: CAPEC-37 }\n          - item: orders-db\n            capec: CAPEC-7\n',
    );
    const { next } = plan(text, [API, DB, { ...LEGACY, attackPatterns: ['CAPEC-37', 'CAPEC-593'] }]);
    // Unchanged but for the new requirement: the causes of V11.1.1 are the same in another order.
    assert.match(next, /because: {2}# two causes\n {10}- \{ item: legacy-export, capec: CAPEC-37 \}\n {10}- item: orders-db\n/);
    const dropped = plan(text, [API, DB, { ...LEGACY, attackPatterns: ['CAPEC-593'] }]).next;
    assert.match(dropped, /\n      - id: V11\.1\.1\n        status: running\n        because: {2}# two causes\n {10}- item: orders-db\n {12}capec: CAPEC-7\n      - id: V7\.2\.1\n/);
    const added = plan(text, [API, { ...DB, attackPatterns: ['CAPEC-66', 'CAPEC-7', 'CAPEC-37'] }, LEGACY]).next;
    assert.deepEqual(causesOf(added, 'V11.1.1'), [
      { item: 'orders-db', capec: 'CAPEC-7' },
      { item: 'orders-db', capec: 'CAPEC-37' },
      { item: 'legacy-export', capec: 'CAPEC-37' },
    ]);
    assert.deepEqual(comments(added), comments(text));
  });

  it('stores hostile item names verbatim, new and renamed', () => {
    const names = ['<img src=x onerror=alert(1)>', '"; rm -rf / # : - [x]', '{{constructor.constructor("alert(1)")()}}', '*** ---', 'a: b, c', '--- x', "it's # not a comment"];
    for (const name of names) {
      const items = [{ ...API, name }, DB, LEGACY, { id: 'hostile', name: `${name} 2`, kind: name, technologies: [name], data: [name], description: `${name}\n${name}`, attackPatterns: [] }];
      const { next } = plan(MODEL, items);
      const project = projectOf(next);
      assert.equal(project.items[0].name, name);
      assert.deepEqual(project.items[3], { id: 'hostile', name: `${name} 2`, kind: name, description: `${name}\n${name}`, technologies: [name], data: [name] });
      assert.deepEqual(comments(next).filter((c) => !c.includes(name)), comments(MODEL));
    }
  });

  it('records one history entry, capped at 500 characters', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ id: `service-${i}`, name: `Service ${i}`, kind: 'service', attackPatterns: [] }));
    const { next } = plan(MODEL, [...ITEMS, ...many]);
    const history = projectOf(next).history;
    assert.equal(history.length, 2);
    const { note } = history[1];
    assert.equal(note?.length, 500);
    assert.ok(note?.startsWith('items +service-0 +service-1 '));
    assert.ok(note?.endsWith('…'));
  });

  it('refuses an edit that changes nothing, even with the patterns in another order', () => {
    const reordered = [{ ...API, attackPatterns: ['CAPEC-115', 'CAPEC-66', 'CAPEC-88'] }, DB, LEGACY];
    assertRefused(MODEL, editOf(reordered), /^Nothing changed: the architecture of "Checkout service" and its requirements are as they were\.$/);
    assertRefused(MODEL, { items: ITEMS, requirements: [...derive(ITEMS)].reverse() }, /^Nothing changed/);
    assertRefused(MODEL, editOf([{ ...API, name: ' Payments API ', technologies: ['node', ' express', 'postgres', ''] }, DB, LEGACY]), /^Nothing changed/);
  });

  it('refuses a Done project and an unknown one, producing nothing', () => {
    assertRefused(MODEL, editOf([{ id: 'store', name: 'Store', kind: 'database', attackPatterns: [] }]), /^Project "Archive" is Done and locked for review; reopen it to change its architecture\.$/, 'archive');
    assertRefused(MODEL, editOf(ITEMS), /^There is no project "nope" in the threat model\.$/, 'nope');
  });

  it('refuses invalid items and requirements before producing any change', () => {
    assertRefused(MODEL, editOf([API, { ...DB, id: 'Orders DB' }]), /"Orders DB", which is not a lower-case slug/);
    assertRefused(MODEL, editOf([API, { ...DB, id: 'payments-api' }]), /Two architecture items have the id "payments-api"/);
    assertRefused(MODEL, editOf([API, { ...DB, name: ' payments api ' }]), /Two architecture items are named "Payments API"; give each its own name\./);
    assertRefused(MODEL, editOf([API, { ...DB, name: '  ' }]), /Architecture item 2 \(orders-db\) needs a name/);
    assertRefused(MODEL, editOf([API, { ...DB, kind: '' }]), /"Orders database" needs a kind/);
    assertRefused(MODEL, editOf([{ ...API, attackPatterns: ['CAPEC-66', 'capec-88'] }]), /"capec-88" on architecture item "Payments API" is not a CAPEC id/);
    assertRefused(MODEL, editOf([{ ...API, technologies: 'node' as unknown as string[] }]), /"Payments API": technologies must be a list of text/);
    assertRefused(MODEL, { items: ITEMS, requirements: [{ id: '1.2.4', because: [{ item: 'orders-db', capec: 'CAPEC-66' }] }] }, /"1\.2\.4" is not an ASVS requirement id/);
    assertRefused(MODEL, { items: ITEMS, requirements: [...derive(ITEMS), derive(ITEMS)[0]] }, /Requirement V1\.2\.4 is listed twice/);
    assertRefused(MODEL, { items: [API, DB], requirements: derive(ITEMS) }, /refers to architecture item "legacy-export", which the edited architecture does not have/);
    assertRefused(MODEL, { items: ITEMS, requirements: [{ id: 'V1.2.4', because: [{ item: 'orders-db', capec: 'CAPEC-88' }] }] }, /CAPEC-88 on "orders-db", but that attack pattern is not selected for it/);
    assertRefused(MODEL, { items: ITEMS, requirements: [{ id: 'V1.2.4', because: [] }] }, /Requirement V1\.2\.4 does not say which item and attack pattern lead to it/);
  });
});
