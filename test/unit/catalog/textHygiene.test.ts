// No markup may leak into catalog text: the views render it as Markdown without HTML, and raw XHTML would
// show up as tags or, worse, as live markup.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG_DIR } from './catalogPaths';

/** Text outside Markdown code spans and fenced blocks, where tag mentions are allowed on purpose. */
function outsideCode(text: string): string {
  return text.replace(/```[\s\S]*?```/g, ' ').replace(/`[^`\n]*`/g, ' ');
}

const TAG = /<\/?[A-Za-z][\w:-]*(\s[^<>]*)?\/?>/;

function strings(value: unknown, path: string, out: [string, string][]): void {
  if (typeof value === 'string') out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) strings(v, `${path}.${k}`, out);
}

describe('catalog text hygiene', () => {
  for (const file of ['capec-3.9.json', 'asvs-5.0.0.json', 'asvs-4.0.3.json', 'mapping-asvs-5.0.0.json', 'mapping-asvs-4.0.3.json']) {
    it(`${file}: no raw XHTML/HTML tags in any text field`, () => {
      const all: [string, string][] = [];
      strings(JSON.parse(readFileSync(join(CATALOG_DIR, file), 'utf8')), '', all);
      const bad = all.filter(([path, s]) => !path.endsWith('.filter') && (/xhtml:/.test(s) || TAG.test(outsideCode(s))));
      assert.deepEqual(bad.slice(0, 5), [], `${bad.length} text fields contain markup`);
    });
  }

  it('capec-3.9.json: no leftover indentation runs or empty list items in converted text', () => {
    const capec = JSON.parse(readFileSync(join(CATALOG_DIR, 'capec-3.9.json'), 'utf8')) as { patterns: Record<string, unknown>[] };
    for (const p of capec.patterns) {
      const texts = [p.description, p.extendedDescription, ...(p.prerequisites as string[]), ...(p.mitigations as string[])].filter(
        (t): t is string => typeof t === 'string',
      );
      for (const t of texts) {
        const prose = t.replace(/```[\s\S]*?```/g, '');
        assert.doesNotMatch(prose, / {2,}/, `${String(p.id)}: double spaces`);
        assert.doesNotMatch(prose, /^\s*-\s*$/m, `${String(p.id)}: empty list item`);
        assert.equal(t, t.trim(), `${String(p.id)}: untrimmed text`);
      }
      // Upstream leaves two social-engineering patterns without a description.
      if (p.id !== 'CAPEC-434' && p.id !== 'CAPEC-435') assert.notEqual(p.description, '', `${String(p.id)}: empty description`);
    }
  });

  for (const edition of ['4.0.3', '5.0.0']) {
    it(`asvs-${edition}.json: requirement text carries no Markdown links or escapes; the links are kept as references`, () => {
      const asvs = JSON.parse(readFileSync(join(CATALOG_DIR, `asvs-${edition}.json`), 'utf8')) as { requirements: { id: string; text: string; references?: { label: string; url: string }[] }[] };
      for (const r of asvs.requirements) {
        assert.doesNotMatch(r.text, /\]\(https?:|\\[_*`]/, r.id);
        for (const ref of r.references ?? []) assert.match(ref.url, /^https:\/\//, `${r.id} ${ref.label}`);
      }
      if (edition === '4.0.3') {
        const v1 = asvs.requirements.find((r) => r.id === 'V1.1.1')!;
        assert.equal(v1.text, 'Verify the use of a secure software development lifecycle that addresses security in all stages of development.');
        assert.deepEqual(v1.references?.map((r) => r.label), ['C1']);
        assert.equal(asvs.requirements.filter((r) => r.references).length, 72);
      } else {
        assert.match(asvs.requirements.find((r) => r.id === 'V3.3.1')!.text, /'__Host-' prefix/);
      }
    });
  }
});
