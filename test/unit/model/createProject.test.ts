import * as assert from 'node:assert/strict';
import { applyChanges } from '../../../src/core/model/applyChanges';
import { createProject, itemIdsFor, projectIdFor, validateProjectDetails, type NewProjectRequest } from '../../../src/core/model/createProject';
import { changeProjectStatus } from '../../../src/core/model/operations';
import { WorkflowError } from '../../../src/core/model/workflow';
import { changedLines, fixtureText, parseOk } from '../helpers';

const actor = { by: 'rita', at: '2026-11-27T15:00:00.000Z' };
const SLUG = /^[a-z0-9][a-z0-9._-]{0,63}$/;

const request: NewProjectRequest = {
  details: { name: '  Billing portal ', estimatedHours: 16, goal: ' Invoices without leaking them. ', team: [' ana ', 'rita'], tags: ['gdpr'] },
  items: [
    { id: 'billing-api', name: 'Billing API', kind: 'rest-api', technologies: ['node'], internetFacing: true, attackPatterns: ['CAPEC-66', 'CAPEC-115', 'CAPEC-66'] },
    { id: 'invoices-db', name: 'Invoices database', kind: 'database', attackPatterns: ['CAPEC-66'] },
  ],
  requirements: [
    { id: 'V1.2.4', because: [{ item: 'billing-api', capec: 'CAPEC-66' }, { item: 'invoices-db', capec: 'CAPEC-66' }] },
    { id: 'V6.2.1', because: [{ item: 'billing-api', capec: 'CAPEC-115' }] },
  ],
};

/** The request with other details, items or requirements. */
function withRequest(change: Partial<NewProjectRequest>): NewProjectRequest {
  return { ...request, ...change };
}

/** Creates the project in `text` and returns the new text; a refusal leaves `text` as it was. */
function create(text: string, req: NewProjectRequest): string {
  const file = parseOk(text);
  return applyChanges(file, createProject(file, req, actor).changes).text;
}

/** Asserts that the request is refused with `message`, before any change is produced. */
function assertRefused(req: NewProjectRequest, message: RegExp, text = fixtureText()): void {
  let result = text;
  assert.throws(() => (result = create(text, req)), (e: unknown) => e instanceof WorkflowError && message.test(e.message));
  assert.equal(result, text);
}

