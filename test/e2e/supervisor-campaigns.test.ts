import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../support/app.js';
import { builtClient, launchBrowser, logInAs, screenshotPath } from '../support/browser.js';
import { seedFixtures } from '../support/fixtures.js';
import { middayClock } from '../support/clock.js';

let t: TestApp;
let browser: Browser;

const SEGMENTS = ['loyal', 'champions', 'lost', 'hibernating'] as const;

/**
 * Forty more customers beside the fixtures, so the live count has something to narrow: ten per RFM
 * segment, every fifth opted out of phone marketing, and customers 20 apart sharing a household.
 */
async function seedCrowd() {
  const now = new Date();
  await t.models.Customer.insertMany(
    Array.from({ length: 40 }, (_, i) => ({
      kind: 'person',
      displayName: `Crowd Customer ${String(i + 1).padStart(2, '0')}`,
      searchTokens: ['crowd', 'customer', String(i + 1)],
      timezone: 'Europe/London',
      purpose: 'customer-service',
      version: 0,
      phones: [{ label: 'mobile', number: `+4477009011${String(i).padStart(2, '0')}` }],
      householdId: `crowd-${i % 20}`,
      consents: [{ purpose: 'marketing', channel: 'phone', granted: i % 5 !== 0, source: 'web-signup', at: now }],
      value: { recency: 3, frequency: 3, monetary: 3, segment: SEGMENTS[i % 4], lifetimeValue: 100 + i, potentialValue: 50, atRisk: false, computedAt: now },
    })),
  );
}

beforeAll(async () => {
  const clientDir = await builtClient();
  // The campaign's hours are 00:00 to 23:59 (the most a time field can say): a run reaching "next
  // contact" in a day's last minute would find every contact outside calling hours.
  t = await startTestApp({}, { clientDir, now: middayClock() });
  await seedFixtures(t.models);
  await seedCrowd();
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const NAME = 'Loyal customers: tablets';

/** Waits until the live count shows `matched`, i.e. the debounced preview for the latest segment came back. */
const countIs = (page: Page, matched: string) => page.locator('[data-testid="preview-matched"]', { hasText: new RegExp(`^${matched}$`) }).waitFor({ timeout: 10_000 });

describe('supervisor sets up an outbound campaign in the browser', () => {
  it('builds a segment with a live count, creates the campaign and follows it on the floor', async () => {
    const page = await logInAs(browser, t.base, 'supervisor', { width: 1440, height: 900 });
    await page.getByTestId('supervisor-view').waitFor();
    await page.getByTestId('section-campaigns').click();
    await page.getByTestId('campaigns-admin').waitFor();
    await page.getByTestId('campaign-new').click();

    // Everyone at first (45 customers), then the loyal ones only: ten crowd customers and Ada. Of the ten,
    // two opted out and four share a household with another loyal one.
    await countIs(page, '45');
    await page.getByTestId('seg-segment-loyal').check();
    await countIs(page, '11');
    const reasons = page.getByTestId('preview-reason');
    expect(await page.getByTestId('preview-eligible').textContent()).toBe('5');
    expect(await reasons.allTextContents()).toEqual(['4 another member of the household is on the list', '2 opted out of phone marketing']);

    await page.getByTestId('campaign-name').fill(NAME);
    await page.getByTestId('campaign-offer-TABLETS').check();
    await page.getByTestId('campaign-from').fill('00:00');
    await page.getByTestId('campaign-to').fill('23:59');
    for (const day of [6, 7]) await page.getByTestId(`campaign-day-${day}`).check();
    await page.getByTestId('campaign-opening').fill('Good morning, this is the appliance shop calling about your dishwasher.');
    await page.getByTestId('question-add').click();
    await page.getByTestId('question-text').fill('When is the best time to call you?');
    await page.getByTestId('question-options').fill('morning, afternoon, evening');
    await page.getByTestId('question-stores-as').selectOption('contactTime');
    // The back office scrolls inside its own panel: a tall window shows the whole form in one picture.
    await page.setViewportSize({ width: 1440, height: 2100 });
    await page.getByTestId('campaign-form').screenshot({ path: screenshotPath('e2e-supervisor-campaign-form.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByTestId('campaign-create').click();

    const card = page.locator(`[data-testid="campaign-card"][data-campaign="${NAME}"]`);
    await card.and(page.locator('[data-status="active"]')).waitFor({ timeout: 15_000 });
    expect(await card.getByTestId('fig-total').textContent()).toBe('5');
    expect(await card.getByTestId('fig-remaining').textContent()).toBe('5');
    expect(await card.getByTestId('campaign-excluded').textContent()).toContain('2 opted out of phone marketing');
    const saved = await t.models.Campaign.findOne({ name: NAME }).lean();
    expect(saved).toMatchObject({ status: 'active', offerCodes: ['TABLETS'], segment: { segments: ['loyal'] }, onePerHousehold: true });
    await page.screenshot({ path: screenshotPath('e2e-supervisor-campaigns.png'), fullPage: true });

    // The export needs the bearer token, so it is fetched and handed to the browser as a download.
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByTestId('campaign-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^loyal-customers-tablets-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = fs.readFileSync(await download.path(), 'utf8').trim().split('\n');
    expect(csv.length).toBeGreaterThan(5);
    expect(csv.join('\n')).toContain('Ada Lovelace');

    // A telemarketer works one contact: the floor's board follows without a reload.
    await page.getByTestId('section-floor').click();
    const row = page.locator(`[data-testid="campaign-board-row"][data-campaign="${NAME}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.getByTestId('campaign-board-worked').textContent()).toBe('0/5');
    const tm = await t.login('telemarketer');
    const id = String(saved!._id);
    const next = await t.api<{ contact: { entryId: string } | null; message?: string }>('POST', `/api/campaigns/${id}/next`, { token: tm.token, body: {} });
    expect(next.body.contact, next.body.message).not.toBeNull();
    const done = await t.api('POST', `/api/campaigns/${id}/contacts/${next.body.contact!.entryId}/disposition`, { token: tm.token, body: { disposition: 'sale' } });
    expect(done.status).toBe(200);
    await row.getByTestId('campaign-board-worked').filter({ hasText: '1/5' }).waitFor({ timeout: 10_000 });
    expect(await row.getByTestId('campaign-board-conversion').textContent()).toBe('100%');
    await page.getByTestId('campaign-board').screenshot({ path: screenshotPath('e2e-supervisor-campaign-board.png') });
    await page.screenshot({ path: screenshotPath('e2e-supervisor-floor-campaigns.png'), fullPage: true });

    // Paused from the Campaigns tab: no contact is served, and the floor says so.
    await page.getByTestId('section-campaigns').click();
    await card.getByTestId('campaign-toggle').click();
    await card.and(page.locator('[data-status="paused"]')).waitFor({ timeout: 10_000 });
    expect(await card.getByTestId('campaign-toggle').textContent()).toContain('Resume');
    expect((await t.models.Campaign.findOne({ name: NAME }).lean())?.status).toBe('paused');
    await page.getByTestId('section-floor').click();
    await row.and(page.locator('[data-status="paused"]')).waitFor({ timeout: 10_000 });
  });
});
