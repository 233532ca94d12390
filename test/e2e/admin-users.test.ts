import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/password.js';
import type { TestApp } from '../support/app.js';
import { axeViolations, browserSuite, logInAs, screenshotPath } from '../support/browser.js';

let t: TestApp;
let browser: Browser;

browserSuite((app, b) => {
  t = app;
  browser = b;
}, { setup: async (app) => app.models.User.create({ username: 'users-admin', displayName: 'Ana Pop', role: 'admin', passwordHash: await hashPassword('demo') }) });

describe('users in the browser', () => {
  it('lets an admin create a user, whose temporary password opens only the password change, then the console', async () => {
    const admin = await logInAs(browser, t.base, 'users-admin', { width: 1440, height: 900 });
    await admin.getByTestId('section-users').click();
    await admin.locator('[data-testid="user-row"][data-username="agent"]').waitFor({ timeout: 10_000 });
    await admin.getByTestId('user-create-username').fill('ioana');
    await admin.getByTestId('user-create-name').fill('Ioana Marin');
    await admin.getByTestId('user-create-role').selectOption('agent');
    await admin.getByTestId('user-create-team').fill('inbound-north');
    await admin.getByTestId('user-create-submit').click();
    const issued = admin.getByTestId('user-temporary-password');
    await issued.waitFor();
    const password = (await issued.locator('code').textContent())!.trim();
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
    await admin.getByTestId('users-filter-text').fill('ioana');
    expect(await admin.getByTestId('user-row').count()).toBe(1);
    await admin.screenshot({ path: screenshotPath('admin-users-1440.png') });
    expect(await axeViolations(admin)).toEqual([]);
    await admin.setViewportSize({ width: 1280, height: 720 });
    await admin.screenshot({ path: screenshotPath('admin-users-1280.png') });
    expect(await axeViolations(admin)).toEqual([]);

    const page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    await page.goto(t.base);
    await page.getByTestId('login-username').fill('ioana');
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('password-change-view').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('password-change-1280.png') });
    await page.getByTestId('password-current').fill(password);
    await page.getByTestId('password-new').fill('password1234');
    await page.getByTestId('password-again').fill('password1234');
    await page.getByTestId('password-submit').click();
    await page.getByTestId('password-error').filter({ hasText: /most common/ }).waitFor();
    await page.getByTestId('password-new').fill('orchard violet compass');
    await page.getByTestId('password-again').fill('orchard violet compass');
    await page.getByTestId('password-submit').click();
    await page.getByTestId('state-available').waitFor({ timeout: 10_000 });
    expect(await t.models.User.findOne({ username: 'ioana' }).lean()).toMatchObject({ mustChangePassword: false, team: 'inbound-north' });

    // The admin disables her: her screen is cut and she is back at the login.
    await admin.locator('[data-testid="user-row"][data-username="ioana"]').getByTestId('user-toggle').click();
    await admin.locator('[data-testid="user-row"][data-username="ioana"]').filter({ hasText: 'Disabled' }).waitFor();
    expect((await t.models.User.findOne({ username: 'ioana' }).lean())!.disabled).toBe(true);
  }, 60_000);
});
