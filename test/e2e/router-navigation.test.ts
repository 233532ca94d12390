import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
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

/** The screen at both sizes the console is used at, for a person to look over. */
async function shoot(page: Page, name: string) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.screenshot({ path: screenshotPath(`router-${name}-${size.width}x${size.height}.png`) });
  }
}

const pathOf = (page: Page) => new URL(page.url()).pathname + new URL(page.url()).search;

describe('URLs, back button and guards in Chromium', () => {
  it('a supervisor moves between screens by clicking, goes back, and reloads on a deep link', async () => {
    const page = await logInAs(browser, t.base, 'supervisor', SIZES[0]);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.getByTestId('supervisor-view').waitFor();
    await page.waitForURL('**/floor');
    await page.getByTestId('agent-row').first().waitFor({ timeout: 10_000 });
    expect(await axeViolations(page)).toEqual([]);
    await shoot(page, 'floor');

    await page.getByTestId('section-campaigns').click();
    await page.waitForURL('**/campaigns');
    await page.getByTestId('campaigns-admin').waitFor();
    expect(await page.getByTestId('section-campaigns').getAttribute('aria-current')).toBe('page');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByTestId('section-duplicates').click();
    await page.waitForURL('**/admin/duplicates');
    await page.getByTestId('duplicates-view').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // The browser's back button returns to the previous screen.
    await page.goBack();
    await page.waitForURL('**/campaigns');
    await page.getByTestId('campaigns-admin').waitFor();
    expect(await page.getByTestId('duplicates-view').count()).toBe(0);

    // A reload on a screen's URL opens that screen (the session survives the reload).
    await page.reload();
    await page.getByTestId('campaigns-admin').waitFor();
    expect(pathOf(page)).toBe('/campaigns');

    // The campaign form is a URL too: back closes it.
    await page.getByTestId('campaign-new').click();
    await page.waitForURL('**/campaigns/new');
    await page.getByTestId('campaign-form').waitFor();
    await page.goBack();
    await page.waitForURL('**/campaigns');
    await page.getByTestId('campaign-new').waitFor();
    expect(await page.getByTestId('campaign-form').count()).toBe(0);

    // So does opening a deep link directly.
    await page.goto(`${t.base}/admin/duplicates`);
    await page.getByTestId('duplicates-view').waitFor();
    expect(pathOf(page)).toBe('/admin/duplicates');

    // A section of the admin only: back to the floor, with a message.
    await page.goto(`${t.base}/admin/users`);
    await page.getByTestId('route-notice').waitFor();
    expect(pathOf(page)).toBe('/floor');
    expect(await page.getByTestId('users-view').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('sends a telemarketer who opens the floor URL home, saying why', async () => {
    const page = await logInAs(browser, t.base, 'telemarketer', SIZES[0]);
    await page.getByTestId('dialer').waitFor();
    expect(pathOf(page)).toBe('/console');
    await page.goto(`${t.base}/floor`);
    await page.getByTestId('route-notice').waitFor();
    expect(pathOf(page)).toBe('/console');
    expect(await page.getByTestId('route-notice').textContent()).toContain('Floor is not available to your role');
    expect(await page.getByTestId('supervisor-view').count()).toBe(0);
    await page.getByTestId('dialer').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shoot(page, 'dialer-with-notice');
  });

  it("an agent's console and a customer's URL; not logged in, a deep link waits for the login", async () => {
    const page = await logInAs(browser, t.base, 'agent', SIZES[0]);
    await page.getByTestId('waiting').waitFor();
    expect(pathOf(page)).toBe('/console');
    expect(await axeViolations(page)).toEqual([]);
    await shoot(page, 'console');

    // A customer opened without a call has a URL of its own; a reload reopens it, back closes it.
    const ada = await t.models.Customer.findOne({ displayName: 'Ada Lovelace' }).lean();
    await page.goto(`${t.base}/customers/${String(ada!._id)}`);
    await page.locator(`[data-testid="customer-picture"][data-customer-id="${String(ada!._id)}"]`).waitFor();
    await page.reload();
    await page.locator(`[data-testid="customer-picture"][data-customer-id="${String(ada!._id)}"]`).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shoot(page, 'customer');
    await page.goBack();
    await page.getByTestId('waiting').waitFor();
    expect(pathOf(page)).toBe('/console');

    const fresh = await (await browser.newContext({ viewport: SIZES[0] })).newPage();
    await fresh.goto(`${t.base}/admin/duplicates`);
    await fresh.getByTestId('login-username').waitFor();
    expect(pathOf(fresh)).toBe('/login?redirect=/admin/duplicates');
    await fresh.getByTestId('login-username').fill('supervisor');
    await fresh.getByTestId('login-password').fill('demo');
    await fresh.getByTestId('login-submit').click();
    await fresh.getByTestId('duplicates-view').waitFor();
    expect(pathOf(fresh)).toBe('/admin/duplicates');
  });
});
