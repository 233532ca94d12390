import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/password.js';
import { type TestApp, eventually } from '../support/app.js';
import { browserSuite, goAvailable, logInAs, lookAtBothSizes } from '../support/browser.js';

let t: TestApp;
let browser: Browser;

browserSuite(
  (app, b) => {
    t = app;
    browser = b;
  },
  { setup: async (app) => app.models.User.create({ username: 'settings-admin', displayName: 'Ana Pop', role: 'admin', passwordHash: await hashPassword('demo') }) },
);

describe('settings in the browser', () => {
  it('an admin sets a queue and adds a disposition code, and the next call follows them without a restart', async () => {
    const admin = await logInAs(browser, t.base, 'settings-admin', { width: 1440, height: 900 }, 'en-GB');

    // The sales queue: its own skills and a 45-second after-call-work limit.
    await admin.getByTestId('section-queueSettings').click();
    await admin.getByTestId('queue-settings-view').waitFor();
    await admin.getByTestId('queue-settings-add').click();
    await admin.getByTestId('queue-settings-name').fill('sales');
    await admin.getByTestId('queue-settings-skills').fill('sales');
    await admin.getByTestId('queue-settings-acw').fill('45');
    await admin.getByTestId('queue-settings-save').click();
    await admin.locator('[data-testid="queue-settings-row"]', { hasText: 'sales' }).waitFor({ timeout: 10_000 });
    await lookAtBothSizes(admin, 'admin-queue-settings');

    // A code of the sales queue only: "Refund promised".
    await admin.getByTestId('section-dispositions').click();
    await admin.getByTestId('dispositions-view').waitFor();
    await admin.getByTestId('dispositions-add').click();
    await admin.getByTestId('disposition-code').fill('refund-promised');
    await admin.getByTestId('disposition-label').fill('Refund promised');
    await admin.getByTestId('disposition-scope-kind').selectOption('queue');
    await admin.getByTestId('disposition-queue').fill('sales');
    await admin.getByTestId('disposition-save-code').click();
    await admin.locator('[data-testid="disposition-row"]', { hasText: 'refund-promised' }).waitFor({ timeout: 10_000 });
    await lookAtBothSizes(admin, 'admin-dispositions');
    const trail = await t.models.User.db.collection('auditlog').find({ 'actor.username': 'settings-admin' }).toArray();
    expect(trail.map((e) => e.action)).toEqual(expect.arrayContaining([expect.stringMatching(/^queue-settings\./), expect.stringMatching(/^disposition/)]));

    // The next sales call waits: Alex is available, but has not the skill the queue now needs.
    const agent = await logInAs(browser, t.base, 'agent', { width: 1280, height: 720 }, 'en-GB');
    await goAvailable(agent);
    const rung = await t.cti({ type: 'call.ringing', callId: 'settings-1', from: '07700 900001', queue: 'sales' });
    const id = rung.body.interactionId!;
    await eventually(async () => (await t.models.Interaction.findById(id).lean())?.state === 'queued', 10_000, 'the call waiting in its queue');

    // Alex joins the north team (set up beforehand), where the admin gives them the sales skill: the
    // waiting call reaches their screen at once, without their reconnecting.
    const token = (await t.login('settings-admin')).token;
    expect((await t.api('POST', '/api/teams', { token, body: { name: 'north', displayName: 'Inbound north' } })).status).toBe(201);
    const alex = await t.models.User.findOne({ username: 'agent' }).lean();
    expect((await t.api('PATCH', `/api/teams/members/${String(alex!._id)}`, { token, body: { team: 'north' } })).status).toBe(200);
    await admin.getByTestId('section-teams').click();
    await admin.locator('[data-testid="team-open"]', { hasText: /north/i }).first().click();
    const row = admin.locator('[data-testid="team-member"][data-username="agent"]');
    await row.getByTestId('member-skills').fill('sales');
    await row.getByTestId('member-save').click();
    await lookAtBothSizes(admin, 'admin-teams');

    // The agent's wrap-up offers the new code, and their after-call work runs 45 seconds.
    await agent.locator(`[data-testid="interaction-view"][data-interaction-id="${id}"]`).waitFor({ timeout: 15_000 });
    await t.cti({ type: 'call.answered', callId: 'settings-1', from: '07700 900001', queue: 'sales' });
    await t.cti({ type: 'call.ended', callId: 'settings-1', from: '07700 900001', queue: 'sales' });
    const acw = await eventually(async () => {
      const a = await t.models.Agent.findOne({ username: 'agent' }).lean();
      return a?.state === 'after-call-work' && a.acwUntil ? a : undefined;
    }, 10_000, 'after-call work');
    const limit = (acw.acwUntil!.getTime() - acw.stateSince.getTime()) / 1000;
    expect(limit).toBeGreaterThan(40);
    expect(limit).toBeLessThanOrEqual(46);
    await agent.getByTestId('disposition-select').locator('option', { hasText: 'Refund promised' }).waitFor({ state: 'attached', timeout: 10_000 });
    await agent.getByTestId('disposition-select').selectOption('refund-promised');
    await agent.getByTestId('disposition-save').click();
    await agent.getByTestId('disposition-saved').waitFor({ timeout: 10_000 });
    expect((await t.models.Interaction.findById(id).lean())!.disposition).toBe('refund-promised');
  }, 180_000);
});
