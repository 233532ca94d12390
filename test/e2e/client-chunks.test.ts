import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, eventually } from '../support/app.js';
import { browserSuite, builtClient, goAvailable, logInAs } from '../support/browser.js';

let t: TestApp;
let browser: Browser;
/** The build's manifest: source file → its chunk (dist/client/.vite/manifest.json). */
let manifest: Record<string, { file: string }>;

browserSuite((app, b) => {
  t = app;
  browser = b;
});
beforeAll(async () => {
  manifest = JSON.parse(fs.readFileSync(path.join(await builtClient(), '.vite/manifest.json'), 'utf8'));
});

const FLOOR = 'supervision/SupervisorView.vue';
const BACK_OFFICE = ['audit/AuditView.vue', 'campaigns/CampaignsAdminView.vue', 'duplicates/DuplicatesView.vue', 'imports/ImportView.vue', 'offers-admin/OffersAdminView.vue', 'privacy/PrivacyView.vue', 'users/UsersView.vue'];
const chunkOf = (source: string) => `/${manifest[source]!.file}`;

/** Every script the page fetches from now on, with its text and how it came over the wire. */
function scriptsOf(page: Page) {
  const scripts: Array<{ path: string; encoding: string | undefined; text: Promise<string> }> = [];
  page.on('response', (res) => {
    if (res.request().resourceType() !== 'script') return;
    const text = res.text();
    // A script still arriving when the test closes its page never gets its body read: not an error.
    text.catch(() => undefined);
    scripts.push({ path: new URL(res.url()).pathname, encoding: res.headers()['content-encoding'], text });
  });
  return scripts;
}

describe('what each role downloads', () => {
  it("gives the agent the console without the floor's charts or any back-office screen, compressed", async () => {
    // The scripts are recorded from the first request: a fresh context, then the login screen.
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const scripts = scriptsOf(page);
    await page.goto(t.base);
    await page.getByTestId('login-username').fill('agent');
    await page.getByTestId('login-password').fill('demo');
    await page.getByTestId('login-submit').click();
    await goAvailable(page);

    const paths = scripts.map((s) => s.path);
    expect(paths).toContain(chunkOf('agent/ConsoleView.vue'));
    expect(paths).not.toContain(chunkOf(FLOOR));
    for (const screen of BACK_OFFICE) expect(paths, screen).not.toContain(chunkOf(screen));
    // chart.js marks the canvases it draws on (`$chartjs`): none of the agent's scripts carries it.
    for (const s of scripts) expect(await s.text, s.path).not.toContain('$chartjs');
    // Compressed (brotli: Chromium asks for it), all but the scripts under compression's 1 kB threshold.
    for (const s of scripts) if ((await s.text).length >= 1024) expect(s.encoding, s.path).toBe('br');

    // English only: the other languages' messages are chunks of their own, fetched by those who speak them.
    for (const s of scripts) expect(await s.text, s.path).not.toMatch(/کنسول کارشناس|坐席控制台|Consola agentului|Ügyintézői konzol/);

    // The next visit in the same browser (a new tab) asks the server for the page, never for a script
    // or a style again: they are cached as immutable.
    const asked: string[] = [];
    const count = (req: { url?: string }) => asked.push(req.url ?? '');
    t.app.server.on('request', count);
    try {
      const again = await context.newPage();
      await again.goto(t.base);
      await again.getByTestId('login-username').fill('agent');
      await again.getByTestId('login-password').fill('demo');
      await again.getByTestId('login-submit').click();
      await again.locator('[data-testid="state-current"]:not([data-state="offline"])').waitFor({ timeout: 15_000 });
    } finally {
      t.app.server.off('request', count);
    }
    expect(asked).toContain('/');
    expect(asked.filter((u) => u.startsWith('/assets/'))).toEqual([]);
    await context.close();
  }, 90_000);

  it('gives the supervisor the floor with its charts, and a back-office screen only when opened', async () => {
    const page = await logInAs(browser, t.base, 'supervisor', { width: 1280, height: 720 });
    const scripts = scriptsOf(page);
    await page.getByTestId('supervisor-view').waitFor();
    await page.locator('canvas').first().waitFor();
    expect(scripts.find((s) => s.path === chunkOf(FLOOR))).toBeDefined();
    // The charts come with the floor: in its chunk, or in one it imports (the reports share chart.js).
    expect((await Promise.all(scripts.map((s) => s.text))).some((text) => text.includes('$chartjs'))).toBe(true);
    expect(scripts.map((s) => s.path)).not.toContain(chunkOf('duplicates/DuplicatesView.vue'));

    await page.getByRole('link', { name: 'Duplicates' }).click();
    await page.waitForURL('**/admin/duplicates');
    await eventually(() => scripts.some((s) => s.path === chunkOf('duplicates/DuplicatesView.vue')), 15_000, 'the duplicates screen downloaded');
    await page.context().close();
  }, 90_000);

  it('fetches a language the moment a user chooses it, and only that one', async () => {
    const page = await logInAs(browser, t.base, 'agent2', { width: 1280, height: 720 }, 'en-GB');
    await page.getByTestId('language').waitFor();
    const scripts = scriptsOf(page);
    await page.getByTestId('language').selectOption('fa');
    await page.locator('html[lang="fa"][dir="rtl"]').waitFor({ timeout: 10_000 });
    await page.waitForLoadState('networkidle');
    const texts = await Promise.all(scripts.map((s) => s.text));
    expect(texts.filter((text) => text.includes('کنسول کارشناس'))).toHaveLength(1);
    for (const text of texts) expect(text).not.toMatch(/坐席控制台|Consola agentului|Ügyintézői konzol/);
    await t.models.User.updateOne({ username: 'agent2' }, { $unset: { language: 1 } });
    await page.context().close();
  }, 90_000);
});
