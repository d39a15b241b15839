// The "Start New Project" wizard as a person uses it in the packaged extension: opened from the Command
// Palette, two items typed in, the suggestions accepted, one pattern added by search, one requirement
// unticked, the form filled and saved; the file on disk and the Projects view then show the project.
// A screenshot of each step is kept in test-artifacts/screenshots/.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { parse } from 'yaml';
import { envOrThrow, type Workbench, openThreatModeling, runCommand, useWorkbench } from './workbench';

/** The webview frame the wizard rendered in (code-server nests webviews in iframes). */
async function wizardFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const heading = await frame.locator('tm-wizard h1').textContent({ timeout: 200 }).catch(() => null);
      if (heading && /New threat model project/.test(heading)) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error('the wizard did not render');
}

async function shadowText(frame: Frame): Promise<string> {
  return frame.locator('tm-wizard').evaluate((el) => el.shadowRoot?.textContent ?? '');
}

async function waitForText(frame: Frame, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = await shadowText(frame);
    if (pattern.test(text)) return text;
    await frame.page().waitForTimeout(200);
  }
  throw new Error(`the wizard never showed ${pattern}; it shows: ${text.slice(0, 400)}`);
}

async function typeInto(frame: Frame, selector: string, text: string): Promise<void> {
  const input = frame.locator(`tm-wizard ${selector}`).last().locator('input, textarea').first();
  await input.click();
  await input.pressSequentially(text, { delay: 10 });
}

async function chooseKind(frame: Frame, label: string): Promise<void> {
  const select = frame.locator('tm-wizard vscode-single-select[aria-label="Item kind"]').last();
  await select.click();
  await select.locator('li[role="option"]', { hasText: label }).first().click();
}


/** The focused element, through the shadow roots: each level's tag, id and aria-label, outermost first. */
async function focusChain(frame: Frame): Promise<string> {
  return frame.evaluate(() => {
    const parts: string[] = [];
    let el: Element | null = document.activeElement;
    while (el) {
      parts.push(`${el.tagName.toLowerCase()}#${el.id}[${el.getAttribute('aria-label') ?? ''}]${el.textContent?.trim().slice(0, 40) ?? ''}`);
      el = el.shadowRoot?.activeElement ?? null;
    }
    return parts.join(' > ');
  });
}

