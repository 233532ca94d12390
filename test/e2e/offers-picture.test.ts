import type { Browser, Page } from 'playwright-core';
import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { type TestApp, eventually } from '../support/app.js';
import { axeViolations, browserSuite, goAvailable, logInAs, screenshotPath } from '../support/browser.js';

let t: TestApp;
let browser: Browser;
const grace = new Types.ObjectId();
const DAY = 86_400_000;

/**
 * Grace would be pitched the dishwasher tablets (she opted in by phone and owns the dishwasher), but her
 * new dishwasher floods the kitchen: an open complaint of high severity. Her details were last known
 * good three years ago. A thank-you voucher is a service gesture and may stay.
 */
async function seedGrace(app: TestApp) {
  const longAgo = new Date(Date.now() - 3 * 365 * DAY);
  await app.models.Offer.create({
    code: 'GOODWILL-10',
    title: 'Thank-you voucher for your next order',
    kind: 'loyalty',
    spendThreshold: 100,
    price: 10,
    priceKind: 'percent',
    purpose: 'service',
    consentRule: 'no-objection',
  });
  await app.models.Customer.collection.insertOne({
    _id: grace,
    kind: 'person',
    firstName: 'Grace',
    lastName: 'Hopper',
    displayName: 'Grace Hopper',
    searchTokens: ['grace', 'hopper', '447700900077'],
    phones: [{ label: 'mobile', number: '+447700900077' }],
    emails: [{ label: 'home', address: 'grace@example.com' }],
    addresses: [{ label: 'home', line1: '1 Compiler Way', city: 'London', postcode: 'N1 2BB', region: 'London', country: 'GB' }],
    relations: [],
    consents: [
      { purpose: 'marketing', channel: 'phone', granted: true, source: 'store', at: longAgo },
      { purpose: 'service', channel: 'phone', granted: true, source: 'store', at: longAgo },
    ],
    doNotCall: false,
    totals: { count: 1, spend: 499, firstAt: longAgo, lastAt: longAgo },
    value: { recency: 2, frequency: 1, monetary: 3, segment: 'hibernating', lifetimeValue: 499, potentialValue: 200, atRisk: false, computedAt: new Date() },
    owned: [{ sku: 'DW-100', category: 'dishwashers', at: longAgo }],
    timezone: 'Europe/London',
    purpose: 'customer-service',
    version: 0,
    createdAt: longAgo,
    updatedAt: longAgo,
  });
  await app.models.Complaint.create({ customerId: grace, subject: 'New dishwasher floods the kitchen', category: 'product quality', severity: 'high', status: 'open', openedAt: new Date(Date.now() - 2 * DAY) });
}

browserSuite(
  (app, b) => {
    t = app;
    browser = b;
  },
  { setup: seedGrace },
);

const bottomOf = async (page: Page, testId: string) => {
  const box = await page.getByTestId(testId).first().boundingBox();
  if (!box) throw new Error(`${testId} is not shown`);
  return box.y + box.height;
};

describe('offers and the picture in Chromium', () => {
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 1440, height: 900 },
  ]) {
    it(`pops a customer with an open high-severity complaint: no sales offer, the complaint and the banners above the fold, at ${viewport.width}×${viewport.height}`, async () => {
      const page = await logInAs(browser, t.base, 'agent', viewport);
      await goAvailable(page);
      await eventually(async () => (await t.models.Agent.findOne({ username: 'agent' }).lean())?.state === 'available', 15_000, 'agent available');
      const callId = `grace-${viewport.width}`;
      await t.cti({ type: 'call.ringing', callId, from: '+447700900077' });
      await page.getByTestId('pop-customer-name').filter({ hasText: 'Grace Hopper' }).waitFor({ timeout: 10_000 });

      // No sales offer: the tablets are held back, the voucher (a service gesture) stays, and the card says why.
      const card = page.getByTestId('offer-card');
      expect(await card.locator('[data-offer-id="TABLETS"]').count()).toBe(0);
      expect(await card.locator('[data-offer-id="GOODWILL-10"] [data-testid="offer-price"]').textContent()).toBe('10% off');
      expect(await card.getByTestId('offer-notice').textContent()).toContain('Sales offers held back: an open high-severity complaint');

      // One banner area, most severe first: the complaint, then the stale contact details.
      const banners = await page.locator('[data-testid="banners"] [data-banner]').evaluateAll((els) => els.map((e) => e.getAttribute('data-banner')));
      expect(banners).toEqual(['open-complaint', 'stale-contact']);

      // The complaint panel comes before the offers, and it and the banners fit above the fold.
      const complaintsTop = (await page.getByTestId('complaints-panel').boundingBox())!.y;
      expect(complaintsTop).toBeLessThan((await card.boundingBox())!.y);
      expect(await bottomOf(page, 'banners')).toBeLessThanOrEqual(viewport.height);
      const firstComplaint = page.getByTestId('complaints-panel').locator('li').first();
      const complaintBox = (await firstComplaint.boundingBox())!;
      expect(complaintBox.y + complaintBox.height).toBeLessThanOrEqual(viewport.height);
      expect(await firstComplaint.textContent()).toContain('New dishwasher floods the kitchen');

      await page.screenshot({ path: screenshotPath(`offers-picture-${viewport.width}x${viewport.height}.png`) });
      expect(await axeViolations(page)).toEqual([]);

      await t.cti({ type: 'call.ended', callId, from: '+447700900077' });
      await page.getByTestId('disposition-select').selectOption('resolved');
      await page.getByTestId('disposition-save').click();
      await page.getByTestId('disposition-saved').waitFor({ timeout: 5000 });
      await eventually(async () => !!(await t.models.Interaction.findOne({ callId }).lean())?.wrappedUpAt, 5000, 'call wrapped up');
      await page.context().close();
    });
  }
});
