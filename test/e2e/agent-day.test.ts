import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentStateChange } from '../../shared/realtime/agent-state.js';
import { sign } from '../../server/telephony/signature.js';
import { axeViolations, builtClient, goAvailable, launchBrowser, logInAs, screenshotPath } from '../support/browser.js';
import { freePort, spawnConsole, stopConsole } from '../support/console-process.js';

const CTI_SECRET = 'agent-day-cti-secret-0123456789';


let browser: Browser;
let env: Record<string, string>;
let dir: string;
let base: string;
const children: ChildProcess[] = [];

const start = () => spawnConsole(env, (c) => children.push(c));

/** Posts a signed platform event, as a telephony or chat platform would. */
async function cti(type: string, callId: string, from: string, extra: Record<string, unknown> = {}) {
  const channel = type.startsWith('call.') ? 'voice' : 'chat';
  const body = JSON.stringify({ eventId: randomUUID(), type, callId, channel, from, to: '+442079460000', queue: 'service', at: new Date().toISOString(), ...extra });
  const res = await fetch(`${base}/api/cti/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-cti-signature': sign(body, CTI_SECRET) }, body });
  expect(res.status).toBe(200);
  return ((await res.json()) as { interactionId: string }).interactionId;
}

async function apiLogin(username: string) {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo' }) });
  return ((await res.json()) as { token: string; user: { id: string } });
}

const stateIs = (page: Page, state: string) => page.locator(`[data-testid="state-current"][data-state="${state}"]`).waitFor({ timeout: 15_000 });
const tab = (page: Page, id: string) => page.locator(`[data-testid="interaction-view"][data-interaction-id="${id}"]`);

async function noSeriousViolations(page: Page, name: string) {
  const serious = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `${name}: ${JSON.stringify(serious, null, 1)}`).toEqual([]);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-agent-day-'));
  env = {
    PORT: String(await freePort()),
    DB_DIR: dir,
    DB_PORT: '0',
    CLIENT_DIR: await builtClient(),
    DEMO_MODE: 'true',
    SEED_CUSTOMERS: '60',
    JWT_SECRET: 'agent-day-jwt-secret-0123456789',
    CTI_SECRET,
  };
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("an agent's day", () => {
  it('not ready → available → call → notes → reload → disposition during the call → next call with wrap-up → chat → server restart → next pop → break → logout', async () => {
    let server = await start();
    base = server.base;
    const supervisor = await apiLogin('supervisor');
    // A known customer calls (the demo data's first search hit with a phone).
    const search = (await (await fetch(`${base}/api/customers?q=a&limit=50`, { headers: { authorization: `Bearer ${supervisor.token}` } })).json()) as { items: Array<{ phone?: string; displayName: string }> };
    const caller = search.items.find((c) => c.phone)!;
    const other = search.items.filter((c) => c.phone && c.phone !== caller.phone)[0]!;

    const page = await logInAs(browser, base, 'agent', { width: 1280, height: 720 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    // 1. A fresh login starts not ready: no call routes before the agent says so.
    await stateIs(page, 'not-ready');
    await expect(page.getByTestId('state-current').textContent()).resolves.toContain('Just logged in');
    await goAvailable(page);
    await stateIs(page, 'available');

    // 2. A call: ringing, then on a call; notes typed and saved.
    const call1 = await cti('call.ringing', 'day-call-1', caller.phone!);
    await tab(page, call1).waitFor({ timeout: 15_000 });
    await stateIs(page, 'offered');
    await cti('call.answered', 'day-call-1', caller.phone!);
    await stateIs(page, 'on-call');
    await page.getByTestId('notes-input').fill('Asked about the delivery date; promised a call back.');
    await page.getByTestId('notes-status').filter({ hasText: 'Notes saved' }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: screenshotPath('agent-day-on-call-1280x720.png') });
    await noSeriousViolations(page, 'agent on a call 1280x720');

    // 3. A reload mid-call: the call, its notes and its timer come back.
    await page.reload();
    await tab(page, call1).waitFor({ timeout: 15_000 });
    await expect(page.getByTestId('notes-input').inputValue()).resolves.toBe('Asked about the delivery date; promised a call back.');
    await stateIs(page, 'on-call');

    // 4. The disposition recorded during the call: when it ends the agent is free at once.
    await page.getByTestId('disposition-select').selectOption('follow-up');
    await page.getByTestId('disposition-save').click();
    await page.getByTestId('disposition-saved').waitFor({ timeout: 10_000 });
    await cti('call.ended', 'day-call-1', caller.phone!);
    await stateIs(page, 'available');

    // 5. The next call ends without a disposition: after-call work, and Available is refused until it is recorded.
    const call2 = await cti('call.ringing', 'day-call-2', other.phone!);
    await tab(page, call2).waitFor({ timeout: 15_000 });
    await cti('call.answered', 'day-call-2', other.phone!);
    await stateIs(page, 'on-call');
    await cti('call.ended', 'day-call-2', other.phone!);
    await stateIs(page, 'after-call-work');
    await expect(page.getByTestId('state-current').textContent()).resolves.toMatch(/After-call work · \d\d:\d\d left/);
    await page.getByTestId('state-available').click();
    await page.getByRole('alert').filter({ hasText: 'Record the disposition of your last call first.' }).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: screenshotPath('agent-day-after-call-work-1280x720.png') });
    await page.getByTestId('disposition-select').selectOption('resolved');
    await page.getByTestId('disposition-save').click();
    await page.getByTestId('disposition-saved').waitFor({ timeout: 10_000 });
    await stateIs(page, 'available');

    // 6. A chat: accepted by the pop, the agent replies, it ends and is wrapped up.
    const chat = await cti('chat.started', 'day-chat-1', 'visitor@example.com', { text: 'Hello, is my order on its way?' });
    await tab(page, chat).waitFor({ timeout: 15_000 });
    await stateIs(page, 'on-chat');
    await page.getByTestId('chat-input').fill('Let me check that for you.');
    await page.getByTestId('chat-send').click();
    await page.getByTestId('chat-message').filter({ hasText: 'Let me check that for you.' }).waitFor({ timeout: 10_000 });
    await cti('chat.ended', 'day-chat-1', 'visitor@example.com');
    await stateIs(page, 'after-call-work');
    await tab(page, chat).getByTestId('disposition-select').selectOption('information');
    await tab(page, chat).getByTestId('disposition-save').click();
    await stateIs(page, 'available');

    // 7. The console restarts (a deploy): the screen reconnects by itself, and the next call pops.
    await stopConsole(server.child);
    await page.getByTestId('connection-banner').waitFor({ timeout: 10_000 });
    server = await start();
    expect(server.base).toBe(base);
    await page.getByTestId('connection-banner').filter({ hasText: 'Back online' }).waitFor({ timeout: 20_000 });
    await stateIs(page, 'available');
    const call3 = await cti('call.ringing', 'day-call-3', caller.phone!);
    await tab(page, call3).waitFor({ timeout: 15_000 });
    await cti('call.answered', 'day-call-3', caller.phone!);
    await stateIs(page, 'on-call');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: screenshotPath('agent-day-on-call-1440x900.png') });
    await noSeriousViolations(page, 'agent on a call 1440x900');

    // 8. Lunch chosen during the call applies after it (and its wrap-up).
    await page.getByTestId('not-ready-reason').selectOption('lunch');
    await page.getByTestId('state-not-ready').click();
    await page.getByTestId('state-then').filter({ hasText: 'then not ready (Lunch)' }).waitFor({ timeout: 10_000 });
    await tab(page, call3).getByTestId('disposition-select').selectOption('resolved');
    await tab(page, call3).getByTestId('disposition-save').click();
    await tab(page, call3).getByTestId('disposition-saved').waitFor({ timeout: 10_000 });
    await cti('call.ended', 'day-call-3', caller.phone!);
    await stateIs(page, 'not-ready');
    await expect(page.getByTestId('state-current').textContent()).resolves.toContain('Not ready (Lunch)');

    // The supervisor's board shows the agent's true state and why.
    const floor = await logInAs(browser, base, 'supervisor', { width: 1280, height: 720 });
    const row = floor.locator('[data-testid="agent-row"][data-username="agent"]');
    await row.getByTestId('agent-state').filter({ hasText: 'Not ready (Lunch)' }).waitFor({ timeout: 15_000 });
    await floor.screenshot({ path: screenshotPath('agent-day-floor-1280x720.png') });
    await noSeriousViolations(floor, 'floor 1280x720');
    await floor.setViewportSize({ width: 1440, height: 900 });
    await floor.screenshot({ path: screenshotPath('agent-day-floor-1440x900.png') });
    await noSeriousViolations(floor, 'floor 1440x900');

    // 9. Logout: the agent goes offline on the board.
    await page.getByTestId('logout').click();
    await page.getByTestId('login-username').waitFor({ timeout: 10_000 });
    await row.getByTestId('agent-state').filter({ hasText: 'Offline' }).waitFor({ timeout: 15_000 });

    // The state log holds the day, in order, for reports.
    const agentId = (await apiLogin('agent')).user.id;
    const sup = await apiLogin('supervisor');
    const log = (await (await fetch(`${base}/api/agent-states/log?agentId=${agentId}`, { headers: { authorization: `Bearer ${sup.token}` } })).json()) as AgentStateChange[];
    const path_: string[] = log.map((c) => c.to);
    const expectedOrder = ['not-ready', 'available', 'offered', 'on-call', 'available', 'offered', 'on-call', 'after-call-work', 'available', 'on-chat', 'after-call-work', 'available', 'offered', 'on-call', 'not-ready', 'offline'];
    // Each expected step appears, in this order (reconnects after the restart may add offline/available pairs).
    let at = 0;
    for (const step of expectedOrder) {
      const found = path_.indexOf(step, at);
      expect(found, `${step} after position ${at} in ${path_.join(' > ')}`).toBeGreaterThanOrEqual(at);
      at = found + 1;
    }
    expect(log.find((c) => c.to === 'not-ready' && c.reason === 'lunch')).toBeDefined();
    expect(errors).toEqual([]);
    await floor.close();
  }, 300_000);
});
