// Launches Debian's Chromium through playwright-core (never `npx playwright install`: no downloads here).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { removeOnExit } from './common.mjs';

export const CHROMIUM = process.env.THREAT_MODELING_CHROMIUM || '/usr/bin/chromium';

// Flags that keep Chromium from reaching for the network on a closed machine (shared with test/ui).
const QUIET_ARGS = JSON.parse(readFileSync(new URL('./chromium-args.json', import.meta.url), 'utf8'));

/**
 * A headless Chromium with a fresh profile. close() also removes the profile.
 * @returns {Promise<{context: import('playwright-core').BrowserContext, close: () => Promise<void>}>}
 */
export async function launchBrowser({ viewport = { width: 1440, height: 900 } } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'tm-chromium-'));
  const removeProfile = removeOnExit(profile);
  // A persistent context is the way to give Chromium a --user-data-dir of our choosing.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: QUIET_ARGS,
    viewport,
  });
  const close = async () => {
    await context.close().catch(() => {});
    removeProfile();
  };
  return { context, close };
}
