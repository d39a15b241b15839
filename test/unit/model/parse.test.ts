import * as assert from 'node:assert/strict';
import { parseModelFile } from '../../../src/core/model/parse';
import { DEFAULT_LIMITS } from '../../../src/core/model/limits';
import { fixtureText } from '../helpers';

function problemsOf(text: string) {
  const result = parseModelFile(text);
  assert.equal(result.ok, false, 'expected the model to be invalid');
  return result.ok ? [] : result.problems;
}

describe('parseModelFile', () => {
  it('loads the fixture model with defaults applied', () => {
    const result = parseModelFile(fixtureText());
    assert.ok(result.ok);
    const checkout = result.file.model.projects[0];
    assert.equal(checkout.name, 'Checkout service');
    assert.equal(checkout.requirements.length, 4);
    assert.equal(result.file.model.projects[1].history.length, 0);
  });

  it('reports malformed YAML with its line and never throws', () => {
    const problems = problemsOf('version: 1\nprojects:\n  - id: a\n    name: [unclosed\n    status: todo\n');
    assert.match(problems[0].message, /^YAML syntax/);
    assert.ok(problems[0].range.start.line >= 3, `line ${problems[0].range.start.line}`);
  });

  it('locates a wrong type deep in the tree at the offending value', () => {
    const text = fixtureText().replace('estimatedHours: 24', 'estimatedHours: lots');
    const [problem] = problemsOf(text);
    assert.equal(problem.path, 'projects[0].estimatedHours');
    assert.match(problem.message, /project "checkout" › estimatedHours: .*number/);
    const line = text.split('\n')[problem.range.start.line];
    assert.equal(line.trim(), 'estimatedHours: lots');
    assert.equal(problem.range.start.character, line.indexOf('lots'));
  });

  it('rejects an unknown status and names the allowed ones', () => {
    const text = fixtureText().replace('status: running\n        because: [{ item: payments-api, capec: CAPEC-115 }]', 'status: finished\n        because: [{ item: payments-api, capec: CAPEC-115 }]');
    const [problem] = problemsOf(text);
    assert.match(problem.message, /requirement "V6\.2\.1" › status/);
    assert.match(problem.message, /not_applicable/);
    assert.equal(text.split('\n')[problem.range.start.line].trim(), 'status: finished');
  });

  it('rejects duplicate project, item and requirement ids, pointing at the second one', () => {
    const dupReq = fixtureText().replace('- id: V8.2.1', '- id: V1.2.4');
    const problems = problemsOf(dupReq);
    assert.match(problems[0].message, /duplicate requirement id "V1\.2\.4"/);
    assert.equal(dupReq.split('\n')[problems[0].range.start.line].trim(), '- id: V1.2.4');
    assert.ok(problems[0].range.start.line > dupReq.indexOf('- id: V1.2.4') / 80, 'points at the duplicate');
    assert.match(problemsOf(fixtureText().replace('id: mobile-app', 'id: checkout'))[0].message, /duplicate project id "checkout"/);
    assert.match(problemsOf(fixtureText().replace('id: orders-db', 'id: payments-api'))[0].message, /duplicate architecture item id/);
  });

  it('rejects duplicate keys', () => {
    assert.match(problemsOf('version: 1\nversion: 1\nprojects: []\n')[0].message, /unique|duplicate/i);
  });

  it('enforces the workflow fields on the file itself', () => {
    const text = fixtureText().replace('        justification: The service has no user-facing authorization; the gateway enforces it.\n', '');
    assert.match(problemsOf(text)[0].message, /Not Applicable requirement needs a justification/);
    const done = fixtureText().replace(/        evidence:\n          - \{ type: code[^\n]*\n/, '');
    assert.match(problemsOf(done)[0].message, /Done requirement needs at least one piece of evidence/);
  });

  it('refuses evidence paths outside the workspace', () => {
    assert.match(problemsOf(fixtureText().replace('path: src/db.ts', 'path: ../../etc/passwd'))[0].message, /must not contain "\.\." segments/);
    assert.match(problemsOf(fixtureText().replace('path: src/db.ts', 'path: /etc/passwd'))[0].message, /workspace-relative/);
  });

  it('refuses an alias bomb at its first anchor, before anything expands', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      'g: [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]',
      'version: 1',
    ].join('\n');
    const [problem] = problemsOf(bomb);
    assert.match(problem.message, /Anchors \(&a\) are not allowed/);
    assert.equal(problem.range.start.line, 0, 'points at the first anchor');
  });

  it('refuses a file over the size limit without parsing it', () => {
    const big = 'version: 1\nprojects: []\n# ' + 'x'.repeat(50 * 1024 * 1024) + '\n';
    const [problem] = problemsOf(big);
    assert.match(problem.message, /50\.0 MiB, larger than the 4\.0 MiB limit/);
    assert.ok(DEFAULT_LIMITS.maxBytes < big.length);
  });

  it('explains an empty file and a wrong version', () => {
    assert.match(problemsOf('')[0].message, /empty/);
    assert.match(problemsOf('# only a comment\n')[0].message, /empty/);
    assert.match(problemsOf('version: 2\nprojects: []\n')[0].message, /version must be 1/);
    assert.match(problemsOf('- just\n- a list\n')[0].message, /expected object/);
  });

  it('keeps unknown keys people add', () => {
    const result = parseModelFile(fixtureText().replace('tags: [pci]', 'tags: [pci]\n    owner: payments-team'));
    assert.ok(result.ok);
    assert.equal((result.file.model.projects[0] as Record<string, unknown>).owner, 'payments-team');
  });

  it('survives hostile strings as plain data', () => {
    const text = 'version: 1\nprojects:\n  - id: x\n    name: "<img src=x onerror=alert(1)> \\"; rm -rf / #"\n';
    const result = parseModelFile(text);
    assert.ok(result.ok);
    assert.equal(result.file.model.projects[0].name, '<img src=x onerror=alert(1)> "; rm -rf / #');
  });
});
