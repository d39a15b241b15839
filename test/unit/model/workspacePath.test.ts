import * as assert from 'node:assert/strict';
import { parseModelFile } from '../../../src/core/model/parse';
import { WorkspacePath } from '../../../src/core/model/schema';
import { WORKSPACE_PATH_PATTERN, workspacePathProblem } from '../../../src/core/model/workspacePath';
import { threatModelJsonSchema } from '../../../src/core/model/jsonSchema';
import { fixtureText } from '../helpers';

const CODE_EVIDENCE = '{ type: code, path: src/db.ts, lines: [1, 6], note: no shell; arguments passed as a list }';

/** The fixture with its code evidence pointing at `path` (as a double-quoted YAML string). */
function withEvidencePath(path: string): string {
  const text = fixtureText();
  assert.ok(text.includes(CODE_EVIDENCE));
  return text.replace(CODE_EVIDENCE, `{ type: code, path: ${JSON.stringify(path)}, lines: [1, 6] }`);
}

function onlyProblem(text: string) {
  const result = parseModelFile(text);
  assert.equal(result.ok, false, 'expected the model to be refused');
  if (result.ok) throw new Error('unreachable');
  assert.equal(result.problems.length, 1, result.problems.map((p) => p.message).join('\n'));
  return result.problems[0];
}

describe('evidence paths in the model file', () => {
  const refused: [string, RegExp][] = [
    ['file:///etc/passwd', /must be a workspace-relative path, not a URL \("file:"\)/],
    ['https://attacker.example/payload.pdf', /must be a workspace-relative path, not a URL \("https:"\)/],
    ['%2e%2e/%2e%2e/etc/passwd', /without percent-escapes/],
    ['~/.ssh/id_rsa', /not one in a home directory \("~"\)/],
  ];
  for (const [path, message] of refused) {
    it(`refuses ${path} with a message at the evidence path's line`, () => {
      const text = withEvidencePath(path);
      const problem = onlyProblem(text);
      assert.equal(problem.path, 'projects[0].requirements[2].evidence[0].path');
      assert.match(problem.message, /requirement "V1\.2\.5" › evidence #1 › path: /);
      assert.match(problem.message, message);
      const line = text.split('\n')[problem.range.start.line];
      assert.ok(line.includes(JSON.stringify(path)), `line ${problem.range.start.line + 1}: ${line}`);
      assert.equal(problem.range.start.character, line.indexOf(JSON.stringify(path)));
    });
  }

  it('refuses the same paths in file evidence and in block style', () => {
    const text = fixtureText().replace(
      `evidence:\n          - ${CODE_EVIDENCE}`,
      'evidence:\n          - type: file\n            path: file:///etc/passwd\n          - type: file\n            path: ~/.ssh/id_rsa',
    );
    const result = parseModelFile(text);
    assert.equal(result.ok, false);
    if (result.ok) return;
    const lines = text.split('\n');
    assert.deepEqual(
      result.problems.map((p) => [p.path, lines[p.range.start.line].trim()]),
      [
        ['projects[0].requirements[2].evidence[0].path', 'path: file:///etc/passwd'],
        ['projects[0].requirements[2].evidence[1].path', 'path: ~/.ssh/id_rsa'],
      ],
    );
  });

  it('still accepts ordinary workspace-relative paths', () => {
    for (const path of ['src/db.ts', 'docs/a b.pdf', '.threatmodel/evidence/x.pdf', 'README', 'src/db.ts.orig', 'a/..b/c..', 'src/100% done.md', 'src/notes:v2.md', 'ünïcode/日本.txt']) {
      const result = parseModelFile(withEvidencePath(path));
      assert.ok(result.ok, `${path}: ${result.ok ? '' : result.problems[0].message}`);
    }
  });
});

describe('WorkspacePath', () => {
  const cases: [string, RegExp][] = [
    ['', /must not be empty/],
    ['x'.repeat(1025), /at most 1024 characters/],
    ['/etc/passwd', /not an absolute path/],
    ['C:/Windows/win.ini', /drive letter/],
    ['c:secret.txt', /drive letter/],
    ['vscode-remote://ssh-remote+host/etc', /not a URL \("vscode-remote:"\)/],
    ['command:workbench.action.terminal.new', /not a URL/],
    ['data:text/html,hi', /not a URL/],
    ['~root/.bashrc', /home directory/],
    ['~', /home directory/],
    ['src\\db.ts', /forward slashes, not backslashes/],
    ['..\\..\\etc', /backslashes/],
    ['../etc/passwd', /must not contain "\.\." segments/],
    ['src/../../etc', /"\.\." segments/],
    ['src/..', /"\.\." segments/],
    ['..', /"\.\." segments/],
    ['%2E%2E/etc', /percent-escapes/],
    ['src%2fdb.ts', /percent-escapes/],
    ['src%5c..%5cx', /percent-escapes/],
    ['%252e%252e/etc', /percent-escapes/],
    ['src/%41.ts', /percent-escapes/],
    ['src//db.ts', /empty segments/],
    ['src/', /empty segments/],
    ['src/db.ts\u0000.pdf', /control characters/],
    ['src/db\n.ts', /control characters/],
    ['src/\u009bdb.ts', /control characters/],
    ['src/\u007f', /control characters/],
  ];
  for (const [path, message] of cases) {
    const shown = JSON.stringify(path.length > 40 ? `${path.slice(0, 10)}…` : path).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    it(`refuses ${shown}`, () => {
      const result = WorkspacePath.safeParse(path);
      assert.equal(result.success, false);
      assert.equal(result.error!.issues.length, 1, 'one message, the first rule broken');
      assert.match(result.error!.issues[0].message, message);
    });
  }

  it('has a JSON Schema pattern that agrees with the checks, for editors validating the file by hand', () => {
    const fileEvidence = JSON.stringify(threatModelJsonSchema()).includes(JSON.stringify(WORKSPACE_PATH_PATTERN));
    assert.ok(fileEvidence, 'the pattern is in the generated JSON Schema');
    // Editors compile JSON Schema patterns with and without the "u" flag.
    for (const flags of ['', 'u']) {
      const pattern = new RegExp(WORKSPACE_PATH_PATTERN, flags);
      const valid = ['src/db.ts', 'docs/a b.pdf', '.threatmodel/evidence/x.pdf', 'a/..b/c..', 'src/100% done.md', 'src/notes:v2.md', 'x'.repeat(1024)];
      for (const path of [...valid, ...cases.map(([p]) => p).filter((p) => p.length > 0 && p.length <= 1024)]) {
        assert.equal(pattern.test(path), workspacePathProblem(path) === undefined, `${flags || 'no flag'}: ${JSON.stringify(path)}`);
      }
    }
  });
});
