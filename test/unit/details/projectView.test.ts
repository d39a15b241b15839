import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { clip, PROJECT_VIEW_LIMITS, projectView, requirementActions, type RequirementAction } from '../../../src/core/details/projectView';
import { REQUIREMENT_STATUSES, type RequirementStatus } from '../../../src/core/model/schema';
import { HostToProject, ProjectToHost } from '../../../src/protocol/projectPanel';
import { committedStore } from '../catalog/catalogPaths';
import { fixtureText, parseOk, REPO_ROOT } from '../helpers';

const catalogs = committedStore().catalogs('5.0.0');
const model = parseOk(fixtureText()).model;
const checkout = model.projects.find((p) => p.id === 'checkout')!;
const view = projectView(checkout, model.asvs, catalogs);
const MILLION = 1_000_000;

describe('project view', () => {
  it('counts the requirements per status, in workflow order, with the same figures as the tree', () => {
    assert.deepEqual(
      view.progress.segments.map((s) => [s.status, s.label, s.count]),
      [
        ['todo', 'To do', 1],
        ['running', 'Running', 1],
        ['not_according', 'Not According', 0],
        ['not_applicable', 'Not Applicable', 1],
        ['done', 'Done', 1],
      ],
    );
    assert.equal(view.progress.total, 4);
    assert.equal(view.progress.complete, 2, 'Done and Not Applicable count as complete');
    assert.equal(view.progress.percent, 50);
    assert.equal(view.progress.summary, '2 of 4 requirements complete (50%): 1 To do, 1 Running, 0 Not According, 1 Not Applicable, 1 Done.');
  });

  it('shows the project details as the file has them', () => {
    assert.equal(view.name, 'Checkout service');
    assert.equal(view.status, 'running');
    assert.equal(view.statusLabel, 'Running');
    assert.equal(view.locked, false);
    assert.equal(view.estimatedHours, 24);
    assert.equal(view.goal, 'Take card payments without storing card data.');
    assert.match(view.scope!, /card vault is out of scope/);
    assert.deepEqual([view.team, view.tags, view.assets], [['ana', 'joao'], ['pci'], ['card data', 'order history']]);
    assert.equal(view.edition, '5.0.0');
  });

  it('lists the items with their kind, technologies and attack patterns named from the catalog', () => {
    assert.deepEqual(
      view.items.map((i) => [i.id, i.name, i.kind, i.technologies, i.internetFacing]),
      [
        ['payments-api', 'Payments API', 'rest-api', ['node', 'express', 'postgres'], true],
        ['orders-db', 'Orders database', 'database', ['postgres'], false],
      ],
    );
    assert.deepEqual(view.items[0].patterns.map((p) => p.id), ['CAPEC-66', 'CAPEC-88', 'CAPEC-115']);
    assert.equal(view.items[0].patterns[0].name, 'SQL Injection');
  });

  it('gives each requirement its ASVS text and level, the items and patterns behind it, and its justification', () => {
    const [v124, , v125, v821] = view.requirements;
    assert.equal(v124.id, 'V1.2.4');
    assert.equal(v124.text, catalogs.asvs.requirement('V1.2.4')!.text);
    assert.equal(v124.level, catalogs.asvs.requirement('V1.2.4')!.level);
    assert.deepEqual(v124.because, [
      { item: 'payments-api', itemName: 'Payments API', capec: 'CAPEC-66' },
      { item: 'orders-db', itemName: 'Orders database', capec: 'CAPEC-66' },
    ]);
    assert.equal(v125.evidenceCount, 1);
    assert.equal(v821.statusLabel, 'Not Applicable');
    assert.match(v821.justification!, /gateway enforces it/);
    assert.deepEqual(v821.because, []);
  });

  it('offers on each requirement the actions the tree offers, and only Reveal when the project is Done', () => {
    assert.deepEqual(
      view.requirements.map((r) => [r.id, r.actions]),
      [
        ['V1.2.4', ['markRunning', 'markDone', 'markNotApplicable', 'reveal']],
        ['V6.2.1', ['markDone', 'markNotApplicable', 'markTodo', 'reveal']],
        ['V1.2.5', ['markRunning', 'markNotAccording', 'reveal']],
        ['V8.2.1', ['markRunning', 'markTodo', 'reveal']],
      ],
    );
    const done = projectView({ ...checkout, status: 'done' }, '5.0.0', catalogs);
    assert.equal(done.locked, true);
    assert.ok(done.requirements.every((r) => r.actions.join() === 'reveal'));
  });

  it('agrees with the Projects view menus of package.json for every status', () => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    const menus: Array<{ command: string; when: string; group?: string }> = manifest.contributes.menus['view/item/context'];
    const offered = (status: RequirementStatus): Set<string> => {
      const context = `requirement:${status}`;
      const out = new Set<string>();
      for (const m of menus) {
        if (!m.command.startsWith('threatModeling.requirement.') || !m.when.includes('view == threatModeling.projects')) continue;
        const regex = /viewItem =~ \/(.+?)\/(?: |$)/.exec(m.when)?.[1];
        const equal = /viewItem == ([^ ]+)/.exec(m.when)?.[1];
        if ((regex && new RegExp(regex).test(context)) || equal === context) out.add(m.command.slice('threatModeling.requirement.'.length));
      }
      return out;
    };
    for (const status of REQUIREMENT_STATUSES) {
      assert.deepEqual(new Set<RequirementAction>(requirementActions(status, false)), offered(status), status);
    }
  });

  it('lists the history newest first, with status labels', () => {
    assert.deepEqual(view.history, [
      { at: '2026-11-21T10:00:00Z', by: 'ana', requirement: 'V1.2.5', from: 'Running', to: 'Done' },
      { at: '2026-11-20T09:00:00Z', by: 'ana', action: 'project-status', from: 'To do', to: 'Running' },
    ]);
  });

  it('keeps the file order of history entries written at the same moment, later ones first', () => {
    const at = '2026-11-22T08:00:00Z';
    const history = [0, 1, 2].map((n) => ({ at, by: `p${n}` }));
    assert.deepEqual(projectView({ ...checkout, history }, '5.0.0', catalogs).history.map((h) => h.by), ['p2', 'p1', 'p0']);
  });

  it('lists every piece of evidence of every requirement, by position, openable when it names a workspace file', () => {
    const text = fixtureText().replace(
      '          - { type: code, path: src/db.ts, lines: [1, 6], note: no shell; arguments passed as a list }',
      '          - { type: code, path: src/db.ts, lines: [1, 6], note: no shell; arguments passed as a list }\n          - { type: file, path: docs/pentest.pdf }\n          - { type: text, text: "<b>Reviewed</b> by the team" }',
    );
    const project = parseOk(text).model.projects[0];
    assert.deepEqual(projectView(project, '5.0.0', catalogs).evidence, [
      { requirementId: 'V1.2.5', index: 0, type: 'code', path: 'src/db.ts', lines: [1, 6], note: 'no shell; arguments passed as a list', openable: true },
      { requirementId: 'V1.2.5', index: 1, type: 'file', path: 'docs/pentest.pdf', openable: true },
      { requirementId: 'V1.2.5', index: 2, type: 'text', text: '<b>Reviewed</b> by the team', openable: false },
    ]);
  });

  it('shows a requirement the edition does not have without text or level', () => {
    const project = { ...checkout, requirements: [{ id: 'V99.9.9', status: 'todo' as const }] };
    const [row] = projectView(project, '5.0.0', catalogs).requirements;
    assert.equal(row.text, undefined);
    assert.equal(row.level, undefined);
  });

  it('fits the protocol for the fixture projects', () => {
    for (const project of model.projects) {
      const message = { type: 'show', revision: 1, view: projectView(project, model.asvs, catalogs), readOnly: false };
      assert.deepEqual(HostToProject.parse(message), message);
    }
  });

  it('clips a huge hostile project to the caps, keeping the full counts', function () {
    this.timeout(60_000);
    // Within the 4 MB a model file may have: long strings where they count, many short entries elsewhere.
    const long = 'x'.repeat(6_000);
    const ids: string[] = [];
    for (let a = 1; ids.length < 3_000; a++) for (let b = 0; b < 100 && ids.length < 3_000; b++) ids.push(`V${a}.${b}.1`);
    const text = stringify({
      version: 1,
      asvs: '5.0.0',
      projects: [
        {
          id: 'big',
          name: 'Big',
          status: 'running',
          goal: long,
          team: Array.from({ length: 150 }, (_, i) => `person ${i} ${long.slice(0, 300)}`),
          items: [{ id: 'api', name: long, kind: long, technologies: new Array(300).fill('node') }],
          requirements: ids.map((id, i) => ({ id, status: i % 2 ? 'not_applicable' : 'todo', justification: i % 2 ? (i < 20 ? long : 'n/a') : undefined })),
          history: Array.from({ length: 3_000 }, (_, i) => ({ at: `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`, by: i < 5 ? long : 'ana', note: i < 5 ? long : undefined })),
        },
      ],
    });
    const big = projectView(parseOk(text).model.projects[0], '5.0.0', catalogs);
    const message = { type: 'show', revision: 2, view: big, readOnly: false };
    assert.ok(HostToProject.safeParse(message).success, JSON.stringify(HostToProject.safeParse(message).error?.issues[0]));
    assert.equal(big.requirements.length, PROJECT_VIEW_LIMITS.requirements);
    assert.equal(big.totals.requirements, 3_000);
    assert.equal(big.progress.total, 3_000);
    assert.equal(big.progress.segments.find((s) => s.status === 'not_applicable')!.count, 1_500);
    assert.equal(big.history.length, PROJECT_VIEW_LIMITS.history);
    assert.equal(big.team.length, PROJECT_VIEW_LIMITS.listItems);
    assert.ok(big.goal!.length <= PROJECT_VIEW_LIMITS.text && big.goal!.endsWith('…'));
    assert.ok(big.items[0].name.length <= PROJECT_VIEW_LIMITS.short);
    assert.ok(big.team.every((t) => t.length <= PROJECT_VIEW_LIMITS.short));
    assert.equal(big.items[0].technologies.length, PROJECT_VIEW_LIMITS.listItems);
  });

  it('never cuts a character in two', () => {
    assert.equal(clip('abc', 3), 'abc');
    assert.equal(clip('abcd', 3), 'ab…');
    assert.equal(clip('a😀b', 3), 'a…', 'the emoji is two UTF-16 units: it goes whole');
  });
});

