import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../../server/telephony/signature.js';
import { builtClient, goAvailable, launchBrowser, logInAs, screenshotPath } from '../support/browser.js';
import { freePort, spawnConsole, stopConsole } from '../support/console-process.js';

const CTI_SECRET = 'restart-cti-secret-0123456789';


let browser: Browser;
let env: Record<string, string>;
let dir: string;
const children: ChildProcess[] = [];

async function start() {
  return spawnConsole(env, (c) => children.push(c));
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-restart-'));
  env = {
    PORT: String(await freePort()),
    DB_DIR: dir,
    DB_PORT: '0',
    CLIENT_DIR: await builtClient(),
    DEMO_MODE: 'true',
    SEED_CUSTOMERS: '60',
    JWT_SECRET: 'restart-jwt-secret-0123456789',
    CTI_SECRET,
  };
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a console restart under a working agent', () => {
  it('reconnects the open console by itself, and the next call pops without a reload', async () => {
    const first = await start();
    const page = await logInAs(browser, first.base, 'agent', { width: 1280, height: 720 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await goAvailable(page);

    // A graceful restart (deploy): the server disconnects every screen on its way down.
    await stopConsole(first.child);
    await page.getByTestId('connection-banner').waitFor({ timeout: 10_000 });
    const second = await start();
    expect(second.base).toBe(first.base);

    // No reload: the screen comes back on its own, still Available.
    await page.getByTestId('connection-banner').filter({ hasText: 'Back online' }).waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="state-available"][aria-pressed="true"]').waitFor({ timeout: 10_000 });

    const event = JSON.stringify({ eventId: randomUUID(), type: 'call.ringing', callId: 'after-restart', channel: 'voice', from: '+447700900555', to: '+442079460000', at: new Date().toISOString() });
    const res = await fetch(`${second.base}/api/cti/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-cti-signature': sign(event, CTI_SECRET) }, body: event });
    expect(res.status).toBe(200);
    const { interactionId } = (await res.json()) as { interactionId: string };
    await page.locator(`[data-testid="interaction-view"][data-interaction-id="${interactionId}"]`).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: screenshotPath('restart-pop-after-reconnect-1280x720.png') });
    expect(errors).toEqual([]);
  }, 180_000);
});
