import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, eventually } from '../support/app.js';
import { builtClient, goAvailable, launchBrowser, logInAs, lookAtBothSizes } from '../support/browser.js';
import { seedFixtures } from '../support/fixtures.js';
import { consoleAndSwitch, hasSwitch, linkedToSwitch, startSwitch, type Switch } from '../telephony/sip/switch.js';

describe.skipIf(!hasSwitch)('the phone switch going down under the agents (Chromium)', () => {
  let sw: Switch;
  let t: TestApp;
  let browser: Browser;
  let wsOrigin: string;

  beforeAll(async () => {
    const clientDir = await builtClient();
    ({ t, sw } = await consoleAndSwitch({ maxWaitMs: 10_000, clientDir }));
    wsOrigin = t.base;
    await seedFixtures(t.models);
    browser = await launchBrowser(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sw?.kamailio.stop();
  });

  it('says "phone offline" with the reason, still pops webhook calls, and has the phone back when the switch returns', async () => {
    const page = await logInAs(browser, t.base, 'agent', { width: 1280, height: 720 });
    await page.getByTestId('softphone-status').filter({ hasText: 'Phone ready' }).waitFor({ timeout: 15_000 });
    await goAvailable(page);
    await eventually(async () => (await t.models.Agent.findOne({ username: 'agent' }).lean())?.state === 'available', 15_000, 'agent available');

    await sw.kamailio.stop();
    await page.getByTestId('softphone-status').filter({ hasText: 'Phone offline' }).waitFor({ timeout: 10_000 });
    await page.getByTestId('softphone-problem').filter({ hasText: 'The phone switch cannot be reached' }).waitFor();
    await eventually(() => !t.app.services.sip!.connected, 5000, "the console's link down");
    // Calls from a webhook platform do not need the switch: they still pop.
    await t.cti({ type: 'call.ringing', callId: 'switch-down-webhook', from: '+447700900001' });
    await page.getByTestId('pop-customer-name').filter({ hasText: 'Ada Lovelace' }).waitFor({ timeout: 10_000 });
    await lookAtBothSizes(page, 'softphone-switch-down');
    await t.cti({ type: 'call.ended', callId: 'switch-down-webhook', from: '+447700900001' });

    // The switch back on the same ports: the console's link and the phone both come back by themselves.
    sw = await startSwitch({ sipPort: sw.sipPort, wsPort: sw.wsPort, evapiPort: sw.evapiPort, maxWaitMs: 10_000, wsOrigins: [wsOrigin] });
    await linkedToSwitch(t, sw);
    await page.getByTestId('softphone-status').filter({ hasText: 'Phone ready' }).waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('softphone-problem').count()).toBe(0);
  });
});
