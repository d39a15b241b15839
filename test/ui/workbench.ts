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
