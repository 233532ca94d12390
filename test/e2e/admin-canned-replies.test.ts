import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_CANNED_REPLIES } from '../../server/canned-replies/demo-replies.js';
import { type TestApp, eventually } from '../support/app.js';
import { axeViolations, browserSuite, goAvailable, logInAs, screenshotPath } from '../support/browser.js';

let t: TestApp;
let browser: Browser;

browserSuite(
  (app, b) => {
    t = app;
    browser = b;
  },
  { setup: (app) => app.models.CannedReply.insertMany(DEMO_CANNED_REPLIES.map((r) => ({ ...r, shortcutKey: r.shortcut.toLowerCase(), updatedBy: 'admin' }))) },
);

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
];

async function openSection(page: Page) {
  await page.getByTestId('section-cannedReplies').click();
  await page.locator('[data-testid="canned-row"][data-shortcut="hello"]').waitFor({ timeout: 10_000 });
}

// Many steps on a shared machine: each test has room beyond the default 30 s.
describe('canned replies in the browser', () => {
  it('lets a supervisor filter, add, refuse an invalid shortcut and export canned replies, readable at both sizes', async () => {
    const page = await logInAs(browser, t.base, 'supervisor', SIZES[0]);
    await openSection(page);
    expect(await page.getByTestId('canned-row').count()).toBe(DEMO_CANNED_REPLIES.length);

    // Filters: by text, then by team.
    await page.getByTestId('canned-filter-text').fill('engineer');
    await page.getByTestId('canned-filter-apply').click();
    await eventually(async () => (await page.getByTestId('canned-row').count()) === 1, 10_000, 'the search');
    expect(await page.getByTestId('canned-row').getAttribute('data-shortcut')).toBe('repair');
    await page.getByTestId('canned-filter-text').fill('');
    await page.getByTestId('canned-filter-team').selectOption('languages');
    await eventually(async () => (await page.getByTestId('canned-row').count()) === 2, 10_000, 'the team filter');

    // The form checks with the shared schema before sending; the variables are listed as help.
    await page.getByTestId('canned-filter-team').selectOption('');
    await page.getByTestId('canned-add').click();
    expect(await page.getByTestId('canned-variables').textContent()).toContain('{customer.firstName}');
    await page.getByTestId('canned-title').fill('Returns');
    await page.getByTestId('canned-shortcut').fill('re turns');
    await page.getByTestId('canned-text').fill('You can return it within 30 days, {customer.firstName}.');
    await page.getByTestId('canned-save').click();
    expect(await page.getByTestId('canned-form-errors').textContent()).toContain('Shortcut');
    expect(await t.models.CannedReply.countDocuments({ title: 'Returns' })).toBe(0);
    await page.getByTestId('canned-shortcut').fill('returns');
    await page.getByTestId('canned-team').fill('inbound-north');
    await page.getByTestId('canned-save').click();
    await page.locator('[data-testid="canned-row"][data-shortcut="returns"]').waitFor({ timeout: 10_000 });
    expect(await t.models.CannedReply.findOne({ shortcut: 'returns' }).lean()).toMatchObject({ team: 'inbound-north', updatedBy: 'supervisor', archived: false });

    // A taken shortcut is refused by the server, in words.
    await page.getByTestId('canned-add').click();
    await page.getByTestId('canned-title').fill('Hello again');
    await page.getByTestId('canned-shortcut').fill('hello');
    await page.getByTestId('canned-text').fill('Hi!');
    await page.getByTestId('canned-save').click();
    expect(await page.getByTestId('canned-error').textContent()).toContain('/hello is taken');
    await page.getByRole('button', { name: 'Cancel' }).click();

    const download = page.waitForEvent('download');
    await page.getByTestId('canned-export').click();
    expect((await download).suggestedFilename()).toBe('canned-replies.csv');

    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.screenshot({ path: screenshotPath(`e2e-admin-canned-replies-${size.width}x${size.height}.png`), fullPage: true });
      expect(await axeViolations(page)).toEqual([]);
    }
    // The form open, with its help, is checked too.
    await page.getByTestId('canned-add').click();
    await page.screenshot({ path: screenshotPath('e2e-admin-canned-replies-form.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
  }, 180_000);

  it('lets an agent insert a canned reply with the customer’s name by typing / in a chat', async () => {
    const page = await logInAs(browser, t.base, 'agent', SIZES[1]);
    await goAvailable(page);
    await eventually(async () => (await t.models.Agent.findOne({ username: 'agent' }).lean())?.state === 'available', 15_000, 'agent available');
    await t.cti({ type: 'chat.started', callId: 'e2e-canned', from: 'ada@example.com' });
    const input = page.getByTestId('chat-input');
    await input.waitFor({ timeout: 15_000 });
    await input.fill('/hel');
    await page.locator('[data-testid="canned-option"][data-shortcut="hello"]').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: screenshotPath('e2e-agent-canned-list.png') });
    expect(await axeViolations(page)).toEqual([]);
    await input.press('Enter');
    expect(await input.inputValue()).toBe('Hello Ada, thank you for contacting us. My name is agent. How can I help you today?');
  }, 120_000);
});