describe('project panel protocol', () => {
  const valid: unknown[] = [
    { type: 'ready' },
    { type: 'rendered', revision: 3, tab: 'history' },
    { type: 'requirementAction', action: 'markRunning', requirementId: 'V1.2.4', expectedStatus: 'todo' },
    { type: 'openEvidence', requirementId: 'V1.2.5', index: 0 },
    { type: 'showDetails', kind: 'pattern', id: 'CAPEC-66' },
    { type: 'showDetails', kind: 'requirement', id: 'V1.2.4' },
  ];

  it('accepts the messages the webview sends', () => {
    for (const message of valid) assert.deepEqual(ProjectToHost.parse(message), message);
  });

  it('refuses extra keys, unknown actions, paths, and what is too big to be a message', () => {
    for (const message of valid) assert.equal(ProjectToHost.safeParse({ ...(message as object), extra: 1 }).success, false);
    const refused = [
      undefined,
      null,
      'ready',
      [],
      { type: 'requirementAction', action: 'deleteProject', requirementId: 'V1.2.4', expectedStatus: 'todo' },
      { type: 'requirementAction', action: 'markRunning', requirementId: 'V1.2.4; rm -rf', expectedStatus: 'todo' },
      { type: 'openEvidence', requirementId: 'V1.2.5', index: 0, path: '/etc/passwd' },
      { type: 'openEvidence', requirementId: 'V1.2.5', index: -1 },
      { type: 'openEvidence', requirementId: 'V1.2.5', index: MILLION },
      { type: 'showDetails', kind: 'cwe', id: 'CWE-89' },
      { type: 'rendered', revision: 1, tab: 'x'.repeat(MILLION) },
      new Array(MILLION).fill({ type: 'ready' }),
    ];
    for (const message of refused) assert.equal(ProjectToHost.safeParse(message).success, false, String(JSON.stringify(message)).slice(0, 100));
  });

  it('refuses a view with an unknown key or an oversized list', () => {
    assert.equal(HostToProject.safeParse({ type: 'show', revision: 1, view: { ...view, html: '<b>' }, readOnly: false }).success, false);
    const history = new Array(PROJECT_VIEW_LIMITS.history + 1).fill(view.history[0]);
    assert.equal(HostToProject.safeParse({ type: 'show', revision: 1, view: { ...view, history }, readOnly: false }).success, false);
  });
});
