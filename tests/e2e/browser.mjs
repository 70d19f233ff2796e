// SPDX-License-Identifier: AGPL-3.0-or-later
// The browser for the end-to-end suite: Debian's chromium driven by playwright-core (never
// `playwright install`), headless with background networking off and a fresh profile, plus
// axe-core for accessibility checks and screenshots of the main screens.
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const peers = createRequire(new URL('../node/package.json', import.meta.url));
const { chromium } = peers('playwright-core');
const axeSource = readFileSync(peers.resolve('axe-core/axe.min.js'), 'utf8');

export const CHROMIUM = process.env.MEDOFFICE_CHROMIUM ?? '/usr/bin/chromium';

/** Where screenshots go: docs/screenshots with MEDOFFICE_SCREENSHOTS=docs, else build/screenshots. */
export const SHOTS = process.env.MEDOFFICE_SCREENSHOTS === 'docs'
  ? new URL('../../docs/screenshots/', import.meta.url).pathname
  : new URL('../../build/screenshots/', import.meta.url).pathname;

export async function launch() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/setup --test (it installs Debian's chromium)`);
  const profile = mkdtempSync(join(tmpdir(), 'medoffice-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--disable-dev-shm-usage'],
    viewport: { width: 1440, height: 900 },
    timezoneId: 'America/Chicago',
    locale: 'en-US',
  });
  mkdirSync(SHOTS, { recursive: true });
  return {
    context,
    close: async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); },
  };
}

/**
 * Runs axe-core in the page (through the DevTools protocol, so the page's CSP does not apply) and
 * returns the serious and critical violations, each as "rule: target (summary)".
 */
export async function axeViolations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => globalThis.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} (${n.failureSummary?.split('\n')[1]?.trim() ?? v.help})`));
}

export async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

const DEBUG_SHOTS = new URL('../../build/screenshots/', import.meta.url).pathname;
/** A screenshot for reading a failure; always under build/screenshots. */
export async function debugShot(page, name) {
  mkdirSync(DEBUG_SHOTS, { recursive: true });
  await page.screenshot({ path: join(DEBUG_SHOTS, `${name}.png`) });
}
