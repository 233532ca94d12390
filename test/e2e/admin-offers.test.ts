import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/password.js';
import { type TestApp, eventually } from '../support/app.js';
import { axeViolations, browserSuite, goAvailable, logInAs, screenshotPath } from '../support/browser.js';

let t: TestApp;
let browser: Browser;

browserSuite((app, b) => {
  t = app;
  browser = b;
}, { setup: async (app) => app.models.User.create({ username: 'offers-admin', role: 'admin', passwordHash: await hashPassword('demo') }) });

const logIn = (username: string) => logInAs(browser, t.base, username);

describe('offers in the browser', () => {
  it('lets an admin add an offer from the Offers section', async () => {
    const page = await logIn('offers-admin');
    await page.getByTestId('section-offers').click();
    await page.locator('[data-offer-code="TABLETS"]').waitFor({ timeout: 10_000 });
    await page.getByTestId('offer-add').click();
    await page.getByTestId('offer-code').fill('WARRANTY-5Y');
    await page.getByTestId('offer-title').fill('Five-year dishwasher warranty');
    await page.getByTestId('offer-kind').selectOption('up-sell');
    await page.getByTestId('offer-price-input').fill('79');
    await page.getByTestId('offer-trigger').fill('dishwashers');
    await page.getByTestId('offer-segments').fill('loyal, champions');
    await page.getByTestId('offer-consent-rule').selectOption('no-objection');
    // The shared schema checks the form before anything is sent: an amount of 0 is refused (free is a kind of its own).
    await page.getByTestId('offer-price-input').fill('0');
    await page.getByTestId('offer-save').click();
    expect(await page.getByTestId('offer-form-errors').textContent()).toContain('an amount is above 0');
    expect(await t.models.Offer.countDocuments({ code: 'WARRANTY-5Y' })).toBe(0);
    await page.getByTestId('offer-price-input').fill('79');
    await page.getByTestId('offer-save').click();
    await page.locator('[data-offer-code="WARRANTY-5Y"]').waitFor({ timeout: 10_000 });
    const saved = await t.models.Offer.findOne({ code: 'WARRANTY-5Y' }).lean();
    expect(saved).toMatchObject({ title: 'Five-year dishwasher warranty', kind: 'up-sell', price: 79, priceKind: 'amount', consentRule: 'no-objection', triggerCategory: 'dishwashers' });
    expect(await page.locator('[data-offer-code="WARRANTY-5Y"]').textContent()).toContain('no-objection');
    expect(saved!.eligibility?.segments).toEqual(['loyal', 'champions']);
    await page.screenshot({ path: screenshotPath('e2e-admin-offers.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('shows the agent the quoted price and until when it holds', async () => {
    const page = await logIn('agent');
    await goAvailable(page);
    await eventually(async () => (await t.models.Agent.findOne({ username: 'agent' }).lean())?.state === 'available', 15_000, 'agent available');
    await t.cti({ type: 'call.ringing', callId: 'e2e-offers', from: '+447700900001' });
    const quote = page.getByTestId('offer-quote').first();
    await quote.waitFor({ timeout: 10_000 });
    expect(await quote.textContent()).toContain('Quoted to this customer until');
    await page.getByTestId('offer-card').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('e2e-agent-offers.png'), fullPage: true });
  });
});
