import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, eventually, startTestApp } from '../support/app.js';
import { axeViolations, builtClient, launchBrowser, logInAs, screenshotPath } from '../support/browser.js';
import { seedFixtures } from '../support/fixtures.js';
import { createCampaign, seedCallListCustomers } from '../campaigns/support.js';

let t: TestApp;
let browser: Browser;
let ids: Awaited<ReturnType<typeof seedCallListCustomers>>;

beforeAll(async () => {
  const clientDir = await builtClient();
  t = await startTestApp({}, { clientDir });
  await seedFixtures(t.models);
  ids = await seedCallListCustomers(t.models);
  const sup = (await t.login('supervisor')).token;
  // Open round the clock and running now, so the test works whatever the hour of the run.
  await createCampaign(t, sup, {
    startsAt: new Date(Date.now() - 86_400_000),
    endsAt: new Date(Date.now() + 30 * 86_400_000),
    callingHours: { from: '00:00', to: '24:00', days: [1, 2, 3, 4, 5, 6, 7] },
  });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the telemarketer’s dialer in the browser', () => {
  it('works three contacts: a sale with script answers, no answer, and a callback', async () => {
    const page = await logInAs(browser, t.base, 'telemarketer', { width: 1440, height: 1000 });
    await page.getByTestId('dialer').waitFor({ timeout: 10_000 });
    await eventually(async () => (await page.getByTestId('progress-remaining').textContent())?.trim() === '3', 5000, 'campaign progress shown');

    // 1. The most valuable contact first: a sale, with the script's answers.
    await page.getByTestId('next-contact').click();
    await expect.poll(() => page.getByTestId('dialer-contact-name').textContent()).toBe('Cara Callable');
    expect(await page.getByTestId('script-opening').textContent()).toContain('Hello, this is the appliance store.');
    expect(await page.getByTestId('campaign-offer-price').first().textContent()).toMatch(/9[.,]99/);
    await page.getByTestId('customer-picture').waitFor();
    await page.getByTestId('answer-contact-time-evening').click();
    await page.getByTestId('answer-satisfaction-4').click();
    await page.getByTestId('answer-machine').fill('getting noisy');
    await page.getByTestId('dialer-notes').fill('Happy to trade in; delivery next week.');
    await page.screenshot({ path: screenshotPath('e2e-telemarketer-dialer.png'), fullPage: true });
    await page.getByTestId('dispose-sale').click();
    await expect.poll(() => page.getByTestId('dialer-last').textContent()).toContain('Cara Callable: Sale');
    expect(await page.getByTestId('progress-converted').textContent()).toBe('1');

    // 2. No answer: it will be retried. From the keyboard: Alt+X serves the next contact, Alt+W reaches the outcomes.
    await page.keyboard.press('Alt+X');
    await expect.poll(() => page.getByTestId('dialer-contact-name').textContent()).toBe('Gus Home');
    await page.keyboard.press('Alt+N');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('dialer-notes');
    for (const viewport of [
      { width: 1280, height: 720 },
      { width: 1440, height: 900 },
    ]) {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: screenshotPath(`e2e-telemarketer-dialer-${viewport.width}x${viewport.height}.png`) });
      const serious = await axeViolations(page);
      expect(serious, JSON.stringify(serious, null, 1)).toEqual([]);
    }
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.keyboard.press('Alt+W');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('dispose-sale');
    await page.getByTestId('dispose-no-answer').click();
    await expect.poll(() => page.getByTestId('dialer-last').textContent()).toContain('will be retried');

    // 3. A callback agreed for tomorrow at 11:00.
    await page.getByTestId('next-contact').click();
    await expect.poll(() => page.getByTestId('dialer-contact-name').textContent()).toBe('Ian Tokyo');
    const tomorrow = new Date(Date.now() + 86_400_000);
    const local = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}T11:00`;
    await page.getByTestId('callback-at').fill(local);
    await page.getByTestId('dispose-callback').click();
    await expect.poll(() => page.getByTestId('dialer-last').textContent()).toContain('callback booked');
    await page.screenshot({ path: screenshotPath('e2e-telemarketer-done.png'), fullPage: true });

    // What landed: answers on Cara, the schedule of each contact, three logged calls.
    const cara = await t.models.Customer.findById(ids.cara).lean();
    expect(cara!.preferences?.contactTime).toBe('evening');
    expect(cara!.psychographics?.attitude).toBe('getting noisy');
    const entries = await t.models.CallListEntry.find({ customerId: { $in: [ids.cara, ids.gus, ids.ian] } }).lean();
    const byCustomer = new Map(entries.map((e) => [String(e.customerId), e]));
    expect(byCustomer.get(String(ids.cara))).toMatchObject({ status: 'done', converted: true });
    expect(byCustomer.get(String(ids.gus))).toMatchObject({ status: 'pending', priority: 1, lastDisposition: 'no-answer' });
    expect(byCustomer.get(String(ids.ian))).toMatchObject({ status: 'pending', priority: 0, lastDisposition: 'callback' });
    const calls = await t.models.Interaction.find({ direction: 'outbound', state: 'ended' }).lean();
    expect(calls.map((c) => c.disposition).sort()).toEqual(['callback', 'no-answer', 'sale']);
    expect(await page.getByTestId('progress-mine').textContent()).toBe('3');
  }, 60_000);
});
