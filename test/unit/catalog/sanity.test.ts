// Well-known patterns must lead to the requirements a security reviewer expects, in both editions.
import * as assert from 'node:assert/strict';
import type { AsvsEdition } from '../../../src/core/catalog';
import { committedStore } from './catalogPaths';

const EXPECTED: { capec: string; what: string; '4.0.3': string[]; '5.0.0': string[] }[] = [
  { capec: 'CAPEC-66', what: 'SQL injection -> parameterised queries', '4.0.3': ['V5.3.4', 'V5.3.5'], '5.0.0': ['V1.2.4'] },
  { capec: 'CAPEC-63', what: 'XSS -> output encoding', '4.0.3': ['V5.3.3', 'V5.3.1'], '5.0.0': ['V1.2.1', 'V3.2.2'] },
  { capec: 'CAPEC-600', what: 'credential stuffing -> anti-automation, breached passwords', '4.0.3': ['V2.2.1', 'V2.1.7'], '5.0.0': ['V6.3.1', 'V6.2.12'] },
  { capec: 'CAPEC-62', what: 'CSRF -> anti-CSRF, SameSite', '4.0.3': ['V4.2.2', 'V13.2.3', 'V3.4.3'], '5.0.0': ['V3.5.1', 'V3.3.2'] },
  { capec: 'CAPEC-126', what: 'path traversal -> file name handling', '4.0.3': ['V12.3.1'], '5.0.0': ['V5.3.2'] },
  { capec: 'CAPEC-221', what: 'XXE -> restrictive XML parser', '4.0.3': ['V5.5.2'], '5.0.0': ['V1.5.1'] },
  { capec: 'CAPEC-664', what: 'SSRF -> allow-lists', '4.0.3': ['V5.2.6', 'V12.6.1'], '5.0.0': ['V1.3.6'] },
  { capec: 'CAPEC-586', what: 'object injection -> safe deserialisation', '4.0.3': ['V5.5.3'], '5.0.0': ['V1.5.2'] },
  { capec: 'CAPEC-88', what: 'OS command injection', '4.0.3': ['V5.3.8'], '5.0.0': ['V1.2.5'] },
  { capec: 'CAPEC-136', what: 'LDAP injection', '4.0.3': ['V5.3.7'], '5.0.0': ['V1.2.6'] },
  { capec: 'CAPEC-61', what: 'session fixation -> new token on login', '4.0.3': ['V3.2.1'], '5.0.0': ['V7.2.4'] },
  { capec: 'CAPEC-103', what: 'clickjacking -> frame-ancestors', '4.0.3': ['V14.4.7'], '5.0.0': ['V3.4.6'] },
  { capec: 'CAPEC-33', what: 'request smuggling', '4.0.3': ['V13.1.1'], '5.0.0': ['V4.2.1'] },
  { capec: 'CAPEC-463', what: 'padding oracle', '4.0.3': ['V6.2.1'], '5.0.0': ['V11.2.5'] },
  { capec: 'CAPEC-538', what: 'open-source library manipulation -> dependency hygiene', '4.0.3': ['V14.2.4'], '5.0.0': ['V15.2.4'] },
];

// Patterns the suggestion rules are expected to offer for common items; each must yield requirements.
const COMMON = [
  1, 7, 16, 17, 20, 22, 31, 33, 34, 36, 39, 49, 54, 58, 60, 61, 62, 63, 66, 70, 74, 77, 81, 83, 87, 88, 93, 94, 97, 101, 103,
  105, 107, 109, 111, 114, 115, 117, 121, 122, 125, 126, 127, 130, 134, 135, 136, 137, 140, 143, 144, 147, 157, 162, 170, 179,
  184, 185, 186, 196, 197, 201, 206, 207, 217, 221, 228, 230, 231, 233, 242, 250, 268, 273, 274, 460, 463, 469, 488, 492, 528,
  538, 541, 554, 565, 586, 588, 591, 592, 593, 600, 650, 664, 676, 691, 695,
].map((n) => `CAPEC-${n}`);

describe('mapping sanity cases', () => {
  const store = committedStore();
  const reqs = (edition: AsvsEdition, capec: string): string[] =>
    store.mapping(edition).linksForPattern(capec).map((l) => l.requirement);

  for (const edition of ['4.0.3', '5.0.0'] as const) {
    for (const c of EXPECTED) {
      it(`${edition}: ${c.capec} (${c.what}) -> ${c[edition].join(', ')}`, () => {
        const got = reqs(edition, c.capec);
        for (const want of c[edition]) assert.ok(got.includes(want), `${c.capec} lacks ${want}; has ${got.join(' ')}`);
      });
    }

    it(`${edition}: credential stuffing leads mainly to the authentication chapter`, () => {
      const chapter = edition === '4.0.3' ? 'V2' : 'V6';
      // What a person sees and adds: the default list (primary and supporting, at most ten). Every primary
      // control is an authentication one; supporting ones may be logging or adaptive access control.
      const shown = store.requirementsForPatterns(['CAPEC-600'], edition);
      const got = shown.map((r) => r.requirement.chapterId);
      assert.ok(shown.filter((r) => r.relevance === 'primary').every((r) => r.requirement.chapterId === chapter), got.join(' '));
      assert.ok(got.filter((c) => c === chapter).length / got.length >= 0.6, got.join(' '));
    });

    it(`${edition}: every commonly suggested pattern yields requirements`, () => {
      const missing = COMMON.filter((id) => reqs(edition, id).length === 0);
      assert.deepEqual(missing, []);
    });
  }

  it('mapping links carry provenance that can be shown to the user', () => {
    for (const edition of ['4.0.3', '5.0.0'] as const) {
      for (const link of store.mapping(edition).links) {
        assert.ok(link.provenance.length > 0);
        for (const p of link.provenance) {
          if (p.method === 'cwe' || p.method === 'cwe-parent') {
            assert.match(p.cwe, /^CWE-\d+$/);
            assert.equal(p.derived === true, edition === '5.0.0', 'only 5.0.0 CWE joins rest on derived CWEs');
          }
          if (p.method === 'capec-parent') assert.ok(store.capec().ancestors(link.capec).some((a) => a.id === p.ancestor));
        }
      }
    }
  });
});
