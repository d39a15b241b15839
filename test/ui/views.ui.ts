// UI tests of the packaged extension, as a user meets it: the .vsix installed into VS Code (code-server,
// no test driver), the Threat Modeling container opened from the activity bar, the fixture's project shown.
// Run through scripts/vscode-test/run-ui.mjs, which packages, installs and starts the server first.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { envOrThrow, waitForAttribute, type Workbench, useWorkbench } from './workbench';
import { listZipEntries } from './vsix';

const EXTENSION_FOLDER = 'threatmodeling.threat-modeling-0.1.0';
const VIEW_NAMES = ['Projects', 'Attack Patterns (CAPEC)', 'Requirements (ASVS)'];
const FIXTURE_PROJECT = 'Checkout service';

describe('packaged extension', () => {
  it('ships the bundle and no sources, tests, build output or node_modules', () => {
    const entries = listZipEntries(envOrThrow('THREAT_MODELING_UI_VSIX'));
    const files = entries.filter((e) => e.startsWith('extension/')).map((e) => e.slice('extension/'.length));
    for (const required of ['package.json', 'dist/extension.js']) {
      assert.ok(files.includes(required), `${required} missing from the .vsix`);
    }
    const unwanted = files.filter((f) => /^(src|test|out|node_modules|scripts|bench|tools|test-artifacts)\//.test(f) || /\.(ts|map)$/.test(f));
    assert.deepEqual(unwanted, [], 'files that must not ship are in the .vsix');
  });

  it('is installed in VS Code by code-server --install-extension', () => {
    const dir = path.join(envOrThrow('THREAT_MODELING_UI_EXTENSIONS_DIR'), EXTENSION_FOLDER);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    assert.equal(`${manifest.publisher}.${manifest.name}`, 'threatmodeling.threat-modeling');
    assert.ok(fs.existsSync(path.join(dir, 'dist', 'extension.js')), 'dist/extension.js not installed');
  });
});

describe('Threat Modeling views', function () {
  const suite = useWorkbench();
  let wb: Workbench;
  before(() => ({ wb } = suite));

  it('opens the Threat Modeling container from the activity bar', async () => {
    const { page } = wb;
    const item = page.locator('.part.activitybar .action-label[aria-label^="Threat Modeling"]');
    await item.waitFor({ timeout: 30_000 });
    await item.click();
    await page.locator('.part.sidebar .composite.title h2', { hasText: 'Threat Modeling' }).waitFor({ timeout: 15_000 });
  });

  it('shows the Projects, CAPEC and ASVS views', async () => {
    const { page } = wb;
    const headers = page.locator('.part.sidebar .pane-header .title');
    await headers.nth(VIEW_NAMES.length - 1).waitFor({ timeout: 15_000 });
    const titles = (await headers.allTextContents()).map((t) => t.trim());
    for (const name of VIEW_NAMES) assert.ok(titles.includes(name), `view "${name}" missing; saw ${JSON.stringify(titles)}`);
  });

  it(`lists the fixture project "${FIXTURE_PROJECT}" in Projects`, async () => {
    const { page } = wb;
    const tree = page.locator('.part.sidebar [role="tree"][aria-label="Projects"]');
    await tree.locator('[role="treeitem"]', { hasText: FIXTURE_PROJECT }).first().waitFor({ timeout: 30_000 });
    console.log(`      screenshot: ${await wb.screenshot('ui-views')}`);
  });

  it('collapses and expands the project with its twistie', async function () {
    const { page } = wb;
    const tree = page.locator('.part.sidebar [role="tree"][aria-label="Projects"]');
    const project = tree.locator('[role="treeitem"][aria-level="1"]', { hasText: FIXTURE_PROJECT }).first();
    if ((await project.getAttribute('aria-expanded')) === null) this.skip(); // a leaf: nothing to expand
    const twistie = project.locator('.monaco-tl-twistie');
    const expectExpanded = (value: string) => waitForAttribute(project, 'aria-expanded', value);
    if ((await project.getAttribute('aria-expanded')) === 'true') {
      await twistie.click();
      await expectExpanded('false');
    }
    await twistie.click();
    await expectExpanded('true');
    // The row right after an expanded project is one of its children.
    const index = Number(await project.getAttribute('data-index'));
    const next = tree.locator(`[role="treeitem"][data-index="${index + 1}"]`);
    assert.equal(await next.getAttribute('aria-level'), '2', 'no child row under the expanded project');
  });

  it('marks a requirement Running with its inline button, and the file says so', async () => {
    const { page } = wb;
    const tree = page.locator('.part.sidebar [role="tree"][aria-label="Projects"]');
    const row = tree.locator('[role="treeitem"]', { hasText: 'V1.2.4' }).first();
    await row.waitFor({ timeout: 15_000 });
    await row.hover();
    await row.locator('.action-label[aria-label="Mark Running"]').click();
    const file = path.join(envOrThrow('THREAT_MODELING_UI_WORKSPACE'), 'threatmodel.yaml');
    const deadline = Date.now() + 15_000;
    while (!/- id: V1\.2\.4\n\s+status: running\n/.test(fs.readFileSync(file, 'utf8'))) {
      if (Date.now() > deadline) assert.fail('threatmodel.yaml does not show V1.2.4 as running');
      await page.waitForTimeout(200);
    }
    // The tree follows the file: V1.2.4 now sits in the Running group, below its header.
    const running = tree.locator('[role="treeitem"][aria-level="2"]', { hasText: 'Running' }).first();
    await waitForAttribute(running, 'aria-expanded', 'true');
    await tree.locator('[role="treeitem"][aria-level="3"]', { hasText: 'V1.2.4' }).first().waitFor({ timeout: 15_000 });
    await page.locator('.part.sidebar [role="tree"][aria-label="Projects"] [role="treeitem"]', { hasText: 'Running' }).first().waitFor();
  });

  it('suggests attack patterns for an architecture item, each with its reason', async () => {
    const { page } = wb;
    const tree = page.locator('.part.sidebar [role="tree"][aria-label="Projects"]');
    const items = tree.locator('[role="treeitem"][aria-level="2"]', { hasText: 'Architecture items' }).first();
    await items.waitFor({ timeout: 15_000 });
    if ((await items.getAttribute('aria-expanded')) !== 'true') await items.locator('.monaco-tl-twistie').click();
    const api = tree.locator('[role="treeitem"][aria-level="3"]', { hasText: 'Payments API' }).first();
    await api.waitFor({ timeout: 15_000 });
    await api.hover();
    await api.locator('.action-label[aria-label="Suggest Attack Patterns…"]').click();
    const widget = page.locator('.quick-input-widget');
    await widget.locator('.quick-input-title', { hasText: 'Attack patterns for Payments API' }).waitFor({ timeout: 30_000 });
    const rows = widget.locator('.monaco-list-row');
    await rows.first().waitFor({ timeout: 15_000 });
    const texts = await rows.allTextContents();
    assert.ok(texts.some((t) => /CAPEC-\d+/.test(t)), 'suggestions are listed');
    assert.ok(texts.some((t) => /CAPEC-1 Accessing Functionality Not Properly Constrained by ACLs/.test(t)), `access control among ${texts.slice(0, 5).join(' | ')}`);
    console.log(`      screenshot: ${await wb.screenshot('ui-suggestions')}`);
    await page.keyboard.press('Escape');
  });

  it('lists the problems of an invalid model file and recovers when it is fixed', async () => {
    const { page } = wb;
    const file = path.join(envOrThrow('THREAT_MODELING_UI_WORKSPACE'), 'threatmodel.yaml');
    const good = fs.readFileSync(file, 'utf8');
    const tree = page.locator('.part.sidebar [role="tree"][aria-label="Projects"]');
    try {
      fs.writeFileSync(file, good.replace('estimatedHours: 24', 'estimatedHours: lots'));
      await tree.locator('[role="treeitem"]', { hasText: 'threatmodel.yaml is invalid' }).first().waitFor({ timeout: 30_000 });
      const problem = tree.locator('[role="treeitem"]', { hasText: 'estimatedHours' }).first();
      await problem.waitFor({ timeout: 15_000 });
      assert.match((await problem.textContent()) ?? '', /line 8/);
      console.log(`      screenshot: ${await wb.screenshot('ui-invalid-model')}`);
    } finally {
      fs.writeFileSync(file, good);
    }
    await tree.locator('[role="treeitem"]', { hasText: FIXTURE_PROJECT }).first().waitFor({ timeout: 30_000 });
  });

  it('browses CAPEC down to SQL Injection and opens its detail panel', async () => {
    const { page } = wb;
    const tree = page.locator('.part.sidebar [role="tree"][aria-label="Attack Patterns (CAPEC)"]');
    const expand = async (label: string, level: number) => {
      const row = tree.locator(`[role="treeitem"][aria-level="${level}"]`, { hasText: label }).first();
      await row.waitFor({ timeout: 30_000 });
      // The twistie: clicking the label of a pattern opens its details instead of expanding it.
      if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.monaco-tl-twistie').click();
      await waitForAttribute(row, 'aria-expanded', 'true', 30_000);
    };
    // Give the CAPEC view the sidebar's height: its tree is virtualised, rows out of view do not exist.
    for (const other of ['Projects', 'Requirements (ASVS)']) {
      const header = page.locator('.part.sidebar .pane-header', { hasText: other }).first();
      if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
    }
    await expand('Mechanisms of Attack', 1);
    await expand('Inject Unexpected Items', 2);
    await expand('Command Injection', 3);
    const sqli = tree.locator('[role="treeitem"][aria-level="4"]', { hasText: 'CAPEC-66 ·' }).first();
    await sqli.waitFor({ timeout: 15_000 });
    assert.match((await sqli.textContent()) ?? '', /^SQL Injection/);
    await sqli.click();
    // The panel is a webview: nested iframes served by code-server; find the one that rendered the pattern.
    const deadline = Date.now() + 30_000;
    let rendered = false;
    while (!rendered && Date.now() < deadline) {
      for (const frame of page.frames()) {
        const heading = await frame.locator('tm-detail h1').textContent({ timeout: 200 }).catch(() => null);
        if (heading && /SQL Injection\s*CAPEC-66/.test(heading)) {
          // The app renders into its shadow root, which textContent of the host element does not include.
          const body = await frame.locator('tm-detail').evaluate((el) => el.shadowRoot?.textContent ?? '');
          assert.match(body, /ASVS 5\.0\.0 requirements/);
          assert.match(body, /Primary \(\d+\)\s*Implementing one of these prevents or detects this attack\.\s*V1\.2\.4/, 'parameterised queries come first, as primary');
          assert.match(body, /Supporting \(\d+\)/, 'defence in depth follows');
          assert.match(body, /same weakness CWE-89/, 'each requirement says why it was proposed');
          rendered = true;
          break;
        }
      }
      if (!rendered) await page.waitForTimeout(250);
    }
    assert.ok(rendered, 'the detail panel did not show CAPEC-66');
    console.log(`      screenshot: ${await wb.screenshot('ui-detail-panel')}`);

    // Following a requirement link shows the requirement and the patterns that lead to it.
    let frameWithLink;
    for (const frame of page.frames()) {
      if ((await frame.locator('tm-detail a', { hasText: 'V1.2.4' }).count().catch(() => 0)) > 0) frameWithLink = frame;
    }
    assert.ok(frameWithLink, 'the detail panel links V1.2.4');
    await frameWithLink.locator('tm-detail a', { hasText: 'V1.2.4' }).first().click();
    const until = Date.now() + 20_000;
    let shown = '';
    while (!/ASVS 5\.0\.0/.test(shown) && Date.now() < until) {
      for (const frame of page.frames()) {
        const h = await frame.locator('tm-detail h1').textContent({ timeout: 200 }).catch(() => null);
        if (h && h.startsWith('V1.2.4')) shown = h;
      }
      if (!shown) await page.waitForTimeout(250);
    }
    assert.match(shown, /^V1\.2\.4\s*ASVS 5\.0\.0/);
    console.log(`      screenshot: ${await wb.screenshot('ui-requirement-detail')}`);
  });

  it('shows Adversary in the Middle with TLS as its primary requirements, related ones folded away', async () => {
    const { page } = wb;
    await page.keyboard.press('F1');
    await page.keyboard.type('Threat Modeling: Search Attack Patterns and Requirements');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(500);
    await page.keyboard.type('CAPEC-94');
    await page.waitForTimeout(800);
    await page.keyboard.press('Enter');
    const deadline = Date.now() + 30_000;
    let body = '';
    let frame;
    while (!body && Date.now() < deadline) {
      for (const f of page.frames()) {
        const heading = await f.locator('tm-detail h1').textContent({ timeout: 200 }).catch(() => null);
        if (heading && /Adversary in the Middle/.test(heading)) {
          frame = f;
          body = await f.locator('tm-detail').evaluate((el) => el.shadowRoot?.textContent ?? '');
        }
      }
      if (!body) await page.waitForTimeout(250);
    }
    assert.match(body, /Primary \(\d+\)[\s\S]*V12\.2\.1/, 'TLS for all connections is primary');
    await frame!.locator('tm-detail h2', { hasText: 'requirements' }).first().scrollIntoViewIfNeeded();
    console.log(`      screenshot: ${await wb.screenshot('ui-detail-adversary-in-the-middle')}`);
    const more = /Show (\d+) more/.exec(body);
    if (more) {
      // The folded links appear only when asked for.
      assert.doesNotMatch(body, /Related by weakness \(/);
      await frame!.locator('tm-detail vscode-button', { hasText: /Show \d+ more/ }).click();
      await page.waitForTimeout(300);
      const unfolded = await frame!.locator('tm-detail').evaluate((el) => el.shadowRoot?.textContent ?? '');
      assert.match(unfolded, /Hide them/);
      await frame!.locator('tm-detail vscode-button', { hasText: 'Hide them' }).click();
    }
  });
});
