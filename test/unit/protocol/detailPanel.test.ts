import * as assert from 'node:assert/strict';
import { patternDetail, requirementDetail } from '../../../src/core/details/detailView';
import { DetailToHost, HostToDetail } from '../../../src/protocol/detailPanel';
import { committedStore } from '../catalog/catalogPaths';

const store = committedStore();
const catalogs = store.catalogs('5.0.0');
const pattern = patternDetail(catalogs, 'CAPEC-66')!;
const requirement = requirementDetail(catalogs, 'V1.2.4')!;
const show = (detail: unknown) => ({ type: 'show', detail, canAddToItem: true });
const MILLION = 1_000_000;

function refused(schema: typeof HostToDetail | typeof DetailToHost, message: unknown): void {
  const started = performance.now();
  const result = schema.safeParse(message);
  const ms = performance.now() - started;
  if (result.success) assert.fail(`accepted: ${String(JSON.stringify(message)).slice(0, 200)}`);
  assert.ok(ms < 500, `refusing took ${ms.toFixed(0)} ms`);
}

describe('detail panel protocol', () => {
  describe('webview → host (validated by the host)', () => {
    const valid = [
      { type: 'ready' },
      { type: 'rendered', kind: 'pattern', id: 'CAPEC-66' },
      { type: 'open', target: 'requirement', id: 'V1.2.4' },
      { type: 'open', target: 'cwe', id: 'CWE-89' },
      { type: 'addToItem', capecId: 'CAPEC-66' },
    ];

    it('accepts the messages the webview sends', () => {
      for (const message of valid) assert.deepEqual(DetailToHost.parse(message), message);
    });

    it('refuses every message with an extra key, rather than dropping the key', () => {
      for (const message of valid) refused(DetailToHost, { ...message, extra: 1 });
      refused(DetailToHost, { type: 'ready', __proto__: { polluted: true }, constructor: 'x' });
    });

    it('refuses a 1,000,000-element array and over-long strings', () => {
      refused(DetailToHost, { type: 'addToItem', capecId: new Array(MILLION).fill('CAPEC-66') });
      refused(DetailToHost, { type: 'open', target: 'pattern', id: new Array(MILLION).fill('CAPEC-66') });
      refused(DetailToHost, { type: 'open', target: 'pattern', id: 'CAPEC-' + '6'.repeat(MILLION) });
      refused(DetailToHost, new Array(MILLION).fill({ type: 'ready' }));
    });

    it('refuses what is not a message at all', () => {
      for (const message of [undefined, null, 'ready', 42, [], {}, { type: 'show' }, { type: 'open', target: 'file', id: '/etc/passwd' }]) refused(DetailToHost, message);
    });
  });

  describe('host → webview (validated by the webview)', () => {
    it('accepts a pattern and a requirement detail', () => {
      assert.deepEqual(HostToDetail.parse(show(pattern)), show(pattern));
      assert.deepEqual(HostToDetail.parse(show(requirement)), show(requirement));
    });

    it('accepts the detail of every catalog pattern and requirement of both editions (the caps fit the data)', () => {
      for (const edition of ['5.0.0', '4.0.3'] as const) {
        const indexes = store.catalogs(edition);
        for (const p of indexes.capec.patterns) {
          const result = HostToDetail.safeParse(show(patternDetail(indexes, p.id)));
          assert.ok(result.success, `${edition} ${p.id}: ${result.error?.issues[0]?.message} at ${result.error?.issues[0]?.path.join('.')}`);
        }
        for (const r of indexes.asvs.requirements) {
          const result = HostToDetail.safeParse(show(requirementDetail(indexes, r.id)));
          assert.ok(result.success, `${edition} ${r.id}: ${result.error?.issues[0]?.message} at ${result.error?.issues[0]?.path.join('.')}`);
        }
      }
    });

    it('refuses an extra key at any depth', () => {
      refused(HostToDetail, { ...show(pattern), extra: 1 });
      refused(HostToDetail, show({ ...pattern, html: '<img src=x onerror=alert(1)>' }));
      refused(HostToDetail, show({ ...requirement, extra: 1 }));
      refused(HostToDetail, show({ ...pattern, parents: [{ ...pattern.parents[0] ?? { id: 'CAPEC-1', name: 'n', abstraction: 'Meta' }, extra: 1 }] }));
      refused(HostToDetail, show({ ...pattern, categories: [{ id: 'CAPEC-1', name: 'n', extra: 1 }] }));
      refused(HostToDetail, show({ ...requirement, patterns: [{ id: 'CAPEC-1', name: 'n', abstraction: 'Meta', why: [], extra: 1 }] }));
    });

    it('refuses 1,000,000-element arrays in every list', () => {
      const ref = { id: 'CAPEC-1', name: 'n', abstraction: 'Meta' };
      const many = <T>(item: T) => new Array<T>(MILLION).fill(item);
      for (const key of ['prerequisites', 'mitigations', 'consequences', 'domains']) refused(HostToDetail, show({ ...pattern, [key]: many('x') }));
      refused(HostToDetail, show({ ...pattern, cwes: many('CWE-89') }));
      refused(HostToDetail, show({ ...pattern, categories: many({ id: 'CAPEC-1', name: 'n' }) }));
      refused(HostToDetail, show({ ...pattern, parents: many(ref) }));
      refused(HostToDetail, show({ ...pattern, children: many(ref) }));
      refused(HostToDetail, show({ ...pattern, requirements: many({ id: 'V1.2.4', text: 't', level: 1, methods: [], why: [] }) }));
      refused(HostToDetail, show({ ...pattern, requirements: [{ id: 'V1.2.4', text: 't', level: 1, methods: many('m'), why: [] }] }));
      refused(HostToDetail, show({ ...pattern, requirements: [{ id: 'V1.2.4', text: 't', level: 1, methods: [], why: many('w') }] }));
      refused(HostToDetail, show({ ...requirement, cwes: many('CWE-89') }));
      refused(HostToDetail, show({ ...requirement, patterns: many({ ...ref, why: [] }) }));
    });

    it('refuses over-long strings and out-of-range levels', () => {
      refused(HostToDetail, show({ ...pattern, description: 'x'.repeat(MILLION) }));
      refused(HostToDetail, show({ ...pattern, name: 'x'.repeat(10_000) }));
      refused(HostToDetail, show({ ...requirement, id: 'V'.repeat(65) }));
      refused(HostToDetail, show({ ...requirement, level: 1e9 }));
      refused(HostToDetail, show({ ...requirement, level: 1.5 }));
    });
  });
});
