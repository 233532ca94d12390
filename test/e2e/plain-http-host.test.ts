import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { browserSuite, screenshotPath } from '../support/browser.js';

/**
 * The console reached as a contact centre's LAN reaches it: plain HTTP, a host name that is not
 * localhost (where browsers do not relax their rules). Helmet's defaults made this a blank page.
 */
let t: TestApp;
let browser: Browser;

browserSuite((app, b) => {
  t = app;
  browser = b;
}, { launchArgs: ['--host-resolver-rules=MAP console.floor.example 127.0.0.1'] });

describe('the console over plain HTTP on a LAN host name', () => {
  it('loads its scripts, logs in and connects its socket', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors: string[] = [];
    const https: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => r.url().startsWith('https:') && https.push(r.url()));
    const base = `http://console.floor.example:${new URL(t.base).port}`;
    await page.goto(base);
    await page.getByTestId('login-username').fill('agent');
    await page.getByTestId('login-password').fill('demo');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('state-available').waitFor({ timeout: 10_000 });
    await page.getByTestId('state-available').click();
    await page.getByTestId('logout').waitFor();
    await page.screenshot({ path: screenshotPath('plain-http-host.png') });
    expect(https).toEqual([]);
    expect(errors).toEqual([]);
  });
});