/** Presses Tab until the focus is on what `pattern` describes, as a keyboard user would. */
async function tabTo(frame: Frame, pattern: RegExp, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (pattern.test(await focusChain(frame))) return;
    await frame.page().keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${pattern}; focus is on ${await focusChain(frame)}`);
}

/** The project of that name once it is in the workspace's threatmodel.yaml (undefined after 30 s). */
async function projectInFile(page: Page, name: string): Promise<Record<string, any> | undefined> {
  const file = path.join(envOrThrow('THREAT_MODELING_UI_WORKSPACE'), 'threatmodel.yaml');
  const deadline = Date.now() + 30_000;
  for (;;) {
    const project = (parse(fs.readFileSync(file, 'utf8')) as { projects: Array<Record<string, any>> }).projects.find((p) => p.name === name);
    if (project || Date.now() > deadline) return project;
    await page.waitForTimeout(250);
  }
}

describe('new project wizard', function () {
  const suite = useWorkbench();
  let wb: Workbench;
  before(() => ({ wb } = suite));

  it('creates a project through the four steps, by clicking and typing', async function () {
    this.timeout(180_000);
    const { page } = wb;
    page.on('console', (m) => {
      if (m.type() === 'error') console.log(`      [webview console] ${m.text().slice(0, 300)}`);
    });
    // Open the Threat Modeling container first (this also activates the extension), then the Command Palette.
    await openThreatModeling(page);
    await page.locator('.part.sidebar [role="tree"][aria-label="Projects"] [role="treeitem"]', { hasText: 'Checkout service' }).first().waitFor({ timeout: 30_000 });
    await runCommand(page, 'Threat Modeling: Start New Project');
    const frame = await wizardFrame(page);

    // Step 1: two architecture items.
    await frame.locator('tm-wizard vscode-button#add-item').click();
    await typeInto(frame, 'vscode-textfield[aria-label="Item name"]', 'Shop API');
    await chooseKind(frame, 'REST API');
    await typeInto(frame, 'vscode-textfield[aria-label="Technologies, comma-separated"]', 'Node.js, Express, PostgreSQL');
    await frame.locator('tm-wizard vscode-checkbox[label="Internet-facing"]').last().click();
    await frame.locator('tm-wizard vscode-button#add-item').click();
    await typeInto(frame, 'vscode-textfield[aria-label="Item name"]', 'Shop UI');
    await chooseKind(frame, 'Web front end');
    await typeInto(frame, 'vscode-textfield[aria-label="Technologies, comma-separated"]', 'React');
    await page.waitForTimeout(400);
    console.log(`      screenshot: ${await wb.screenshot('ui-wizard-1-items')}`);

    // Step 2: ranked suggestions, pre-selected; one more pattern found by search.
    await frame.locator('tm-wizard vscode-button', { hasText: 'Next: Attack patterns' }).click();
    await waitForText(frame, /Shop API[\s\S]*\d+ selected[\s\S]*CAPEC-66[\s\S]*Shop UI[\s\S]*CAPEC-63/);
    await typeInto(frame, 'vscode-textfield[aria-label="Search CAPEC for Shop API"]', 'ldap injection');
    const ldap = frame.locator('tm-wizard vscode-checkbox[aria-label="CAPEC-136 LDAP Injection"]').first();
    await ldap.waitFor({ timeout: 20_000 });
    await ldap.click();
    await page.waitForTimeout(300);
    console.log(`      screenshot: ${await wb.screenshot('ui-wizard-2-patterns')}`);

    // Step 3: the derived requirements; untick the first one.
    await frame.locator('tm-wizard vscode-button', { hasText: 'Next: Security requirements' }).click();
    const before = await waitForText(frame, /(\d+) of (\d+) requirements selected/);
    const [, chosen, total] = /(\d+) of (\d+) requirements selected/.exec(before)!;
    assert.equal(chosen, total);
    const first = frame.locator('tm-wizard .req vscode-checkbox').first();
    const unticked = ((await first.getAttribute('aria-label')) ?? '').split(' ')[0];
    await page.waitForTimeout(500); // let the list settle after it arrived
    await first.click();
    await waitForText(frame, new RegExp(`${Number(total) - 1} of ${total} requirements selected`));
    console.log(`      screenshot: ${await wb.screenshot('ui-wizard-3-requirements')}`);

    // Step 4: the form, then save.
    await frame.locator('tm-wizard vscode-button', { hasText: 'Next: Save as a new project' }).click();
    await typeInto(frame, 'vscode-textfield#f-name', 'Checkout service');
    await waitForText(frame, /already exists/); // a duplicate name is refused inline, before saving
    const name = frame.locator('tm-wizard vscode-textfield#f-name input');
    await name.fill('');
    await name.pressSequentially('Web shop', { delay: 10 });
    await typeInto(frame, 'vscode-textfield#f-estimatedHours', '12');
    await typeInto(frame, 'vscode-textfield#f-team', 'ana, joao');
    await typeInto(frame, 'vscode-textarea#f-goal', 'Sell online without losing customer data.');
    await page.waitForTimeout(400);
    console.log(`      screenshot: ${await wb.screenshot('ui-wizard-4-save')}`);
    await frame.locator('tm-wizard vscode-button', { hasText: 'Save project' }).click();

    // The file says so, and the Projects view shows the project.
    const project = await projectInFile(page, 'Web shop');
    assert.ok(project, 'the project is in threatmodel.yaml');
    assert.equal(project.estimatedHours, 12);
    assert.deepEqual(project.team, ['ana', 'joao']);
    assert.deepEqual(project.items.map((i: any) => [i.name, i.kind]), [['Shop API', 'rest-api'], ['Shop UI', 'web-frontend']]);
    assert.equal(project.items[0].internetFacing, true);
    assert.ok(project.items[0].attackPatterns.includes('CAPEC-66'), 'accepted suggestions saved');
    assert.ok(project.items[0].attackPatterns.includes('CAPEC-136'), 'the pattern found by search saved');
    assert.ok(!project.requirements.some((r: any) => r.id === unticked), `${unticked} was unticked`);
    assert.equal(project.requirements.length, Number(total) - 1);
    // Collapse the view (its rows are virtualised: a project below the fold is not in the page) and find it.
    const projectsHeader = page.locator('.part.sidebar .pane-header', { hasText: 'Projects' }).first();
    await projectsHeader.hover();
    await projectsHeader.locator('.action-label[aria-label="Collapse All"]').click();
    const tree = page.locator('.part.sidebar [role="tree"][aria-label="Projects"]');
    await tree.locator('[role="treeitem"]', { hasText: 'Web shop' }).first().waitFor({ timeout: 20_000 });
    console.log(`      screenshot: ${await wb.screenshot('ui-wizard-saved')}`);
  });

  it('completes the items step and the form with the keyboard alone', async function () {
    this.timeout(180_000);
    const { page } = wb;
    await runCommand(page, 'Threat Modeling: Start New Project');
    const frame = await wizardFrame(page);
    await waitForText(frame, /No items yet/);
    // Into the webview: the first Tab lands in the page, then from control to control.
    await frame.locator('tm-wizard h1').click();
    await tabTo(frame, /vscode-button#add-item/);
    await page.keyboard.press('Enter');
    await waitForText(frame, /Technologies/);
    await tabTo(frame, /\[Item name\]/);
    await page.keyboard.type('Billing API');
    await tabTo(frame, /\[Item kind\]/);
    // The kind list opens with Enter; the arrows move, Enter chooses.
    await page.keyboard.press('Enter');
    for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await tabTo(frame, /\[Technologies, comma-separated\]/);
    await page.keyboard.type('Go, PostgreSQL');
    await tabTo(frame, /vscode-checkbox#inet-/);
    await page.keyboard.press('Space');
    console.log(`      screenshot: ${await wb.screenshot('ui-wizard-keyboard-items')}`);
    // Straight to the form through the step buttons.
    await tabTo(frame, /button#\[\]4\. Save as a new project|4\. Save as a new project/);
    await page.keyboard.press('Enter');
    await waitForText(frame, /Project name \(required\)/);
    await tabTo(frame, /\[Project name\]/);
    await page.keyboard.type('Billing');
    await tabTo(frame, /\[Estimated hours\]/);
    await page.keyboard.type('8');
    await tabTo(frame, /vscode-button.*Save project/);
    console.log(`      screenshot: ${await wb.screenshot('ui-wizard-keyboard-save')}`);
    await page.keyboard.press('Enter');

    const project = await projectInFile(page, 'Billing');
    assert.ok(project, 'the project is in threatmodel.yaml');
    assert.equal(project.estimatedHours, 8);
    assert.deepEqual(project.items.map((i: any) => [i.name, i.kind, i.internetFacing]), [['Billing API', 'rest-api', true]]);
    assert.deepEqual(project.items[0].technologies, ['Go', 'PostgreSQL']);
    assert.ok(project.items[0].attackPatterns.length > 0, 'the pre-selected patterns, although step 2 was skipped');
    assert.ok(project.requirements.length > 0);
  });

  async function openWizard(page: Page): Promise<Frame> {
    await runCommand(page, 'Threat Modeling: Start New Project');
    return wizardFrame(page);
  }

  async function colorTheme(page: Page, name: string): Promise<void> {
    await page.keyboard.press('F1');
    const palette = page.locator('.quick-input-widget');
    await palette.locator('input').waitFor({ timeout: 15_000 });
    await page.keyboard.type('Preferences: Color Theme');
    // Click the command itself: Enter would run the first row, which may be a recently used neighbour.
    const command = palette.locator('.monaco-list-row', { hasText: 'Preferences: Color Theme' }).filter({ hasNotText: 'Browse' }).first();
    await command.waitFor({ timeout: 15_000 });
    await command.click();
    // The theme picker replaces the palette; choose the theme's row by its exact label.
    await palette.locator('input[placeholder*="Color Theme"]').waitFor({ timeout: 15_000 });
    await page.keyboard.type(name); // filters the list, which shows only the rows in view
    const row = palette.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${name}$`) }) }).first();
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    await page.waitForTimeout(800);
  }

  it('follows the dark and high-contrast themes, step by step', async function () {
    this.timeout(180_000);
    const { page } = wb;
    try {
      await colorTheme(page, 'Dark Modern');
      const frame = await openWizard(page);
      await frame.locator('tm-wizard vscode-button#add-item').click();
      await typeInto(frame, 'vscode-textfield[aria-label="Item name"]', 'Orders API');
      await chooseKind(frame, 'REST API');
      await typeInto(frame, 'vscode-textfield[aria-label="Technologies, comma-separated"]', 'Java, MySQL');
      const colour = await frame.locator('tm-wizard').evaluate((el) => getComputedStyle(el).color);
      console.log(`      Dark Modern: text colour ${colour}`);
      console.log(`      screenshot: ${await wb.screenshot('ui-wizard-dark-1-items')}`);
      await frame.locator('tm-wizard vscode-button', { hasText: 'Next: Attack patterns' }).click();
      await waitForText(frame, /Orders API[\s\S]*\d+ selected[\s\S]*CAPEC-/);
      console.log(`      screenshot: ${await wb.screenshot('ui-wizard-dark-2-patterns')}`);
      await frame.locator('tm-wizard vscode-button', { hasText: 'Next: Security requirements' }).click();
      await waitForText(frame, /requirements selected/);
      console.log(`      screenshot: ${await wb.screenshot('ui-wizard-dark-3-requirements')}`);
      await frame.locator('tm-wizard vscode-button', { hasText: 'Next: Save as a new project' }).click();
      await waitForText(frame, /Project name \(required\)/);
      console.log(`      screenshot: ${await wb.screenshot('ui-wizard-dark-4-save')}`);
      await colorTheme(page, 'Dark High Contrast');
      await frame.locator('tm-wizard nav.steps button', { hasText: '3. Security requirements' }).click();
      await waitForText(frame, /requirements selected/);
      const hc = await frame.locator('tm-wizard').evaluate((el) => getComputedStyle(el).color);
      assert.notEqual(hc, colour, 'the page follows the theme');
      console.log(`      screenshot: ${await wb.screenshot('ui-wizard-high-contrast-requirements')}`);
      await frame.locator('tm-wizard vscode-button', { hasText: 'Discard draft' }).click();
    } finally {
      await colorTheme(page, 'Light 2026'); // the runner's default
    }
  });

  it('stores and shows hostile text verbatim, executing nothing', async function () {
    this.timeout(180_000);
    const { page } = wb;
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const hostileName = '<img src=x onerror=alert(1)>';
    const hostileDescription = '{{constructor.constructor("alert(2)")()}} </script><script>alert(3)</script>';
    const frame = await openWizard(page);
    await frame.locator('tm-wizard vscode-button#add-item').click();
    await typeInto(frame, 'vscode-textfield[aria-label="Item name"]', hostileName);
    await typeInto(frame, 'vscode-textarea[aria-label="Description"]', hostileDescription);
    await frame.locator('tm-wizard vscode-button', { hasText: 'Next: Attack patterns' }).click();
    const text = await waitForText(frame, /\d+ selected/);
    assert.ok(text.includes(hostileName), 'the item name is shown as text');
    assert.equal(await frame.locator('tm-wizard img').count(), 0, 'no element was created from the name');
    await frame.locator('tm-wizard nav.steps button', { hasText: '4. Save as a new project' }).click();
    await typeInto(frame, 'vscode-textfield#f-name', hostileName);
    await page.waitForTimeout(300);
    await frame.locator('tm-wizard vscode-button', { hasText: 'Save project' }).click();

    const project = await projectInFile(page, hostileName);
    assert.ok(project, 'stored verbatim');
    assert.equal(project.items[0].name, hostileName);
    assert.equal(project.items[0].description, hostileDescription);
    const tree = page.locator('.part.sidebar [role="tree"][aria-label="Projects"]');
    const header = page.locator('.part.sidebar .pane-header', { hasText: 'Projects' }).first();
    await header.hover();
    await header.locator('.action-label[aria-label="Collapse All"]').click();
    await tree.locator('[role="treeitem"]', { hasText: hostileName }).first().waitFor({ timeout: 20_000 });
    console.log(`      screenshot: ${await wb.screenshot('ui-wizard-hostile-name')}`);
    assert.deepEqual(dialogs, [], 'no script ran');
  });
});
