import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type TestApp, eventually } from '../support/app.js';
import { axeViolations, browserSuite, goAvailable, logInAs, screenshotPath } from '../support/browser.js';

let t: TestApp;
let browser: Browser;
let adaId: string;

browserSuite((app, b) => {
  t = app;
  browser = b;
});

describe('an unknown caller linked to an existing customer, in Chromium', () => {
  // One agent per size: the first agent's later call from the linked number must not wait on their screen.
  for (const [viewport, from, agent] of [
    [{ width: 1280, height: 720 }, '+447700900881', 'agent'],
    [{ width: 1440, height: 900 }, '+447700900882', 'agent2'],
  ] as const) {
    it(`finds the customer by search, links the call, and the next call from the number pops them (${viewport.width}x${viewport.height})`, async () => {
      adaId ??= String((await t.models.Customer.findOne({ displayName: 'Ada Lovelace' }).lean())!._id);
      const page = await logInAs(browser, t.base, agent, viewport);
      await goAvailable(page);
      const callId = `link-${viewport.width}`;
      await t.cti({ type: 'call.ringing', callId, from });
      await page.getByTestId('quick-create').waitFor({ timeout: 15_000 });

      await page.getByTestId('link-search-input').fill('Lovelace');
      await page.getByTestId('link-search-submit').click();
      await page.getByTestId(`link-pick-${adaId}`).waitFor({ timeout: 10_000 });
      const size = `${viewport.width}x${viewport.height}`;
      await page.screenshot({ path: screenshotPath(`link-caller-${size}.png`) });
      const serious = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious).toEqual([]);

      await page.getByTestId(`link-pick-${adaId}`).click();
      await page.getByTestId('pop-customer-name').filter({ hasText: 'Ada Lovelace' }).waitFor({ timeout: 10_000 });
      expect(await page.getByTestId('quick-create').count()).toBe(0);
      expect((await t.models.Customer.findById(adaId).lean())!.phones.map((p) => p.number)).toContain(from);
      expect(String((await t.models.Interaction.findOne({ callId }).lean())!.customerId)).toBe(adaId);
      await page.screenshot({ path: screenshotPath(`link-caller-linked-${size}.png`) });

      await t.cti({ type: 'call.ended', callId, from });
      await page.getByTestId('disposition-select').selectOption('resolved');
      await page.getByTestId('disposition-save').click();
      await page.getByTestId('disposition-saved').waitFor({ timeout: 5000 });
      await eventually(async () => !!(await t.models.Interaction.findOne({ callId }).lean())?.wrappedUpAt, 5000, 'call wrapped up');
      await page.context().close();

      // The next call from that number is Ada's from its first event.
      await t.cti({ type: 'call.ringing', callId: `${callId}-again`, from });
      const again = await eventually(() => t.models.Interaction.findOne({ callId: `${callId}-again` }).lean(), 5000, 'second call');
      expect(String(again.customerId)).toBe(adaId);
      await t.cti({ type: 'call.ended', callId: `${callId}-again`, from });
    }, 120_000);
  }
});
