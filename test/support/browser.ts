import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { startTestApp } from './app.js';
import { seedFixtures } from './fixtures.js';
import { launchBrowser } from './chromium.js';

// Chromium's launch and the login step live apart from vitest's hooks: the benchmarks use them too.
export { CHROMIUM, launchBrowser, logInAs } from './chromium.js';

const root = path.resolve(import.meta.dirname, '../..');

let ownBuild: Promise<string> | undefined;

/**
 * The client as `npm start` builds it: the build of this test run (test/support/client-build.ts, run
 * once before any test file). Should the run not have made one (a watch-mode filter added a browser
 * test later), this worker builds its own, once, into a directory of its own.
 */
export function builtClient(): Promise<string> {
  const dir = inject('clientDir');
  if (dir) return Promise.resolve(dir);
  ownBuild ??= (async () => {
    const outDir = path.join(root, 'test-results', `client-build-${process.pid}-${Date.now()}`);
    await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    return outDir;
  })();
  return ownBuild;
}

/**
 * Puts the agent on `page` on Available once the screen is connected (its state is known, no longer
 * Offline): a click before that is refused by the screen ("Not connected"), and nothing retries it.
 */
export async function goAvailable(page: import('playwright-core').Page) {
  await page.locator('[data-testid="state-current"]:not([data-state="offline"])').waitFor({ timeout: 15_000 });
  await page.getByTestId('state-available').click();
  await page.locator('[data-testid="state-available"][aria-pressed="true"]').waitFor({ timeout: 15_000 });
}

export const screenshotPath = (name: string) => {
  const dir = path.join(root, 'test-results');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
};

/** axe-core's accessibility check of what the page shows now: the serious and critical violations. */
export async function axeViolations(page: import('playwright-core').Page): Promise<Array<{ id: string; impact: string; help: string; targets: string[]; why: string[] }>> {
  // Evaluated through the DevTools protocol: the console's CSP (rightly) refuses injected script tags.
  await page.evaluate(fs.readFileSync(path.join(root, 'node_modules/axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx?: unknown, opts?: unknown): Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[]; failureSummary?: string }> }> }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      // `why`: axe's own account of each node (the colours and ratio of a contrast failure, say).
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')), why: v.nodes.map((n) => n.failureSummary ?? '') }));
  });
}

/**
 * The usual set-up of a browser test file: the client built as `npm start` builds it, a console over
 * a fresh database with the fixtures (and `setup`'s extras), and Chromium; all closed after the file.
 * `use` receives them for the file's tests.
 */
export function browserSuite(
  use: (t: import('./app.js').TestApp, browser: Browser) => void,
  opts: { setup?: (t: import('./app.js').TestApp) => Promise<unknown>; launchArgs?: string[] } = {},
) {
  let t: import('./app.js').TestApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    const clientDir = await builtClient();
    t = await startTestApp({}, { clientDir });
    await seedFixtures(t.models);
    await opts.setup?.(t);
    browser = await launchBrowser(opts.launchArgs);
    use(t, browser);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
}

/** Looks at a screen as its user would: a full-page screenshot at 1280×720 and 1440×900, and axe at each. */
export async function lookAtBothSizes(page: import('playwright-core').Page, name: string) {
  for (const size of [
    { width: 1280, height: 720 },
    { width: 1440, height: 900 },
  ]) {
    await page.setViewportSize(size);
    await page.screenshot({ path: screenshotPath(`e2e-${name}-${size.width}x${size.height}.png`), fullPage: true });
    expect(await axeViolations(page), `${name} at ${size.width}`).toEqual([]);
  }
}
