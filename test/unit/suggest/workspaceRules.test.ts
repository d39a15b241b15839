import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CatalogStore } from '../../../src/core/catalog/catalogStore';
import { formatFileProblem } from '../../../src/core/suggest/configFile';
import { parseRulesFile } from '../../../src/core/suggest/rulesFile';
import type { SuggestionData } from '../../../src/core/suggest/suggestionData';
import type { SuggestionEngine } from '../../../src/core/suggest/suggestionEngine';
import { readWorkspaceRules, readWorkspaceRulesAsync, WORKSPACE_RULES_PATH } from '../../../src/core/suggest/workspaceRules';
import { loadEngineFixtures } from './fixtures';

const FILE = '/ws/.threatmodel/rules.yaml';

describe('workspace suggestion rules', () => {
  let store: CatalogStore;
  let data: SuggestionData;
  let builtin: SuggestionEngine;

  before(() => ({ store, data, engine: builtin } = loadEngineFixtures()));

  const engineWith = (text: string): SuggestionEngine => data.engine(store.capec(), [parseRulesFile(text, FILE)]);

  it('adds rules, with their source', () => {
    const engine = engineWith(
      [
        'version: 1',
        'rules:',
        '  - id: team-elixir',
        '    when: { keywords: [elixir] }',
        '    reason: Our Elixir services render templates from user data.',
        '    patterns:',
        '      CAPEC-242: 7',
        '      CAPEC-63: { weight: 3, reason: "EEx templates without escaping, as in the 2024 incident." }',
      ].join('\n'),
    );
    assert.deepEqual(engine.problems, []);
    const list = engine.suggest({ kind: 'backend-service', technologies: ['Elixir'] });
    const code = list.find((s) => s.capec === 'CAPEC-242');
    assert.ok(code);
    const reason = code.reasons.find((r) => r.rule === 'team-elixir');
    assert.ok(reason);
    assert.equal(reason.source, 'workspace');
    assert.equal(reason.file, FILE);
    assert.equal(reason.reason, 'Our Elixir services render templates from user data.');
    assert.equal(list.find((s) => s.capec === 'CAPEC-63')?.reasons[0].reason, 'EEx templates without escaping, as in the 2024 incident.');
    // Built-in rules still apply.
    assert.ok(list.some((s) => s.reasons.some((r) => r.rule === 'kind-backend-service')));
  });

  it('overrides a built-in rule by id and can switch one off', () => {
    const before = builtin.suggest({ kind: 'backend-service', technologies: ['postgres'] });
    assert.ok(before.some((s) => s.capec === 'CAPEC-7'));
    const engine = engineWith(
      [
        'version: 1',
        'rules:',
        '  - id: tech-sql',
        '    when: { keywords: [sql] }',
        '    reason: We only use stored procedures; injection remains possible through dynamic SQL inside them.',
        '    patterns: { CAPEC-66: 3 }',
        '  - id: kind-backend-service',
        '    disabled: true',
      ].join('\n'),
    );
    assert.deepEqual(engine.problems, []);
    const after = engine.suggest({ kind: 'backend-service', technologies: ['postgres'] });
    assert.deepEqual(after.map((s) => s.capec), ['CAPEC-66']);
    assert.equal(after[0].score, 3);
    assert.equal(after[0].reasons[0].source, 'workspace');
    assert.equal(engine.ruleSet.rule('tech-sql')?.overridesBuiltin, true);
    assert.deepEqual(engine.ruleSet.disabled, ['kind-backend-service']);
    // The built-in engine is untouched.
    assert.deepEqual(builtin.suggest({ kind: 'backend-service', technologies: ['postgres'] }), before);
  });

  it('adds spellings to built-in keywords and data classes', () => {
    const engine = engineWith(['version: 1', 'keywords:', '  sql: [exasol]', 'dataClasses:', '  payment-data: [wallet balances]'].join('\n'));
    const list = engine.suggest({ kind: 'backend-service', technologies: ['Exasol'], data: ['wallet balances'] });
    assert.ok(list.find((s) => s.capec === 'CAPEC-66')?.reasons.some((r) => r.rule === 'tech-sql'));
    assert.ok(list.some((s) => s.reasons.some((r) => r.rule === 'data-payment')));
  });

  it('reports an invalid file with locations and keeps the built-in rules working', () => {
    const text = [
      'version: 1', // 1
      'rules:', // 2
      '  - id: Bad Id', // 3
      '    when: { kind: [rest-api] }', // 4
      '    reason: x', // 5
      '    patterns:', // 6
      '      CAPEC-66: { weight: 5, reason: Injection, as usual }', // 7
      '      capec-12: 3', // 8
      '  - id: no-reason', // 9
      '    when: { internetFacing: true }', // 10
      '    patterns: { CAPEC-125: 2 }', // 11
      '    colour: blue', // 12
    ].join('\n');
    const parsed = parseRulesFile(text, FILE);
    assert.equal(parsed.ok, false);
    if (parsed.ok) return;
    const lines = parsed.problems.map(formatFileProblem);
    const at = (line: number, needle: string): void =>
      assert.ok(
        parsed.problems.some((p) => p.range.start.line === line - 1 && p.message.includes(needle)),
        `expected "${needle}" on line ${line} in:\n${lines.join('\n')}`,
      );
    at(3, 'lower-case slug');
    at(7, 'put the reason in quotes');
    at(8, 'must look like CAPEC-66');
    at(11, 'needs a reason');
    at(12, 'Unrecognized key: "colour"');
    assert.ok(lines.every((l) => l.startsWith(`${FILE}:`)), lines.join('\n'));
    assert.ok(parsed.problems.every((p) => p.severity === 'error'));

    const engine = data.engine(store.capec(), [parsed]);
    assert.deepEqual(engine.problems, parsed.problems);
    assert.deepEqual(engine.suggest({ kind: 'database' }), builtin.suggest({ kind: 'database' }));
  });

  it('reports YAML syntax errors and wrong versions without throwing', () => {
    const broken = parseRulesFile('version: 1\nrules:\n  - id: a\n    when: { kind: [rest-api]\n', FILE);
    assert.equal(broken.ok, false);
    if (!broken.ok) {
      assert.match(broken.problems[0].message, /^YAML syntax/);
      assert.ok(broken.problems[0].range.start.line >= 3);
    }
    const version = parseRulesFile('version: 2\nrules: []\n', FILE);
    assert.equal(version.ok, false);
    if (!version.ok) assert.match(version.problems[0].message, /version must be 1/);
    for (const text of ['', '# only a comment\n', '[1, 2]', 'just text', 'a: &a [*a]']) {
      const r = parseRulesFile(text, FILE);
      assert.equal(r.ok, false, JSON.stringify(text));
    }
  });

  it('warns about unknown and retired patterns and unknown kinds, and skips them', () => {
    const engine = engineWith(
      [
        'version: 1', // 1
        'rules:', // 2
        '  - id: mixed', // 3
        '    when: { kind: [rest-apii, rest-api] }', // 4
        '    reason: Testing.', // 5
        '    patterns:', // 6
        '      CAPEC-99999: 5', // 7
        '      CAPEC-91: 5', // 8
        '      CAPEC-63: 5', // 9
        '  - id: nothing-left', // 10
        '    when: { kind: [rest-api] }', // 11
        '    reason: Testing.', // 12
        '    patterns: { CAPEC-5: 1 }', // 13
        '  - id: no-such-rule', // 14
        '    disabled: true', // 15
      ].join('\n'),
    );
    const messages = engine.problems.map((p) => `${p.range.start.line + 1} ${p.severity} ${p.message}`);
    const expect = (line: number, needle: string): void =>
      assert.ok(messages.some((m) => m.startsWith(`${line} warning`) && m.includes(needle)), `"${needle}" on ${line} in\n${messages.join('\n')}`);
    expect(4, 'unknown item kind "rest-apii"');
    expect(7, 'CAPEC-99999 is not an attack pattern of CAPEC 3.9');
    expect(8, 'CAPEC-91 is deprecated in CAPEC 3.9; use CAPEC-18');
    expect(13, 'CAPEC-5 is obsolete');
    expect(10, 'no usable patterns');
    expect(14, 'no earlier rule has that id');
    const rule = engine.ruleSet.rule('mixed');
    assert.deepEqual(rule?.patterns.map((p) => p.capec), ['CAPEC-63']);
    assert.equal(engine.ruleSet.rule('nothing-left'), undefined);
  });

  it('honours exceptions and ignored phrases, and warns about an exception that leaves nothing', () => {
    const engine = engineWith(
      [
        'version: 1',
        'ignore: [elixir of life]',
        'rules:',
        '  - id: team-elixir',
        '    when: { keywords: [elixir] }',
        '    unless: { keywords: [phoenix-liveview] }',
        '    reason: Our Elixir services render templates from user data.',
        '    patterns:',
        '      CAPEC-242: 7',
        '  - id: never',
        '    when: { kind: [database] }',
        '    unless: { kind: [db] }',
        '    reason: Cannot apply.',
        '    patterns:',
        '      CAPEC-66: 3',
        '  - id: typo',
        '    when: { kind: [database] }',
        '    unless: { kind: [dtabase] }',
        '    reason: A typo in the exception.',
        '    patterns:',
        '      CAPEC-66: 3',
      ].join('\n'),
    );
    const rule = (list: ReturnType<SuggestionEngine['suggest']>) => list.some((s) => s.reasons.some((r) => r.rule === 'team-elixir'));
    assert.ok(rule(engine.suggest({ kind: 'backend-service', technologies: ['Elixir'] })));
    assert.ok(!rule(engine.suggest({ kind: 'backend-service', technologies: ['Elixir', 'Phoenix LiveView'] })), 'the exception switches it off');
    assert.ok(rule(engine.suggest({ kind: 'backend-service', technologies: ['Elixir'], description: 'Unlike the old Phoenix LiveView app.' })), 'a word in the description does not');
    assert.ok(!rule(engine.suggest({ kind: 'backend-service', name: 'Elixir of Life service' })), 'an ignored phrase hides the word inside it');
    const messages = engine.problems.map((p) => formatFileProblem(p));
    assert.ok(messages.some((m) => /rule "never": excludes every kind the rule is for/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /unknown item kind "dtabase".*switches the rule off only for items of that exact kind/.test(m)), messages.join('\n'));
    assert.ok(engine.problems.every((p) => p.severity === 'warning'));
  });

  it('reads .threatmodel/rules.yaml from a workspace folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-rules-'));
    try {
      assert.equal(readWorkspaceRules(dir), undefined);
      assert.equal(await readWorkspaceRulesAsync(dir), undefined);
      mkdirSync(join(dir, '.threatmodel'));
      writeFileSync(join(dir, WORKSPACE_RULES_PATH), 'version: 1\nrules:\n  - id: x\n    when: { kind: [cache] }\n    reason: r\n    patterns: { CAPEC-141: 1 }\n');
      const sync = readWorkspaceRules(dir);
      const async = await readWorkspaceRulesAsync(dir);
      assert.ok(sync?.ok && async?.ok);
      assert.deepEqual(async.document.data, sync.document.data);
      assert.equal(sync.document.file, join(dir, WORKSPACE_RULES_PATH));
      // A directory where the file should be is a read error, reported, not thrown.
      rmSync(join(dir, WORKSPACE_RULES_PATH));
      mkdirSync(join(dir, WORKSPACE_RULES_PATH));
      const failed = readWorkspaceRules(dir);
      assert.equal(failed?.ok, false);
      if (failed && !failed.ok) assert.match(failed.problems[0].message, /cannot read the workspace rules/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
