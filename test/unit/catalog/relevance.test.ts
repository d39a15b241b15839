// The relevance review's result, pinned on the cases an application-security engineer checks first: the
// main mitigation of each well-known attack is a primary link, broad weaknesses do not drag privacy
// requirements onto network scans, and no pattern shows a wall of requirements by default.
import * as assert from 'node:assert/strict';
import { requirementsForPatterns } from '../../../src/core/catalog/requirementsForPatterns';
import type { AsvsEdition } from '../../../src/core/catalog/types';
import { committedStore } from './catalogPaths';

/** Attack -> its main mitigation(s) per edition: any one of them primary is enough. */
const MAIN_MITIGATIONS: ReadonlyArray<{ capec: string; attack: string; '5.0.0': string[]; '4.0.3': string[] }> = [
  { capec: 'CAPEC-66', attack: 'SQL injection', '5.0.0': ['V1.2.4'], '4.0.3': ['V5.3.4'] },
  { capec: 'CAPEC-88', attack: 'OS command injection', '5.0.0': ['V1.2.5'], '4.0.3': ['V5.3.8'] },
  { capec: 'CAPEC-63', attack: 'cross-site scripting', '5.0.0': ['V1.2.1', 'V1.2.3'], '4.0.3': ['V5.3.3'] },
  { capec: 'CAPEC-62', attack: 'CSRF', '5.0.0': ['V3.5.1', 'V3.5.2', 'V3.5.3'], '4.0.3': ['V4.2.2', 'V3.4.3'] },
  { capec: 'CAPEC-126', attack: 'path traversal', '5.0.0': ['V5.3.2'], '4.0.3': ['V12.3.1', 'V12.3.2'] },
  { capec: 'CAPEC-664', attack: 'SSRF', '5.0.0': ['V1.3.6'], '4.0.3': ['V5.2.6', 'V12.6.1'] },
  { capec: 'CAPEC-586', attack: 'deserialization', '5.0.0': ['V1.5.2'], '4.0.3': ['V5.5.3', 'V5.5.1'] },
  { capec: 'CAPEC-221', attack: 'XML external entities', '5.0.0': ['V1.5.1'], '4.0.3': ['V5.5.2'] },
  { capec: 'CAPEC-600', attack: 'credential stuffing', '5.0.0': ['V6.3.1'], '4.0.3': ['V2.2.1'] },
  { capec: 'CAPEC-112', attack: 'brute force', '5.0.0': ['V6.3.1'], '4.0.3': ['V2.2.1'] },
  { capec: 'CAPEC-94', attack: 'adversary in the middle', '5.0.0': ['V12.2.1', 'V12.3.1', 'V12.1.1'], '4.0.3': ['V9.1.1', 'V9.2.1'] },
  { capec: 'CAPEC-31', attack: 'cookie theft', '5.0.0': ['V3.3.1', 'V3.3.4'], '4.0.3': ['V3.4.1', 'V3.4.2'] },
  { capec: 'CAPEC-60', attack: 'session replay', '5.0.0': ['V7.4.1', 'V7.3.1', 'V7.3.2'], '4.0.3': ['V3.3.1', 'V3.3.2'] },
  { capec: 'CAPEC-87', attack: 'forceful browsing', '5.0.0': ['V8.2.1', 'V8.2.2'], '4.0.3': ['V4.2.1', 'V4.1.1', 'V4.1.3'] },
  { capec: 'CAPEC-268', attack: 'log tampering', '5.0.0': ['V16.4.2'], '4.0.3': ['V7.3.3'] },
  { capec: 'CAPEC-59', attack: 'session credential prediction', '5.0.0': ['V7.2.3'], '4.0.3': ['V3.2.2'] },
];

/** Requirements whose subject is privacy or data handling, never a control against scanning a network. */
const PRIVACY: Record<AsvsEdition, string[]> = {
  '5.0.0': ['V14.1.1', 'V14.1.2', 'V14.2.3', 'V14.2.4'],
  '4.0.3': ['V8.3.1', 'V8.3.2', 'V8.3.3', 'V8.3.4', 'V8.3.5', 'V8.3.6', 'V8.3.7', 'V8.3.8'],
};

const EDITIONS: AsvsEdition[] = ['5.0.0', '4.0.3'];

describe('CAPEC -> ASVS relevance', () => {
  const store = committedStore();

  for (const edition of EDITIONS) {
    describe(`ASVS ${edition}`, () => {
      const catalogs = store.catalogs(edition);

      for (const m of MAIN_MITIGATIONS) {
        it(`${m.attack} (${m.capec}) reaches ${m[edition].join(' or ')} as a primary link, listed first`, () => {
          const links = catalogs.mapping.linksForPattern(m.capec);
          const primary = links.filter((l) => l.relevance === 'primary').map((l) => l.requirement);
          assert.ok(m[edition].some((id) => primary.includes(id)), `primary links: ${primary.join(', ') || 'none'}`);
          const first = requirementsForPatterns(catalogs, [m.capec])[0];
          assert.equal(first?.relevance, 'primary', `first listed: ${first?.requirement.id}`);
          for (const link of links.filter((l) => l.relevance === 'primary' || l.relevance === 'supporting')) assert.ok(link.rationale, `${link.requirement} has no rationale`);
        });
      }

      it('links no network-scanning pattern to a privacy requirement by default', () => {
        const scanning = catalogs.capec.patterns.filter((p) => /scan|footprint|fingerprint|sweep/i.test(p.name));
        assert.ok(scanning.length >= 20, `${scanning.length} scanning patterns`);
        for (const p of scanning) {
          const shown = requirementsForPatterns(catalogs, [p.id]).map((r) => r.requirement.id);
          const privacy = shown.filter((id) => PRIVACY[edition].includes(id));
          assert.deepEqual(privacy, [], `${p.id} ${p.name}`);
        }
      });

      it('shows at most 10 requirements for any pattern by default (primary and supporting)', () => {
        const over = catalogs.capec.patterns
          .map((p) => ({ id: p.id, shown: requirementsForPatterns(catalogs, [p.id]).length }))
          .filter((x) => x.shown > 10);
        assert.deepEqual(over, []);
      });

      it('has read every link of every pattern: none is left unreviewed', () => {
        const unreviewed = catalogs.mapping.links.filter((l) => !l.relevance);
        assert.deepEqual(unreviewed.slice(0, 5), [], `${unreviewed.length} links without a relevance`);
      });
    });
  }
});
