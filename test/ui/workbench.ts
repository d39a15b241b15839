// Opens the code-server workbench that scripts/vscode-test/run-ui.mjs started, in headless Chromium.
// The runner passes everything through the environment (see envOrThrow below).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

export function envOrThrow(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; run the UI suite through scripts/vscode-test/run-ui.mjs`);
  return value;
}

export interface Workbench {
  page: Page;
  /** Saves test-artifacts/screenshots/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

// The flags scripts/vscode-test/browser.mjs uses: nothing may reach for the network on a closed machine.
const CHROMIUM_ARGS: string[] = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'scripts', 'vscode-test', 'chromium-args.json'), 'utf8'));

export async function openWorkbench(): Promise<Workbench> {
  const url = envOrThrow('THREAT_MODELING_UI_URL');
  const screenshots = envOrThrow('THREAT_MODELING_SCREENSHOTS');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-ui-chromium-'));
  // Also on Ctrl-C, where Playwright's own handler exits the process and no close() runs.
  const removeProfile = () => fs.rmSync(profile, { recursive: true, force: true });
  process.once('exit', removeProfile);
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.THREAT_MODELING_CHROMIUM || '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1440, height: 900 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
    const opened = context;
    return {
      page,
      async screenshot(name) {
        fs.mkdirSync(screenshots, { recursive: true });
        const file = path.join(screenshots, `${name}.png`);
        // Park the mouse so no hover tooltip covers what the picture is meant to show.
        await page.mouse.move(900, 700);
        await page.waitForTimeout(800);
        await page.screenshot({ path: file });
        return file;
      },
      async close() {
        await opened.close().catch(() => undefined);
        process.off('exit', removeProfile);
        removeProfile();
      },
    };
  } catch (err) {
    await context?.close().catch(() => undefined);
    process.off('exit', removeProfile);
    removeProfile();
    throw err;
  }
}

/** Polls until the element's attribute has `value`; list rows re-render, so the locator is re-resolved. */
export async function waitForAttribute(locator: Locator, name: string, value: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: string | null = null;
  while (Date.now() < deadline) {
    last = await locator.getAttribute(name, { timeout: 1000 }).catch(() => null);
    if (last === value) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${name} is ${JSON.stringify(last)} after ${timeoutMs} ms, expected ${JSON.stringify(value)}`);
}

/**
 * One workbench for the calling suite: opened before it, closed after it, and a screenshot of the page kept
 * for every failed test. Read `wb` from inside the tests.
 */
export function useWorkbench(): { readonly wb: Workbench } {
  const holder = {} as { wb: Workbench };
  before(async function () {
    this.timeout(90_000);
    holder.wb = await openWorkbench();
  });
  after(async () => {
    await holder.wb?.close();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && holder.wb) {
      const name = `ui-failed-${this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
      console.log(`      screenshot: ${await holder.wb.screenshot(name)}`);
    }
  });
  return holder;
}

/** Opens the Threat Modeling container from the activity bar (which also activates the extension). */
export async function openThreatModeling(page: Page): Promise<void> {
  const container = page.locator('.part.activitybar .action-label[aria-label^="Threat Modeling"]');
  await container.waitFor({ timeout: 30_000 });
  await container.click();
}

/** Runs a command from the Command Palette by its title, waiting for its row before pressing Enter. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const palette = page.locator('.quick-input-widget');
  await palette.locator('input').waitFor({ timeout: 15_000 });
  await page.keyboard.type(title);
  await palette.locator('.monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}
