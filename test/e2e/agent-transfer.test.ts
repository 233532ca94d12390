import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type TestApp, eventually } from '../support/app.js';
import { axeViolations, browserSuite, goAvailable, screenshotPath } from '../support/browser.js';

let t: TestApp;
let browser: Browser;

browserSuite((app, b) => {
  t = app;
  browser = b;
});

async function agentPage(username: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(t.base);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('demo');
  await page.getByTestId('login-submit').click();
  return { page, errors };
}

describe('transferring a chat in Chromium', () => {
  it('the agent transfers the chat with a note to a second agent, who gets it; the first sees it leave', async () => {
    const first = await agentPage('agent');
    await goAvailable(first.page);
    await eventually(async () => (await t.models.Agent.findOne({ username: 'agent' }).lean())?.state === 'available', 15_000, 'agent available');
    await t.cti({ type: 'chat.started', callId: 'e2e-transfer', from: 'ada@example.com' });
    await t.cti({ type: 'chat.message', callId: 'e2e-transfer', from: 'ada@example.com', text: 'My dishwasher arrived broken.' });
    await first.page.getByTestId('pop-customer-name').filter({ hasText: 'Ada Lovelace' }).waitFor({ timeout: 10_000 });

    const second = await agentPage('agent2');
    await goAvailable(second.page);

    await first.page.getByTestId('transfer-open').click();
    const dialog = first.page.getByTestId('transfer-dialog');
    await dialog.getByRole('heading', { name: 'Transfer the chat with Ada Lovelace' }).waitFor();
    await dialog.getByTestId('transfer-agent').locator('option', { hasText: 'agent2' }).waitFor({ state: 'attached' });
    await dialog.getByTestId('transfer-agent').selectOption({ label: 'agent2 – Available' });
    await dialog.getByTestId('transfer-note').fill('Wants a replacement; order 1234.');
    expect(await axeViolations(first.page)).toEqual([]);
    await first.page.screenshot({ path: screenshotPath('e2e-transfer-dialog.png') });
    // Escape closes it and nothing moves; it opens again with the same choices.
    await first.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await first.page.getByTestId('transfer-open').click();
    await dialog.getByTestId('transfer-agent').selectOption({ label: 'agent2 – Available' });
    await dialog.getByTestId('transfer-note').fill('Wants a replacement; order 1234.');
    await dialog.getByTestId('transfer-confirm').click();

    await first.page.getByTestId('transfer-notice').filter({ hasText: 'Transferred to agent2' }).waitFor({ timeout: 10_000 });
    expect(await first.page.getByTestId('interaction-view').count()).toBe(0);
    await first.page.screenshot({ path: screenshotPath('e2e-transfer-done.png') });

    await second.page.getByTestId('pop-customer-name').filter({ hasText: 'Ada Lovelace' }).waitFor({ timeout: 10_000 });
    await second.page.screenshot({ path: screenshotPath('e2e-transfer-received.png'), fullPage: true });
    const stored = await t.models.Interaction.findOne({ callId: 'e2e-transfer' }).lean();
    expect(stored?.agentName).toBe('agent2');
    expect(first.errors).toEqual([]);
    expect(second.errors).toEqual([]);
  });
});
