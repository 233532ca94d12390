import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type TestApp, eventually } from '../support/app.js';
import { browserSuite, goAvailable, logInAs, screenshotPath } from '../support/browser.js';

let t: TestApp;
let browser: Browser;

browserSuite((app, b) => {
  t = app;
  browser = b;
});

// Each person gets a browser context of their own, as on two machines.
const logIn = (username: string) => logInAs(browser, t.base, username, { width: 1440, height: 900 });

describe('supervisor and agent in two browsers', () => {
  it("shows the supervisor the agent's call appear and end", async () => {
    const supervisor = await logIn('supervisor');
    await supervisor.getByTestId('supervisor-view').waitFor();
    const agent = await logIn('agent');
    await goAvailable(agent);
    await eventually(async () => (await t.models.Agent.findOne({ username: 'agent' }).lean())?.state === 'available', 15_000, 'agent available');

    const res = await t.cti({ type: 'call.ringing', callId: 'e2e-floor', from: '+447700900001' });
    const id = res.body.interactionId!;
    await agent.getByTestId('pop-customer-name').filter({ hasText: 'Ada Lovelace' }).waitFor({ timeout: 10_000 });
    await supervisor.locator(`[data-testid="feed-row"][data-interaction-id="${id}"][data-kind="started"]`).waitFor({ timeout: 10_000 });
    await supervisor.locator('[data-testid="agent-row"][data-username="agent"]').filter({ hasText: 'Ada Lovelace' }).waitFor({ timeout: 10_000 });

    await t.cti({ type: 'call.answered', callId: 'e2e-floor', from: '+447700900001' });
    await t.cti({ type: 'call.ended', callId: 'e2e-floor', from: '+447700900001' });
    await supervisor.locator(`[data-testid="feed-row"][data-interaction-id="${id}"][data-kind="ended"]`).waitFor({ timeout: 10_000 });
    expect(await supervisor.locator(`[data-testid="feed-row"][data-interaction-id="${id}"]`).count()).toBeGreaterThanOrEqual(3);
    await supervisor.screenshot({ path: screenshotPath('e2e-supervisor-feed.png') });
  });
});
