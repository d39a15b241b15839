// Hostile or unlucky model files: each is refused with a located, short message or read correctly, and
// a refused file is never rewritten.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostileInputs } from '../../../bench/hostileInputs';
import { applyChanges } from '../../../src/core/model/applyChanges';
import { NodeModelFileIO } from '../../../src/core/model/fileIO';
import { DEFAULT_LIMITS } from '../../../src/core/model/limits';
import { InvalidModelError, updateModelFile } from '../../../src/core/model/modelFile';
import { addAttackPatterns } from '../../../src/core/model/addAttackPattern';
import { changeProjectStatus, changeRequirementStatus } from '../../../src/core/model/operations';
import { parseModelFile } from '../../../src/core/model/parse';
import { fixtureText, parseOk } from '../helpers';

const actor = { by: 'ana', at: '2026-11-27T10:00:00Z' };
const HEAD = 'version: 1\nprojects:\n  - id: p\n    name: P\n    status: running\n';

function input(name: string): string {
  const found = hostileInputs().find((i) => i.name === name);
  assert.ok(found, name);
  return found.text();
}

function problemsOf(text: string) {
  const result = parseModelFile(text);
  assert.equal(result.ok, false, 'expected the model to be refused');
  return result.ok ? [] : result.problems;
}

/** Runs a save on `text` in a temp file and returns the error and the file's bytes afterwards. */
async function saveOn(text: string): Promise<{ error: unknown; after: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'tm-hostile-'));
  try {
    const path = join(dir, 'threatmodel.yaml');
    writeFileSync(path, text);
    let error: unknown;
    try {
      await updateModelFile(new NodeModelFileIO(path), (f) => changeRequirementStatus(f, { projectId: 'p', requirementId: 'V1.1.1', to: 'running' }, actor));
    } catch (e) {
      error = e;
    }
    return { error, after: readFileSync(path, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('hostile model files', () => {
  it('reads 100,000 keys in one mapping, and finds a duplicate key at its line', () => {
    const text = input('100,000 keys in one mapping');
    const result = parseModelFile(text, { ...DEFAULT_LIMITS, maxBytes: 8 * 1024 * 1024 });
    assert.ok(result.ok);
    assert.equal(Object.keys((result.file.model.projects[0] as Record<string, unknown>).extra as object).length, 100_000);

    const duplicated = text + '      key5: again\n';
    const problems = parseModelFile(duplicated, { ...DEFAULT_LIMITS, maxBytes: 8 * 1024 * 1024 });
    assert.equal(problems.ok, false);
    if (problems.ok) return;
    assert.match(problems.problems[0].message, /duplicated mapping key/);
    assert.equal(problems.problems[0].range.start.line, duplicated.split('\n').length - 2);
  });

  it('lists the first 100 of 100,000 invalid requirements, located, and counts the rest', () => {
    const text = input('100,000 invalid requirements');
    const result = parseModelFile(text, { ...DEFAULT_LIMITS, maxBytes: 8 * 1024 * 1024 });
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.problems.length, DEFAULT_LIMITS.maxProblems + 1);
    assert.match(result.problems[0].message, /requirement "bad-0" › id: must look like V1\.2\.5/);
    assert.equal(result.problems[0].range.start.line, 5, 'the first bad requirement is on line 6');
    // Two problems per requirement (id and status): 200,000 in all, 100 listed.
    assert.match(result.problems[DEFAULT_LIMITS.maxProblems].message, /…and 199900 more problems not listed\./);
  });

  it('refuses a 1.9-million-item flow list by its number of values, with or without aliases', () => {
    for (const name of ['1.9-million-item flow list', '1.9-million-item flow list with 99 aliases']) {
      const [problem] = problemsOf(input(name));
      assert.match(problem.message, /more than 1,500,000 values/, name);
    }
  });

  it('quotes at most a short excerpt of a 1 MB invalid id', () => {
    const problems = problemsOf(input('1 MB invalid project id'));
    const total = problems.reduce((n, p) => n + p.message.length, 0);
    assert.ok(total < 2000, `${total} characters of problem text`);
    assert.match(problems[0].message, /^project "X{39}…" › id: must be a lower-case slug/);
  });

  it('reads a file with CR-only line endings and keeps them when saving', () => {
    const text = fixtureText().replace(/\n/g, '\r');
    const file = parseOk(text);
    assert.equal(file.model.projects[0].requirements[0].id, 'V1.2.4');
    const bad = parseModelFile(text.replace('estimatedHours: 24', 'estimatedHours: lots'));
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.equal(bad.problems[0].range.start.line, text.slice(0, text.indexOf('estimatedHours')).split('\r').length - 1);
    const next = applyChanges(file, changeRequirementStatus(file, { projectId: 'checkout', requirementId: 'V1.2.4', to: 'running' }, actor));
    assert.ok(!next.text.includes('\n'), 'no LF written into a CR-only file');
    assert.equal(next.file.model.projects[0].requirements[0].status, 'running');
  });

  it('refuses a merge key where it is written, and does not rewrite the file', async () => {
    const text = HEAD + '    requirements:\n      - id: V1.1.1\n        <<: { status: done }\n';
    const [problem] = problemsOf(text);
    assert.match(problem.message, /Merge keys \("<<"\) are not allowed/);
    assert.deepEqual(problem.range.start, { line: 7, character: 8 });
    const { error, after } = await saveOn(text);
    assert.ok(error instanceof InvalidModelError);
    assert.equal(after, text);
  });

  it('refuses a requirement shared by two projects through an anchor, so the Done lock holds', async () => {
    const text = [
      'version: 1',
      'projects:',
      '  - id: p',
      '    name: P',
      '    status: running',
      '    requirements:',
      '      - &r { id: V1.1.1, status: todo }',
      '  - id: locked',
      '    name: Locked',
      '    status: done',
      '    requirements:',
      '      - *r',
      '',
    ].join('\n');
    const problems = problemsOf(text);
    assert.match(problems[0].message, /Anchors \(&r\) are not allowed/);
    assert.equal(problems[0].range.start.line, 6);
    assert.match(problems[1].message, /Aliases \(\*r\) are not allowed/);
    assert.equal(problems[1].range.start.line, 11);
    const { error, after } = await saveOn(text);
    assert.ok(error instanceof InvalidModelError);
    assert.equal(after, text);
  });

  it('writes one object used by several new requirements out in full, never as an anchor and aliases', () => {
    const file = parseOk(fixtureText());
    const because = [{ item: 'orders-db', capec: 'CAPEC-7' }];
    const shared = ['V2.1.1', 'V2.1.2', 'V2.2.1'].map((id) => ({ id, status: 'todo', because }));
    const next = applyChanges(file, [{ kind: 'append', path: ['projects', 0, 'requirements'], values: shared, flowKeys: ['because'] }]);
    assert.doesNotMatch(next.text, /[&*]a\d/);
    assert.equal(next.file.model.projects[0].requirements.filter((r) => r.because?.[0]?.capec === 'CAPEC-7').length, 3);
  });

  it('adds a pattern whose requirements sit in neighbouring entries (edits at their shared boundary)', () => {
    const text = HEAD + '    items:\n      - { id: api, name: API, kind: rest-api }\n    requirements:\n      - id: V1.2.4\n        status: todo\n      - id: V1.2.5\n        status: todo\n    history:\n      - { at: "2026-11-20T09:00:00Z", by: ana }\n';
    const file = parseOk(text);
    const plan = addAttackPatterns(file, { projectId: 'p', itemId: 'api', patterns: [{ capecId: 'CAPEC-66', requirementIds: ['V1.2.4', 'V1.2.5'] }] }, actor);
    const next = applyChanges(file, plan.changes);
    assert.deepEqual(parseOk(next.text).data, next.file.data);
    assert.deepEqual(next.file.model.projects[0].requirements.map((r) => r.because?.[0]?.capec), ['CAPEC-66', 'CAPEC-66']);
  });

  it('keeps the comments of a CR-only file through a project status change', () => {
    const file = parseOk(fixtureText().replace(/\n/g, '\r'));
    const next = applyChanges(file, changeProjectStatus(file, { projectId: 'checkout', to: 'done' }, actor));
    assert.equal(next.file.model.projects[0].status, 'done');
    assert.match(next.text, /# Threat model of the checkout system/);
  });

  it('refuses a save that would take the file past its limit of values, as the next load would', () => {
    const text = HEAD + '    tags: [' + Array.from({ length: 380 }, () => 'a').join(',') + ']\n    requirements:\n      - id: V1.1.1\n        status: todo\n';
    // Just room for what the file holds now: 40 evidence entries more do not fit.
    const limits = { ...DEFAULT_LIMITS, maxNodes: 420 };
    const loaded = parseModelFile(text, limits);
    assert.ok(loaded.ok, loaded.ok ? '' : loaded.problems[0].message);
    const file = loaded.file;
    const evidence = Array.from({ length: 40 }, (_, i) => ({ type: 'text' as const, text: `proof ${i}` }));
    assert.throws(
      () => applyChanges(file, [{ kind: 'append', path: ['projects', 0, 'requirements', 0, 'evidence'], values: evidence }], limits),
      /more than 420 values/,
    );
  });

  it('reports an attack pattern listed twice among 100,000 at its place, without quadratic work', () => {
    const ids = Array.from({ length: 99_999 }, (_, i) => `CAPEC-${i + 1}`);
    const text = HEAD + '    items:\n      - id: api\n        name: API\n        kind: rest-api\n        attackPatterns: [' + [...ids, 'CAPEC-7'].join(', ') + ']\n';
    const result = parseModelFile(text, { ...DEFAULT_LIMITS, maxBytes: 8 * 1024 * 1024 });
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.problems[0].message, /CAPEC-7 is listed twice/);
  });

  it('lists the first 100 of 150 aliases and counts the rest', () => {
    const text = HEAD + '    x: &a 1\n' + Array.from({ length: 150 }, (_, i) => `    y${i}: *a\n`).join('');
    const problems = problemsOf(text);
    assert.equal(problems.length, DEFAULT_LIMITS.maxProblems + 1);
    assert.match(problems[DEFAULT_LIMITS.maxProblems].message, /…and 51 more problems not listed/);
  });

  it('refuses a second YAML document', () => {
    const [problem] = problemsOf(HEAD + '---\nversion: 1\n');
    assert.match(problem.message, /more than one YAML document/);
  });

  it('refuses deep nesting with a message instead of overflowing the stack', () => {
    const [problem] = problemsOf('version: 1\nx: ' + '['.repeat(100_000) + ']'.repeat(100_000) + '\n');
    assert.match(problem.message, /nested too deeply|more than/);
  });

  for (const text of ['--- not needed here', '... because the gateway does it', '---', '...']) {
    for (const [shape, model] of [
      ['a flow mapping', HEAD + '    requirements:\n      - { id: V1.1.1, status: todo }\n'],
      ['an existing value', HEAD + '    requirements:\n      - id: V1.1.1\n        status: running\n        justification: old\n'],
    ] as const) {
      it(`stores a justification ${JSON.stringify(text)} in ${shape}`, () => {
        const file = parseOk(model);
        const next = applyChanges(file, changeRequirementStatus(file, { projectId: 'p', requirementId: 'V1.1.1', to: 'not_applicable', justification: text }, actor));
        assert.equal(next.file.model.projects[0].requirements[0].justification, text);
        assert.equal(parseOk(next.text).model.projects[0].requirements[0].justification, text);
      });
    }
  }

  it('stores a rejection reason that starts with a document marker', () => {
    const model = HEAD + '    requirements:\n      - id: V1.1.1\n        status: done\n        evidence:\n          - { type: text, text: tested }\n';
    const file = parseOk(model);
    const next = applyChanges(file, changeRequirementStatus(file, { projectId: 'p', requirementId: 'V1.1.1', to: 'not_according', reason: '--- the test is not ours' }, actor));
    assert.equal(parseOk(next.text).model.projects[0].requirements[0].reason, '--- the test is not ours');
  });
});
