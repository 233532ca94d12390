import { Types } from 'mongoose';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type TestApp, eventually } from '../support/app.js';
import { axeViolations, browserSuite, logInAs, screenshotPath } from '../support/browser.js';

let t: TestApp;
let browser: Browser;
const base = { timezone: 'Europe/London', purpose: 'customer-service', version: 0, kind: 'person' };
const landline = [{ label: 'home', number: '+441134960000' }];
const sam = new Types.ObjectId();
const sally = new Types.ObjectId();

/** A person recorded twice (same e-mail), the second record with a purchase: one pair per viewport. */
async function hedyTwice(tag: string) {
  const email = [{ label: 'main', address: `hedy-${tag}@example.com` }];
  const [first, second] = [new Types.ObjectId(), new Types.ObjectId()];
  await t.models.Customer.insertMany([
    { _id: first, ...base, displayName: `Hedy Lamarr ${tag}`, emails: email, phones: [{ label: 'mobile', number: '+447700900' + tag }] },
    { _id: second, ...base, displayName: `Hedy Lamarr ${tag}`, emails: email, externalId: `CRM-HEDY-${tag}` },
  ]);
  await t.models.Transaction.create({ customerId: second, at: new Date(), total: 42, channel: 'web', items: [{ sku: 'TAB-50', name: 'Tablets', category: 'dishwasher-tablets', qty: 1, price: 42 }] });
  return { first, second };
}

browserSuite(
  (app, b) => {
    t = app;
    browser = b;
  },
  {
    setup: async (app) => {
      // Spouses sharing a landline, linked as spouses in the data.
      await app.models.Customer.insertMany([
        { _id: sam, ...base, displayName: 'Sam Spouse', phones: landline, relations: [{ customerId: sally, type: 'spouse' }] },
        { _id: sally, ...base, displayName: 'Sally Spouse', phones: landline, relations: [{ customerId: sam, type: 'spouse' }] },
      ]);
    },
  },
);

async function seriousViolations(page: Page) {
  return (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

describe('the duplicates screen', () => {
  for (const [viewport, tag] of [
    [{ width: 1280, height: 720 }, '101'],
    [{ width: 1440, height: 900 }, '102'],
  ] as const) {
    it(`merges only after a side-by-side confirmation, and undoes it (${viewport.width}x${viewport.height})`, async () => {
      const { first, second } = await hedyTwice(tag);
      const page = await logInAs(browser, t.base, 'supervisor', viewport);
      await page.getByTestId('section-duplicates').click();
      const pair = page.getByTestId('duplicate-pair').filter({ hasText: `Hedy Lamarr ${tag}` });
      await pair.waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('duplicate-pair').filter({ hasText: 'Spouse' }).count()).toBe(0);
      const size = `${viewport.width}x${viewport.height}`;
      await page.screenshot({ path: screenshotPath(`duplicates-${size}.png`) });
      expect(await seriousViolations(page)).toEqual([]);

      // The dialog: labelled, focus inside it, Escape closes it without merging.
      await pair.getByTestId('merge-open').click();
      const dialog = page.getByRole('dialog', { name: 'Merge these two customers?' });
      await dialog.waitFor();
      const focusInDialog = () => page.evaluate(() => !!document.activeElement?.closest('dialog[open]'));
      expect(await focusInDialog()).toBe(true);
      for (let i = 0; i < 8; i++) {
        await page.keyboard.press('Tab');
        expect(await focusInDialog()).toBe(true);
      }
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      expect(await t.models.Customer.countDocuments({ _id: { $in: [first, second] } })).toBe(2);

      // Keep the second record (the one with the external id and the purchase).
      await pair.getByTestId('merge-open').click();
      await dialog.waitFor();
      await page.getByTestId(`merge-keep-${second}`).check();
      expect(await dialog.textContent()).toContain(`CRM-HEDY-${tag}`);
      await page.screenshot({ path: screenshotPath(`duplicates-confirm-${size}.png`) });
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByTestId('merge-confirm').click();
      await page.getByTestId('merge-done').waitFor({ timeout: 15_000 });
      await dialog.waitFor({ state: 'hidden' });
      expect(await t.models.Customer.exists({ _id: first })).toBeNull();
      expect((await t.models.Customer.findById(second).lean())!.phones.map((p) => p.number)).toEqual([`+447700900${tag}`]);

      const merge = page.getByTestId('recent-merge').filter({ hasText: `Hedy Lamarr ${tag} merged into` }).first();
      await merge.getByTestId('merge-undo').click();
      await page.getByTestId('undo-done').waitFor({ timeout: 15_000 });
      await merge.filter({ hasText: 'Undone by supervisor' }).waitFor();
      await pair.waitFor({ timeout: 15_000 });
      expect(await t.models.Customer.exists({ _id: first })).not.toBeNull();
      expect((await t.models.Customer.findById(second).lean())!.phones).toEqual([]);
      expect(await t.models.Transaction.countDocuments({ customerId: second })).toBe(1);
      await page.screenshot({ path: screenshotPath(`duplicates-undone-${size}.png`), fullPage: true });
      expect(await seriousViolations(page)).toEqual([]);
      await page.context().close();
    }, 120_000);
  }

  it('remembers "not a duplicate" and lets it be withdrawn', async () => {
    const page = await logInAs(browser, t.base, 'supervisor', { width: 1280, height: 720 });
    await page.getByTestId('section-duplicates').click();
    const twins = page.getByTestId('duplicate-pair').filter({ hasText: 'Tom Twin' });
    await twins.getByTestId('not-duplicate-mark').click();
    const decision = page.getByTestId('not-duplicate').filter({ hasText: 'Tom Twin' });
    await decision.waitFor();
    expect(await twins.count()).toBe(0);
    await page.getByTestId('duplicates-refresh').click();
    await page.getByTestId('duplicates-refresh').filter({ hasText: 'Look again' }).waitFor();
    expect(await twins.count()).toBe(0);
    await page.screenshot({ path: screenshotPath('duplicates-not-duplicate-1280x720.png'), fullPage: true });

    await decision.getByTestId('not-duplicate-withdraw').click();
    await decision.waitFor({ state: 'detached' });
    await eventually(async () => (await t.models.NotDuplicate.countDocuments()) === 0, 5000, 'decision withdrawn');
    await page.getByTestId('duplicates-refresh').click();
    await twins.waitFor({ timeout: 15_000 });
    await page.context().close();
  }, 120_000);
});
