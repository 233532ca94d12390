import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type TestApp, eventually } from '../support/app.js';
import { browserSuite, goAvailable, screenshotPath } from '../support/browser.js';

let t: TestApp;
let browser: Browser;

browserSuite((app, b) => {
  t = app;
  browser = b;
});

describe('agent screen in Chromium', () => {
  it('logs in, goes available, sees the caller pop with an offer, and saves a disposition', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(t.base);
    await page.getByTestId('login-username').fill('agent');
    await page.getByTestId('login-password').fill('demo');
    await page.getByTestId('login-submit').click();
    await goAvailable(page);
    await eventually(async () => (await t.models.Agent.findOne({ username: 'agent' }).lean())?.state === 'available', 15_000, 'agent available');

    const call = await t.cti({ type: 'call.ringing', callId: 'e2e-call', from: '+447700900001' });
    expect(call.status).toBe(200);
    await page.getByTestId('pop-customer-name').filter({ hasText: 'Ada Lovelace' }).waitFor({ timeout: 10_000 });
    await page.getByTestId('offer-card').first().waitFor();
    expect(await page.getByTestId('offer-card').first().textContent()).toMatch(/tablets/i);

    await page.getByTestId('notes-input').fill('Customer asked about tablets; offer accepted.');
    await page.getByTestId('offer-accept').first().click();
    await page.getByTestId('disposition-select').selectOption('sale');
    await page.getByTestId('disposition-save').click();
    await page.getByTestId('disposition-saved').waitFor({ timeout: 5000 });
    await page.screenshot({ path: screenshotPath('e2e-agent-pop.png'), fullPage: true });

    const stored = await t.models.Interaction.findOne({ callId: 'e2e-call' }).lean();
    expect(stored).toMatchObject({ disposition: 'sale', notes: 'Customer asked about tablets; offer accepted.' });
    expect(stored!.offers.map((o) => o.outcome)).toContain('accepted');
    expect(errors).toEqual([]);
  });
});
