import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { FIXTURE_MODEL, fixtureText } from './helpers';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, (l) => out.push(l), (l) => err.push(l));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('threatmodel CLI', () => {
  it('validates a good file', async () => {
    const r = await run(['validate', FIXTURE_MODEL]);
    assert.equal(r.code, 0);
    assert.match(r.out, /valid \(2 projects, ASVS 5\.0\.0\)/);
  });

  it('fails an invalid file with file:line:column messages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-cli-'));
    try {
      const file = join(dir, 'threatmodel.yaml');
      writeFileSync(file, fixtureText().replace('estimatedHours: 24', 'estimatedHours: lots'));
      const r = await run(['validate', file]);
      assert.equal(r.code, 1);
      assert.match(r.err, /threatmodel\.yaml:8:21 error: project "checkout" › estimatedHours/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints progress per project', async () => {
    const r = await run(['status', FIXTURE_MODEL]);
    assert.equal(r.code, 0);
    assert.match(r.out, /checkout\tRunning\t2\/4\t50%\tCheckout service/);
  });

  it('explains usage errors', async () => {
    assert.equal((await run(['frobnicate'])).code, 2);
    assert.equal((await run(['validate', '/nonexistent/threatmodel.yaml'])).code, 2);
  });
});
