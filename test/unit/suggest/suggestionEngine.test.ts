import { strict as assert } from 'node:assert';
import type { CatalogStore } from '../../../src/core/catalog/catalogStore';
import type { SuggestionData } from '../../../src/core/suggest/suggestionData';
import { PRESELECT_RANK, PRESELECT_SCORE, TEXT_MATCH_FACTOR, type Suggestion, type SuggestionEngine } from '../../../src/core/suggest/suggestionEngine';
import { loadEngineFixtures, top } from './fixtures';

describe('suggestion engine', () => {
  let store: CatalogStore;
  let data: SuggestionData;
  let engine: SuggestionEngine;

  before(() => ({ store, data, engine } = loadEngineFixtures()));

  const find = (list: Suggestion[], capec: string): Suggestion | undefined => list.find((s) => s.capec === capec);

  it('suggests injection, broken authentication and excessive-request patterns for a REST API', () => {
    const list = engine.suggest({ kind: 'rest-api', name: 'Orders API', technologies: ['node', 'express'] });
    const ids = top(list, 10);
    assert.ok(ids.some((id) => ['CAPEC-66', 'CAPEC-7', 'CAPEC-676', 'CAPEC-248'].includes(id)), `injection in ${ids}`);
    assert.ok(ids.some((id) => ['CAPEC-115', 'CAPEC-600', 'CAPEC-49'].includes(id)), `broken authentication in ${ids}`);
    assert.ok(ids.some((id) => ['CAPEC-125', 'CAPEC-130', 'CAPEC-488', 'CAPEC-469'].includes(id)), `excessive requests in ${ids}`);
  });

  it('suggests SQL injection first for a database', () => {
    const list = engine.suggest({ kind: 'database', name: 'Orders DB' });
    assert.equal(list[0].capec, 'CAPEC-66');
    assert.equal(list[0].name, 'SQL Injection');
  });

  it('suggests XSS and CSRF first for a web front end, and DOM XSS first for a React single-page app', () => {
    const pages = engine.suggest({ kind: 'web-frontend', name: 'Shop UI' });
    assert.equal(pages[0].capec, 'CAPEC-63');
    assert.ok(top(pages, 3).includes('CAPEC-62'));
    const spa = engine.suggest({ kind: 'web-frontend', name: 'Shop UI', technologies: ['React', 'TypeScript'] });
    assert.deepEqual(top(spa, 2).sort(), ['CAPEC-588', 'CAPEC-63']);
    assert.ok(top(spa, 6).includes('CAPEC-204'), 'tokens in browser storage');
  });

  it('understands technology synonyms: postgres means SQL', () => {
    for (const tech of ['postgres', 'PostgreSQL 15', 'MySQL', 'sql server']) {
      const list = engine.suggest({ kind: 'backend-service', technologies: [tech] });
      const sqli = find(list, 'CAPEC-66');
      assert.ok(sqli, `${tech} suggests SQL injection`);
      const reason = sqli.reasons.find((r) => r.rule === 'tech-sql');
      assert.ok(reason, `${tech}: reason from tech-sql`);
      const match = reason.matched.find((m) => m.on === 'keyword');
      assert.ok(match && match.on === 'keyword');
      assert.equal(match.keyword, 'sql');
      assert.equal(match.where, 'field');
      assert.equal(match.found, tech);
    }
    const mongo = engine.suggest({ kind: 'backend-service', technologies: ['mongo'] });
    assert.ok(find(mongo, 'CAPEC-676'), 'mongo suggests NoSQL injection');
  });

  it('finds keywords in the description at reduced weight, but not everyday words', () => {
    const fromText = engine.suggest({ kind: 'backend-service', description: 'Keeps orders in PostgreSQL.' });
    const fromField = engine.suggest({ kind: 'backend-service', technologies: ['postgresql'] });
    const textReason = find(fromText, 'CAPEC-66')?.reasons.find((r) => r.rule === 'tech-sql');
    const fieldReason = find(fromField, 'CAPEC-66')?.reasons.find((r) => r.rule === 'tech-sql');
    assert.ok(textReason && fieldReason);
    assert.equal(textReason.weight, fieldReason.weight * TEXT_MATCH_FACTOR);
    assert.deepEqual(
      textReason.matched.map((m) => (m.on === 'keyword' ? m.where : m.on)),
      ['text'],
    );
    // "node" is a technology only when listed as one; in prose it is an ordinary word.
    const prose = engine.suggest({ kind: 'backend-service', description: 'Runs on each node of the cluster.' });
    assert.ok(!prose.some((s) => s.reasons.some((r) => r.rule === 'tech-node')));
    const listed = engine.suggest({ kind: 'backend-service', technologies: ['Node 20'] });
    assert.ok(listed.some((s) => s.reasons.some((r) => r.rule === 'tech-node')));
  });

  it('gives every suggestion its reasons and the pattern facts from the catalog', () => {
    const list = engine.suggest({ kind: 'auth-service', technologies: ['jwt', 'ldap'], internetFacing: true, data: ['credentials'] });
    assert.ok(list.length > 10);
    for (const s of list) {
      const pattern = store.capec().pattern(s.capec);
      assert.ok(pattern, `${s.capec} is active`);
      assert.equal(s.name, pattern.name);
      assert.equal(s.severity, pattern.severity);
      assert.equal(s.abstraction, pattern.abstraction);
      assert.ok(s.reasons.length > 0);
      for (const r of s.reasons) {
        assert.ok(r.rule && r.reason.trim().length > 10, `${s.capec}: reason text`);
        assert.ok(r.matched.length > 0);
        assert.equal(r.source, 'builtin');
      }
      assert.equal(s.score, Math.round(s.reasons.reduce((n, r) => n + r.weight, 0) * 100) / 100);
    }
    assert.ok(find(list, 'CAPEC-196'), 'jwt: token forging');
    assert.ok(find(list, 'CAPEC-136'), 'ldap: LDAP injection');
    assert.ok(find(list, 'CAPEC-55')?.reasons.some((r) => r.rule === 'data-credentials'), 'credentials: rainbow tables');
    assert.ok(find(list, 'CAPEC-600')?.reasons.some((r) => r.rule === 'internet-facing-login'));
  });

  it('ranks deterministically: score, then default, severity and id', () => {
    const item = { kind: 'rest-api', technologies: ['java', 'postgres', 'kafka'], internetFacing: true, data: ['personal data'] };
    const a = engine.suggest(item);
    const b = engine.suggest({ ...item });
    assert.deepEqual(a, b);
    for (let i = 1; i < a.length; i++) assert.ok(a[i - 1].score >= a[i].score, `sorted at ${i}`);
  });

  it('uses internet exposure and data only when stated', () => {
    const exposed = engine.suggest({ kind: 'database', internetFacing: true });
    const internal = engine.suggest({ kind: 'database', internetFacing: false });
    const unknown = engine.suggest({ kind: 'database' });
    assert.ok(find(exposed, 'CAPEC-70')!.reasons.some((r) => r.rule === 'internet-facing-data-store'));
    for (const list of [internal, unknown]) assert.ok(!list.some((s) => s.reasons.some((r) => r.rule.startsWith('internet-facing'))));
    const payment = engine.suggest({ kind: 'backend-service', data: ['Card data'] });
    assert.ok(find(payment, 'CAPEC-385')?.reasons.some((r) => r.rule === 'data-payment'));
  });

  it('marks the kind defaults and selected patterns, and can leave them out', () => {
    const kind = data.itemKinds().resolve('rest-api')!;
    const list = engine.suggest({ kind: 'rest-api', attackPatterns: ['CAPEC-66'] });
    for (const id of kind.defaultAttackPatterns) assert.equal(find(list, id)?.isDefault, true, id);
    assert.equal(find(list, 'CAPEC-66')?.selected, true);
    const without = engine.suggest({ kind: 'rest-api', attackPatterns: ['CAPEC-66'] }, { excludeSelected: true, exclude: ['capec-115', '125'] });
    for (const id of ['CAPEC-66', 'CAPEC-115', 'CAPEC-125']) assert.ok(!find(without, id), `${id} excluded`);
    assert.equal(without.length, list.length - 3);
    assert.equal(engine.suggest({ kind: 'rest-api' }, { limit: 3 }).length, 3);
    assert.ok(engine.suggest({ kind: 'rest-api' }, { minScore: 9 }).every((s) => s.score >= 9));
  });

  it('accepts kind aliases and spellings, and copes with unknown kinds', () => {
    assert.deepEqual(top(engine.suggest({ kind: 'api' }), 5), top(engine.suggest({ kind: 'rest-api' }), 5));
    assert.deepEqual(top(engine.suggest({ kind: 'REST API' }), 5), top(engine.suggest({ kind: 'rest-api' }), 5));
    assert.deepEqual(engine.suggest({ kind: 'quantum-teleporter' }), []);
    const byTech = engine.suggest({ kind: 'quantum-teleporter', technologies: ['postgres'] });
    assert.equal(byTech[0].capec, 'CAPEC-66');
  });

  it('suggests for every kind of the taxonomy', () => {
    for (const kind of data.itemKinds().kinds) {
      const list = engine.suggest({ kind: kind.id });
      assert.ok(list.length >= 3, `${kind.id} has suggestions`);
      assert.ok(list.every((s) => s.reasons.length > 0));
    }
  });

  describe('technology-aware rules', () => {
    it('does not offer SQL injection or default passwords for DynamoDB', () => {
      const list = engine.suggest({ kind: 'database', name: 'Sessions table', technologies: ['Amazon DynamoDB'] });
      assert.equal(find(list, 'CAPEC-66'), undefined);
      assert.equal(find(list, 'CAPEC-70'), undefined);
      assert.ok(top(list, 3).includes('CAPEC-676'), 'NoSQL injection near the top');
      assert.ok(top(list, 3).includes('CAPEC-180'), 'IAM policies near the top');
    });

    it('keeps SQL injection and default passwords for a self-hosted SQL database', () => {
      const list = engine.suggest({ kind: 'database', technologies: ['PostgreSQL'] });
      assert.equal(list[0].capec, 'CAPEC-66');
      assert.ok(find(list, 'CAPEC-70'));
    });

    it('treats credentials in a configuration file as secrets to protect, not passwords to crack', () => {
      const list = engine.suggest({ kind: 'config-file', name: 'appsettings.json', data: ['database credentials'] });
      assert.equal(list[0].capec, 'CAPEC-37');
      assert.equal(find(list, 'CAPEC-55'), undefined);
      assert.equal(find(list, 'CAPEC-49'), undefined);
    });

    it('reads hashed API keys as stored credentials (weak hashing) and API-key APIs without credential stuffing first', () => {
      const keys = engine.suggest({ kind: 'database', name: 'Keys', data: ['hashed API keys'] });
      assert.ok(find(keys, 'CAPEC-55'), 'rainbow tables against weakly hashed keys');
      const api = engine.suggest({ kind: 'rest-api', technologies: ['API keys'], internetFacing: true });
      assert.notEqual(api[0].capec, 'CAPEC-600');
      assert.equal(find(api, 'CAPEC-600'), undefined);
      assert.ok(top(api, 3).includes('CAPEC-21'));
    });

    it('does not give a static single-page app without sessions CSRF or session hijacking', () => {
      const list = engine.suggest({ kind: 'web-frontend', technologies: ['React', 'GitHub Pages'] });
      assert.equal(find(list, 'CAPEC-62'), undefined);
      assert.equal(find(list, 'CAPEC-593'), undefined);
      assert.ok(top(list, 2).includes('CAPEC-588'));
    });
  });

  describe('words', () => {
    it('reads whole phrases first, so product names do not match the words inside them', () => {
      const composer = engine.suggest({ kind: 'backend-service', name: 'Threat Composer export', technologies: ['Threat Composer'] });
      assert.ok(composer.every((s) => s.reasons.every((r) => r.rule !== 'tech-package-registry')), 'not the PHP package manager');
      const vectors = engine.suggest({ kind: 'database', technologies: ['vector database'] });
      assert.ok(vectors.every((s) => s.reasons.every((r) => r.rule !== 'tech-llm')), 'a vector database is not an LLM');
      assert.ok(find(vectors, 'CAPEC-1')?.reasons.some((r) => r.rule === 'tech-vector-store'));
      assert.equal(find(vectors, 'CAPEC-66'), undefined, 'nor an SQL database');
    });

    it('recognises cloud, infrastructure and front-end technology names', () => {
      const expectations: Record<string, string> = {
        React: 'spa', TypeScript: 'javascript', ECS: 'cloud containers', Fargate: 'cloud containers', 'API Gateway': 'api gateway', ALB: 'nginx',
        'HA-Proxy': 'nginx', WAF: 'waf', Lambda: 'serverless', Bedrock: 'llm', CloudFront: 'cdn', CodePipeline: 'ci', GitHub: 'git',
        git: 'git', 'GitHub Pages': 'static site', Apache: 'web server', Linux: 'linux', NFS: 'file share', DICOM: 'medical imaging',
      };
      for (const [spelling, keyword] of Object.entries(expectations)) {
        const found = engine.ruleSet.keywords.match([spelling], []);
        assert.ok(found.has(keyword), `${spelling} -> ${keyword} (found ${[...found.keys()].join(', ')})`);
      }
      const data: Record<string, string> = {
        'authentication tokens': 'session data', 'audit log': 'logs', 'user prompts': 'personal data', 'intellectual property': 'confidential',
        'imaging data': 'health data', 'hashed API keys': 'credentials',
      };
      for (const [spelling, dataClass] of Object.entries(data)) {
        const found = engine.ruleSet.dataClasses.match([spelling], []);
        const classes = engine.ruleSet.dataClasses.keywords();
        assert.deepEqual([...found.keys()].filter((k) => classes.includes(k)), [dataClass], spelling);
      }
    });
  });

  describe('several kinds', () => {
    it('gives an API server that also renders pages both families, and both kinds\' defaults', () => {
      const list = engine.suggest({ kind: 'rest-api', alsoKinds: ['web-frontend'], name: 'Shop' });
      for (const id of ['CAPEC-63', 'CAPEC-62', 'CAPEC-1', 'CAPEC-115']) assert.ok(top(list, 10).includes(id), id);
      assert.ok(find(list, 'CAPEC-63')?.isDefault && find(list, 'CAPEC-1')?.isDefault);
      const onlyApi = engine.suggest({ kind: 'rest-api', name: 'Shop' });
      assert.equal(find(onlyApi, 'CAPEC-63'), undefined);
    });
  });

  describe('pre-selection', () => {
    it('pre-selects the kind defaults and strong evidence near the top, nothing far down the list', () => {
      const list = engine.suggest({ kind: 'auth-service', technologies: ['JWT', 'OAuth', 'PostgreSQL'], internetFacing: true, data: ['passwords', 'session tokens'] });
      const defaults = new Set(data.itemKinds().resolve('auth-service')!.defaultAttackPatterns);
      list.forEach((s, rank) => {
        if (defaults.has(s.capec)) assert.ok(s.preselected, `${s.capec} is a default`);
        else assert.equal(s.preselected, rank < PRESELECT_RANK && s.score >= PRESELECT_SCORE, `${s.capec} at ${rank} scoring ${s.score}`);
      });
      assert.ok(list.some((s) => s.preselected && !s.isDefault), 'strong evidence beyond the defaults is pre-selected');
      assert.ok(
        list.some((s, rank) => rank >= PRESELECT_RANK && s.score >= PRESELECT_SCORE && !s.preselected),
        'a strong suggestion below the cut-off rank is offered but not pre-selected',
      );
    });
  });

  describe('exceptions and phrases', () => {
    it('switches a rule off only for what the item lists, not for a word in its description', () => {
      const described = engine.suggest({ kind: 'database', technologies: ['PostgreSQL'], description: 'Nightly backups are copied to S3.', internetFacing: true });
      assert.ok(find(described, 'CAPEC-70'), 'still offered default passwords');
      const managed = engine.suggest({ kind: 'database', technologies: ['PostgreSQL', 'Amazon S3'], internetFacing: true });
      assert.equal(find(managed, 'CAPEC-70'), undefined);
    });

    it('reads overlapping phrases both, and a spelling inside a longer one only as that spelling', () => {
      const found = engine.ruleSet.keywords.match([], ['Fully managed Cloud Run service behind Amazon CloudFront']);
      assert.ok(found.has('cloud containers'), 'Cloud Run');
      assert.ok(found.has('cdn') && found.has('managed cloud'));
      const dynamo = engine.ruleSet.keywords.match(['Amazon DynamoDB'], []);
      assert.ok(dynamo.has('dynamodb'), 'a condition may name the inner spelling');
      const composer = engine.ruleSet.keywords.match(['Threat Composer'], []);
      assert.deepEqual([...composer.keys()], [], 'nothing inside an ignored phrase');
      const pages = engine.ruleSet.keywords.match(['GitHub Pages'], []);
      assert.ok(pages.has('static site') && !pages.has('git'));
    });
  });
});
