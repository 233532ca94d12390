import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SCREENS, type ScreenId } from '../../shared/access/roles.js';
import { hashPassword } from '../../server/auth/password.js';
import type { TestApp } from '../support/app.js';
import { eventually } from '../support/app.js';
import { axeViolations, browserSuite, goAvailable, logInAs, screenshotPath } from '../support/browser.js';

let t: TestApp;
let browser: Browser;
browserSuite(
  (app, b) => {
    t = app;
    browser = b;
  },
  { setup: async (app) => app.models.User.create({ username: 'admin', role: 'admin', passwordHash: await hashPassword('demo') }) },
);

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
];

/** Who opens each screen, and the path with its ids filled in. */
async function visits(): Promise<Record<ScreenId, { as: string; path: string }>> {
  const customer = await t.models.Customer.findOne({}, { _id: 1 }).lean();
  return {
    login: { as: '', path: SCREENS.login.path },
    password: { as: 'newbie', path: SCREENS.password.path },
    console: { as: 'agent', path: SCREENS.console.path },
    interaction: { as: 'agent', path: '' },
    customer: { as: 'agent', path: `/customers/${String(customer!._id)}` },
    floor: { as: 'supervisor', path: SCREENS.floor.path },
    campaigns: { as: 'supervisor', path: SCREENS.campaigns.path },
    campaignNew: { as: 'supervisor', path: SCREENS.campaignNew.path },
    offers: { as: 'admin', path: SCREENS.offers.path },
    import: { as: 'admin', path: SCREENS.import.path },
    duplicates: { as: 'supervisor', path: SCREENS.duplicates.path },
    audit: { as: 'admin', path: SCREENS.audit.path },
    privacy: { as: 'admin', path: SCREENS.privacy.path },
    cannedReplies: { as: 'supervisor', path: SCREENS.cannedReplies.path },
    users: { as: 'admin', path: SCREENS.users.path },
    callbacks: { as: 'telemarketer', path: SCREENS.callbacks.path },
    queueHours: { as: 'supervisor', path: SCREENS.queueHours.path },
    reports: { as: 'supervisor', path: SCREENS.reports.path },
    myDay: { as: 'agent', path: SCREENS.myDay.path },
    teams: { as: 'supervisor', path: SCREENS.teams.path },
    notReadyReasons: { as: 'admin', path: SCREENS.notReadyReasons.path },
    queueSettings: { as: 'supervisor', path: SCREENS.queueSettings.path },
    dispositions: { as: 'supervisor', path: SCREENS.dispositions.path },
  };
}

/** The screen has drawn and loaded what it shows: its main region is there and no request is pending. */
async function settled(page: Page) {
  await page.locator('main').first().waitFor({ timeout: 15_000 });
  await page.waitForLoadState('networkidle', { timeout: 15_000 });
}

describe('every screen, as its user opens it', () => {
  it('has no serious or critical accessibility violation at 1280x720 or 1440x900', async () => {
    const plan = await visits();
    // A user with a temporary password lands on the forced password change.
    const admin = await t.login('admin');
    const created = await t.api<{ temporaryPassword: string }>('POST', '/api/users', { token: admin.token, body: { username: 'newbie', role: 'agent', displayName: 'New Starter' } });
    expect(created.status).toBe(201);
    const found: string[] = [];
    for (const size of SIZES) {
      const pages = new Map<string, Page>();
      const pageFor = async (as: string) => {
        if (!pages.has(as)) {
          if (!as) pages.set(as, await (await browser.newContext({ viewport: size })).newPage());
          else if (as === 'newbie') {
            const page = await (await browser.newContext({ viewport: size })).newPage();
            await page.goto(t.base);
            await page.getByTestId('login-username').fill('newbie');
            await page.getByTestId('login-password').fill(created.body.temporaryPassword);
            await page.getByTestId('login-submit').click();
            await page.waitForURL((u) => u.pathname === SCREENS.password.path, { timeout: 15_000 });
            pages.set(as, page);
          } else {
            const page = await logInAs(browser, t.base, as, size);
            // Logged in (the session kept for the screens opened next by address).
            await page.waitForURL((u) => !u.pathname.startsWith(SCREENS.login.path), { timeout: 15_000 });
            pages.set(as, page);
          }
        }
        return pages.get(as)!;
      };
      for (const [id, visit] of Object.entries(plan) as Array<[ScreenId, { as: string; path: string }]>) {
        const page = await pageFor(visit.as);
        if (id === 'interaction') {
          // A live call's tab: the agent goes available and a call pops.
          await page.goto(`${t.base}${SCREENS.console.path}`);
          await goAvailable(page);
          const callId = `axe-${size.width}`;
          const res = await t.cti({ type: 'call.ringing', callId, from: '+447700900001' });
          await page.locator(`[data-testid="interaction-view"][data-interaction-id="${res.body.interactionId}"]`).waitFor({ timeout: 15_000 });
          await eventually(() => page.url().includes('/console/interactions/'), 5000, 'the interaction URL');
        } else if (id !== 'password') await page.goto(`${t.base}${visit.path}`);
        await settled(page);
        await page.screenshot({ path: screenshotPath(`screen-${id}-${size.width}x${size.height}.png`) });
        for (const v of await axeViolations(page)) found.push(`${id} at ${size.width}x${size.height}: ${v.id} (${v.impact}) on ${v.targets.join(', ')} — ${v.why.join(' / ')}`);
        // The caller hangs up before an answer: the agent owes nothing and is free for the next size's call.
        if (id === 'interaction') await t.cti({ type: 'call.ended', callId: `axe-${size.width}`, from: '+447700900001' });
      }
      for (const p of pages.values()) await p.context().close();
    }
    expect(found).toEqual([]);
  }, 360_000);
});
