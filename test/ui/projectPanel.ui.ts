// The project panel as a person meets it in the packaged extension: opened with the inline button on the
// project in the Projects view, it shows the details, the progress bar, the items and the requirements;
// the text filter narrows the table; the History & Attachments tab lists the history and the evidence, and
// the code evidence opens in an editor. Nothing here changes the model file (the other suites use it).
// Screenshots: ui-project-panel (overview) and ui-project-history.
import * as assert from 'node:assert/strict';
import type { Frame, Page } from 'playwright-core';
import { type Workbench, openThreatModeling, useWorkbench } from './workbench';

const PROJECT = 'Checkout service';

/** The webview frame the project panel rendered in (code-server nests webviews in iframes). */
async function projectFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const heading = await frame.locator('tm-project h1').textContent({ timeout: 200 }).catch(() => null);
      if (heading?.includes(PROJECT)) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error('the project panel did not render');
}

async function shadowText(frame: Frame): Promise<string> {
  return frame.locator('tm-project').evaluate((el) => el.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '');
}

async function waitForText(frame: Frame, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = await shadowText(frame);
    if (pattern.test(text)) return text;
    await frame.page().waitForTimeout(200);
  }
  throw new Error(`the project panel never showed ${pattern}; it shows: ${text.slice(0, 400)}`);
}

describe('project panel', function () {
  const suite = useWorkbench();
  let wb: Workbench;
  before(() => ({ wb } = suite));

  it('opens from the inline button on the project and shows its progress, items and requirements', async function () {
    this.timeout(120_000);
    const { page } = wb;
    page.on('console', (m) => {
      if (m.type() === 'error') console.log(`      [webview console] ${m.text().slice(0, 300)}`);
    });
    await openThreatModeling(page);
    const row = page.locator('.part.sidebar [role="tree"][aria-label="Projects"] [role="treeitem"][aria-level="1"]', { hasText: PROJECT }).first();
    await row.waitFor({ timeout: 30_000 });
    await row.hover();
    await row.locator('.action-label[aria-label="Open Project"]').click();

    const frame = await projectFrame(page);
    const text = await waitForText(frame, /2 of 4 requirements complete · 50%/);
    // The legend reads the same counts as the file: 1 To do, 1 Running, 0 Not According, 1 Not Applicable, 1 Done.
    assert.match(text, /To do 1\s*Running 1\s*Not According 0\s*Not Applicable 1\s*Done 1/);
    const bar = frame.locator('tm-project .progress svg[role="img"]');
    assert.match((await bar.getAttribute('aria-label')) ?? '', /^2 of 4 requirements complete \(50%\): 1 To do, 1 Running/);
    assert.match(text, /Goal\s*Take card payments without storing card data\./);
    assert.match(text, /Payments API/);
    assert.match(text, /CAPEC-66\s*SQL Injection/);
    assert.equal(await frame.locator('tm-project table[aria-label="Requirements"] tbody tr').count(), 4);
    // The actions the tree offers on a To do requirement, as buttons on its row.
    const actions = frame.locator('tm-project tr[data-requirement="V1.2.4"] vscode-button');
    assert.deepEqual(await actions.evaluateAll((els) => els.map((e) => e.getAttribute('data-action'))), ['markRunning', 'markDone', 'markNotApplicable', 'reveal']);
    await page.waitForTimeout(300);
    console.log(`      screenshot: ${await wb.screenshot('ui-project-panel')}`);

    // The text filter narrows the table to the two V1.2 requirements.
    const filter = frame.locator('tm-project vscode-textfield#f-text input');
    await filter.click();
    await filter.pressSequentially('V1.2.', { delay: 10 });
    await waitForText(frame, /Requirements \(2 of 4 shown\)/);
    assert.deepEqual(await frame.locator('tm-project table[aria-label="Requirements"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-requirement'))), ['V1.2.4', 'V1.2.5']);
    await filter.fill('');
    await waitForText(frame, /Requirements \(4\)/);
  });

  it('lists the history and the evidence in the History & Attachments tab, and opens code evidence', async function () {
    this.timeout(60_000);
    const { page } = wb;
    const frame = await projectFrame(page);
    await frame.locator('tm-project vscode-tab-header[data-tab="history"]').click();
    const history = frame.locator('tm-project table[aria-label="History, newest first"] tbody tr');
    await history.first().waitFor({ state: 'visible', timeout: 15_000 });
    const rows = await history.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
    assert.equal(rows.length, 2);
    // Newest first: V1.2.5 Running → Done on the 21st, then the project started on the 20th.
    assert.deepEqual(rows[0].slice(1, 5), ['ana', 'V1.2.5', 'Running', 'Done']);
    assert.deepEqual(rows[1].slice(1, 6), ['ana', '—', 'To do', 'Running', 'project-status']);
    const evidence = frame.locator('tm-project tr[data-evidence="V1.2.5#0"]');
    assert.match((await evidence.textContent()) ?? '', /src\/db\.ts:1–6/);
    console.log(`      screenshot: ${await wb.screenshot('ui-project-history')}`);

    await evidence.locator('a').click();
    // The file opens beside the panel, on the evidence's lines.
    await page.locator('.tabs-container .tab', { hasText: 'db.ts' }).first().waitFor({ timeout: 15_000 });
    await page.locator('.monaco-editor .view-line', { hasText: "import { Pool } from 'pg';" }).first().waitFor({ timeout: 15_000 });
    await page.locator('.monaco-editor .selected-text').first().waitFor({ state: 'attached', timeout: 15_000 });
    // Leave the workbench as it was for the other suites.
    await page.keyboard.press('F1');
    const palette = page.locator('.quick-input-widget');
    await palette.locator('input').waitFor({ timeout: 15_000 });
    await page.keyboard.type('View: Close All Editors');
    await palette.locator('.monaco-list-row', { hasText: 'Close All Editors' }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
  });
});
