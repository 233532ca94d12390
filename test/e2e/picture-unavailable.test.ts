import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type TestApp, eventually } from '../support/app.js';
import { axeViolations, browserSuite, goAvailable, logInAs, screenshotPath } from '../support/browser.js';

let t: TestApp;
let browser: Browser;

browserSuite((app, b) => {
  t = app;
  browser = b;
});

describe('a known caller whose picture cannot be built, in Chromium', () => {
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 1440, height: 900 },
  ]) {
    it(`says the picture is unavailable (never "unknown caller") and loads it on retry, at ${viewport.width}×${viewport.height}`, async () => {
      const page = await logInAs(browser, t.base, 'agent', viewport);
      await goAvailable(page);
      const pictures = t.app.services.pictures;
      const build = pictures.build;
      // The picture read fails while the call pops (a database hiccup), then works again.
      pictures.build = () => Promise.reject(new Error('picture read failed'));
      const callId = `no-picture-${viewport.width}`;
      try {
        await t.cti({ type: 'call.ringing', callId, from: '+447700900001' });
        await page.getByTestId('picture-unavailable').waitFor({ timeout: 10_000 });
      } finally {
        pictures.build = build;
      }
      expect(await page.getByTestId('quick-create').count()).toBe(0);
      await page.screenshot({ path: screenshotPath(`picture-unavailable-${viewport.width}x${viewport.height}.png`) });
      const serious = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious).toEqual([]);

      await page.getByTestId('picture-retry').click();
      await page.getByTestId('pop-customer-name').filter({ hasText: 'Ada Lovelace' }).waitFor({ timeout: 10_000 });
      // The call ends and the agent wraps it up, as any call.
      await t.cti({ type: 'call.ended', callId, from: '+447700900001' });
      await page.getByTestId('disposition-select').selectOption('resolved');
      await page.getByTestId('disposition-save').click();
      await page.getByTestId('disposition-saved').waitFor({ timeout: 5000 });
      await eventually(async () => !!(await t.models.Interaction.findOne({ callId }).lean())?.wrappedUpAt, 5000, 'call wrapped up');
      await page.context().close();
    });
  }
});