describe('createProject', () => {
  it('appends the project after the existing ones, keeping every comment and line of the file', () => {
    const text = fixtureText();
    const file = parseOk(text);
    const { changes, projectId } = createProject(file, request, actor);
    const next = applyChanges(file, changes).text;

    assert.equal(projectId, 'billing-portal');
    assert.ok(changedLines(text, next).every((line) => line.startsWith('+')), 'only added lines');
    assert.ok(next.startsWith(text), 'the new project comes after everything that was there');
    assert.match(next, /^# Threat model of the checkout system/);
    assert.match(next, /\n        # Ana is pairing with the identity team on this one\.\n/);
    const model = parseOk(next).model;
    assert.deepEqual(model.projects.map((p) => p.id), ['checkout', 'mobile-app', 'billing-portal']);
  });

  it('writes the details trimmed and leaves out what was not given', () => {
    const project = parseOk(create(fixtureText(), request)).data as { projects: Record<string, unknown>[] };
    const written = project.projects[2];
    assert.deepEqual(Object.keys(written), ['id', 'name', 'status', 'estimatedHours', 'goal', 'team', 'tags', 'items', 'requirements', 'history']);
    assert.equal(written.name, 'Billing portal');
    assert.equal(written.status, 'todo');
    assert.equal(written.goal, 'Invoices without leaking them.');
    assert.deepEqual(written.team, ['ana', 'rita']);
    assert.deepEqual(written.items, [
      { id: 'billing-api', name: 'Billing API', kind: 'rest-api', technologies: ['node'], internetFacing: true, attackPatterns: ['CAPEC-66', 'CAPEC-115'] },
      { id: 'invoices-db', name: 'Invoices database', kind: 'database', attackPatterns: ['CAPEC-66'] },
    ]);
  });

  it('adds the requirements as To do with the items and patterns that led to them', () => {
    const project = parseOk(create(fixtureText(), request)).model.projects[2];
    assert.deepEqual(
      project.requirements.map((r) => [r.id, r.status, r.because]),
      [
        ['V1.2.4', 'todo', [{ item: 'billing-api', capec: 'CAPEC-66' }, { item: 'invoices-db', capec: 'CAPEC-66' }]],
        ['V6.2.1', 'todo', [{ item: 'billing-api', capec: 'CAPEC-115' }]],
      ],
    );
  });

  it('records exactly one history entry, and later entries each get their own line', () => {
    const next = create(fixtureText(), request);
    const project = parseOk(next).model.projects[2];
    assert.deepEqual(project.history, [{ at: actor.at, by: 'rita', action: 'create-project', note: '2 item(s), 3 attack pattern(s), 2 requirement(s)' }]);
    assert.match(next, /because: \[ \{ item: billing-api, capec: CAPEC-66 \}, \{ item: invoices-db, capec: CAPEC-66 \} \]\n/);

    const file = parseOk(next);
    const started = applyChanges(file, changeProjectStatus(file, { projectId: 'billing-portal', to: 'running' }, actor)).text;
    assert.deepEqual(changedLines(next, started), [
      '-    status: todo',
      '+    status: running',
      '+      - { at: 2026-11-27T15:00:00.000Z, by: rita, action: project-status, from: todo, to: running }',
    ]);
  });

  it('creates the first project of a file with an empty or missing project list', () => {
    for (const text of ['version: 1\nasvs: 5.0.0\nprojects: []\n', '# kept\nversion: 1\n']) {
      const next = create(text, withRequest({ details: { name: 'Shop' }, items: [], requirements: [] }));
      const model = parseOk(next).model;
      assert.deepEqual(model.projects.map((p) => [p.id, p.name, p.status, p.items.length, p.requirements.length, p.history.length]), [['shop', 'Shop', 'todo', 0, 0, 1]]);
      assert.equal(model.projects[0].history[0].note, '0 item(s), 0 attack pattern(s), 0 requirement(s)');
      assert.ok(next.startsWith(text.replace(' []\n', '')));
    }
  });

  it('stores a hostile name verbatim and gives it a safe slug id', () => {
    for (const name of ['<img src=x onerror=alert(1)>', 'Shop </script><script>alert(1)</script> {{constructor}}', '{{constructor.constructor("alert(1)")()}}', '*** ---', '"; rm -rf / # : - [x]']) {
      const next = create(fixtureText(), withRequest({ details: { name, goal: `${name}\n${name}`, tags: [name] } }));
      const project = parseOk(next).model.projects[2];
      assert.equal(project.name, name);
      assert.equal(project.goal, `${name}\n${name}`);
      assert.deepEqual(project.tags, [name]);
      assert.match(project.id, SLUG);
    }
    const file = parseOk(fixtureText());
    assert.equal(createProject(file, withRequest({ details: { name: '<img src=x onerror=alert(1)>' } }), actor).projectId, 'img-src-x-onerror-alert-1');
  });

  it('refuses a name another project has, or whose id another project uses, naming it', () => {
    assertRefused(withRequest({ details: { name: 'checkout SERVICE ' } }), /A project named "Checkout service" already exists/);
    assertRefused(withRequest({ details: { name: 'Mobile-App!' } }), /"Mobile-App!" would get the id mobile-app, which project "Mobile app" already uses/);
  });

  it('refuses hours that are negative, not a number or absurd', () => {
    for (const estimatedHours of [-1, Number.NaN, Number.POSITIVE_INFINITY, 100_001]) {
      assertRefused(withRequest({ details: { name: 'Shop', estimatedHours } }), /Estimated hours must be a number from 0 to 100000/);
    }
    assert.equal(parseOk(create(fixtureText(), withRequest({ details: { name: 'Shop', estimatedHours: 0 } }))).model.projects[2].estimatedHours, 0);
  });

  it('refuses a requirement caused by an item the request does not have', () => {
    assertRefused(
      withRequest({ requirements: [{ id: 'V1.2.4', because: [{ item: 'payments-api', capec: 'CAPEC-66' }] }] }),
      /V1\.2\.4 refers to architecture item "payments-api", which the new project does not have/,
    );
  });

  it('refuses malformed items and requirements before producing any change', () => {
    const [api, db] = request.items;
    assertRefused(withRequest({ items: [{ ...api, id: 'Billing API' }] }), /"Billing API", which is not a lower-case slug/);
    assertRefused(withRequest({ items: [api, { ...db, id: 'billing-api' }] }), /Two architecture items have the id "billing-api"/);
    assertRefused(withRequest({ items: [{ ...api, name: '  ' }, db] }), /Architecture item 1 \(billing-api\) needs a name/);
    assertRefused(withRequest({ items: [api, { ...db, kind: '' }] }), /"Invoices database" needs a kind/);
    assertRefused(withRequest({ items: [{ ...api, attackPatterns: ['CAPEC-66', 'capec-115'] }, db] }), /"capec-115" on architecture item "Billing API" is not a CAPEC id/);
    assertRefused(withRequest({ requirements: [{ id: '1.2.4', because: [] }] }), /"1\.2\.4" is not an ASVS requirement id/);
    assertRefused(withRequest({ requirements: [request.requirements[0], request.requirements[0]] }), /Requirement V1\.2\.4 is listed twice/);
    assertRefused(withRequest({ requirements: [{ id: 'V1.2.4', because: [{ item: 'invoices-db', capec: 'CAPEC-115' }] }] }), /CAPEC-115 on "invoices-db", but that attack pattern is not selected/);
    assertRefused(withRequest({ details: { name: '' } }), /Give the project a name/);
  });
});

describe('validateProjectDetails', () => {
  const model = parseOk(fixtureText()).model;

  it('accepts complete details, with or without a model file', () => {
    assert.deepEqual(validateProjectDetails(request.details, model), []);
    assert.deepEqual(validateProjectDetails({ name: 'Checkout service' }, undefined), []);
  });

  it('reports each field once, where the form shows it', () => {
    const problems = validateProjectDetails(
      { name: 'x'.repeat(201), estimatedHours: -3, goal: 'g'.repeat(10_001), team: ['ana', '  '], tags: Array.from({ length: 101 }, (_, i) => `t${i}`), assets: ['a'.repeat(201)] },
      model,
    );
    assert.deepEqual(problems.map((p) => p.field), ['name', 'estimatedHours', 'goal', 'team', 'tags', 'assets']);
    assert.match(problems[0].message, /201 characters long; at most 200/);
    assert.match(problems[3].message, /Team has an empty entry/);
    assert.match(problems[4].message, /Tags has 101 entries; at most 100/);
    assert.match(problems[5].message, /at most 200 are allowed/);
  });

  it('refuses a name on more than one line and accepts 200 characters', () => {
    assert.deepEqual(validateProjectDetails({ name: 'Shop\nline two' }, model).map((p) => p.field), ['name']);
    assert.deepEqual(validateProjectDetails({ name: 'x'.repeat(200) }, model), []);
  });

  it('lets names without letters or digits share the fallback id, numbered', () => {
    const file = parseOk('version: 1\nprojects:\n  - id: project\n    name: 日本\n');
    assert.deepEqual(validateProjectDetails({ name: '中文' }, file.model), []);
    assert.equal(createProject(file, withRequest({ details: { name: '中文' } }), actor).projectId, 'project-2');
  });
});

describe('new project and item ids', () => {
  it('derives a project id unique among the existing projects', () => {
    const model = parseOk('version: 1\nprojects:\n  - { id: shop, name: Shop }\n  - { id: shop-2, name: Shop two }\n').model;
    assert.equal(projectIdFor('Shop', undefined), 'shop');
    assert.equal(projectIdFor(' Shop! ', model), 'shop-3');
    assert.equal(projectIdFor('Other', model), 'other');
  });

  it('keeps a numbered id within 64 characters', () => {
    const long = 'a'.repeat(70);
    const model = parseOk(`version: 1\nprojects:\n  - { id: ${'a'.repeat(64)}, name: Long }\n`).model;
    const id = projectIdFor(long, model);
    assert.equal(id, `${'a'.repeat(62)}-2`);
    assert.match(id, SLUG);
  });

  it('gives items ids unique within the list', () => {
    assert.deepEqual(itemIdsFor(['API', 'api', 'API!', 'Api-2', 'Database', '***', '']), ['api', 'api-2', 'api-3', 'api-2-2', 'database', 'item', 'item-2']);
    for (const id of itemIdsFor(['<script>', '{{constructor}}', 'São João'])) assert.match(id, SLUG);
  });
});
