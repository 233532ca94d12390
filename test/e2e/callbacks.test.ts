import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CallbackTask } from '../../shared/schemas/callbacks.js';
import type { TestApp } from '../support/app.js';
import { axeViolations, browserSuite, logInAs, screenshotPath } from '../support/browser.js';

let t: TestApp;
let browser: Browser;
browserSuite((app, b) => {
  t = app;
  browser = b;
});

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
];

describe('callbacks in the browser', () => {
  it('a telemarketer sees a callback arrive live, takes it, calls and closes it', async () => {
    const sup = (await t.login('supervisor')).token;
    await t.api('POST', '/api/callbacks', { token: sup, body: { queue: 'service', name: 'Olga Early', phone: '+44 20 7946 0001', message: 'Left before this test' } });

    const page = await logInAs(browser, t.base, 'telemarketer', SIZES[1]);
    await page.getByTestId('nav-callbacks').click();
    await page.getByTestId('callbacks-view').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="callback-row"]').first().waitFor();
    // The top bar counts what waits (it counted when the screen connected).
    await expect.poll(() => page.getByTestId('nav-callbacks-count').textContent()).toBe('1');

    // Left on the website while the screen is open: it arrives without a reload, after the older one.
    const left = await t.api<CallbackTask>('POST', '/api/callbacks', {
      token: sup,
      body: { queue: 'sales', name: 'Ada Lovelace', phone: '+44 7700 900123', message: 'My dishwasher leaks; please call after 14:00.' },
    });
    expect(left.status).toBe(201);
    const row = page.locator(`[data-testid="callback-row"][data-id="${left.body.id}"]`);
    await row.waitFor({ timeout: 10_000 });
    await expect.poll(() => page.locator('[data-testid="callback-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')))).toEqual([expect.any(String), left.body.id]);
    await expect.poll(() => page.getByTestId('nav-callbacks-count').textContent()).toBe('2');

    await row.getByTestId('callback-take').click();
    const card = page.getByTestId('callback-mine');
    await card.waitFor();
    expect(await card.getByTestId('callback-call').getAttribute('href')).toBe('tel:+447700900123');
    expect(await card.getByTestId('callback-message').textContent()).toContain('dishwasher leaks');
    await expect.poll(() => page.getByTestId('nav-callbacks-count').textContent()).toBe('1');

    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.screenshot({ path: screenshotPath(`e2e-callbacks-${size.width}x${size.height}.png`) });
      const serious = await axeViolations(page);
      expect(serious, JSON.stringify(serious, null, 1)).toEqual([]);
    }

    await card.getByTestId('callback-outcome').selectOption('reached');
    await card.getByTestId('callback-note').fill('Engineer booked for Thursday.');
    await card.getByTestId('callback-close').click();
    await card.waitFor({ state: 'detached' });
    await row.waitFor({ state: 'detached' });
    const stored = await t.models.Callback.findById(left.body.id).lean();
    expect(stored).toMatchObject({ state: 'done', outcome: 'reached', note: 'Engineer booked for Thursday.' });

    await page.getByTestId('callbacks-filter-state').selectOption('done');
    await page.locator(`[data-testid="callback-row"][data-id="${left.body.id}"][data-state="done"]`).waitFor();
    await page.screenshot({ path: screenshotPath('e2e-callbacks-closed.png') });
  }, 120_000);

  it('a supervisor sets a queue’s hours on the queue hours screen', async () => {
    const page = await logInAs(browser, t.base, 'supervisor', SIZES[0]);
    await page.getByTestId('section-queueHours').click();
    await page.getByTestId('queue-hours-view').waitFor({ timeout: 15_000 });
    await page.getByTestId('queue-hours-queue').selectOption('sales');
    await page.getByTestId('queue-hours-zone').fill('Europe/London');
    await page.getByTestId('queue-hours-add-6').click();
    const saturday = page.getByTestId('queue-hours-day-6');
    await saturday.getByTestId('queue-hours-from').fill('10:00');
    await saturday.getByTestId('queue-hours-to').fill('14:00');
    await page.getByTestId('queue-hours-add-holiday').click();
    await page.getByTestId('queue-hours-holiday').fill('2026-12-25');
    await page.getByTestId('queue-hours-save').click();
    await page.getByTestId('queue-hours-saved').waitFor();
    const hours = await t.app.services.queueHours.of('sales');
    expect(hours).toMatchObject({ timeZone: 'Europe/London', holidays: ['2026-12-25'] });
    expect(hours!.week[6]).toEqual([{ from: '10:00', to: '14:00' }]);

    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.screenshot({ path: screenshotPath(`e2e-queue-hours-${size.width}x${size.height}.png`), fullPage: true });
      const serious = await axeViolations(page);
      expect(serious, JSON.stringify(serious, null, 1)).toEqual([]);
    }
  }, 120_000);
});
