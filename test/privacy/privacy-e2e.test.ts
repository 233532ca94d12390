import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerExport } from '../../shared/schemas/privacy.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { builtClient, launchBrowser, screenshotPath } from '../support/browser.js';
import { seedFixtures } from '../support/fixtures.js';
import { addAdmin } from '../access/support.js';

let t: TestApp;
let browser: Browser;
let fx: Awaited<ReturnType<typeof seedFixtures>>;

beforeAll(async () => {
  const clientDir = await builtClient();
  t = await startTestApp({}, { clientDir });
  fx = await seedFixtures(t.models);
  await addAdmin(t);
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('privacy desk in Chromium', () => {
  it('lets an admin export a demo customer as JSON and erase them, then shows it in the audit log', async () => {
    const ada = String(fx.customers.ada);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(t.base);
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill('demo');
    await page.getByTestId('login-submit').click();

    await page.getByTestId('section-privacy').click();
    await page.getByTestId('privacy-search').fill('Lovelace');
    await page.getByTestId('privacy-search').press('Enter');
    await page.getByTestId('privacy-result').filter({ hasText: 'Ada Lovelace' }).click();

    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('privacy-export').click()]);
    expect(file.suggestedFilename()).toBe(`customer-${ada}.json`);
    const exported = CustomerExport.parse(JSON.parse(fs.readFileSync((await file.path())!, 'utf8')));
    expect(exported.profile.displayName).toBe('Ada Lovelace');
    expect(exported.transactions).toHaveLength(2);
    await page.getByTestId('privacy-exported').waitFor();

    await page.getByTestId('privacy-erase').click();
    await page.getByTestId('privacy-confirm').waitFor();
    expect(await page.getByTestId('privacy-confirm-erase').isDisabled()).toBe(true);
    await page.getByTestId('privacy-confirm-id').fill(ada);
    await page.getByTestId('privacy-confirm-erase').click();
    await page.getByTestId('privacy-erased').waitFor();
    await page.screenshot({ path: screenshotPath('e2e-privacy-erase.png') });

    const agent = (await t.login('agent')).token;
    const found = await t.api<{ items: Array<{ id: string }> }>('GET', '/api/customers?q=lovelace', { token: agent });
    expect(found.body.items.map((c) => c.id)).not.toContain(ada);
    expect((await t.models.Customer.findById(ada).lean())!.displayName).toBe('Erased customer');

    await page.getByTestId('section-audit').click();
    await page.getByTestId('audit-filter-entity').fill(ada);
    await page.getByTestId('audit-filters').locator('button[type=submit]').click();
    await page.getByTestId('audit-row').filter({ hasText: 'privacy.erased' }).waitFor();
    await page.getByTestId('audit-row').filter({ hasText: 'privacy.exported' }).waitFor();
    await page.screenshot({ path: screenshotPath('e2e-audit-log.png') });
    await context.close();
  });
});
