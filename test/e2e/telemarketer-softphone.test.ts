import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RtpengineProcess, rtpengineBinary, startRtpengine } from '../../server/telephony/sip/rtpengine-process.js';
import { createCampaign, seedCallListCustomers } from '../campaigns/support.js';
import { type TestApp, eventually } from '../support/app.js';
import { builtClient, launchBrowser, lookAtBothSizes } from '../support/browser.js';
import { seedFixtures } from '../support/fixtures.js';
import { freeUdpPort, killAllSipp, runSipp } from '../telephony/sip/sipp.js';
import { consoleAndSwitch, hasSwitch, type Switch } from '../telephony/sip/switch.js';

describe.skipIf(!hasSwitch || !rtpengineBinary())("a telemarketer's click-to-call from the dialer in Chromium (a real switch, a sipp carrier)", () => {
  let sw: Switch;
  let t: TestApp;
  let browser: Browser;
  let rtpengine: RtpengineProcess;
  let carrierPort: number;

  beforeAll(async () => {
    const clientDir = await builtClient();
    rtpengine = await startRtpengine({ address: '127.0.0.1', ngPort: await freeUdpPort(), portMin: 41600, portMax: 41800 });
    carrierPort = await freeUdpPort();
    const trunkUri = `sip:127.0.0.1:${carrierPort}`;
    ({ t, sw } = await consoleAndSwitch({ maxWaitMs: 10_000, clientDir, switch: { trunkUri, rtpengineNg: rtpengine.ng }, telephony: { trunkUri } }));
    await seedFixtures(t.models);
    await seedCallListCustomers(t.models);
    // Open round the clock and running now, whatever the hour of the run.
    await createCampaign(t, (await t.login('supervisor')).token, {
      startsAt: new Date(Date.now() - 86_400_000),
      endsAt: new Date(Date.now() + 30 * 86_400_000),
      callingHours: { from: '00:00', to: '24:00', days: [1, 2, 3, 4, 5, 6, 7] },
    });
    browser = await launchBrowser(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']);
  }, 120_000);
  afterAll(async () => {
    await killAllSipp();
    await browser?.close();
    await t?.close();
    await sw?.kamailio.stop();
    await rtpengine?.stop();
  });

  async function telemarketer(): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await page.goto(t.base);
    await page.getByTestId('login-username').fill('telemarketer');
    await page.getByTestId('login-password').fill('demo');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('dialer').waitFor({ timeout: 10_000 });
    await page.getByTestId('softphone-status').filter({ hasText: 'Phone ready' }).waitFor({ timeout: 15_000 });
    return page;
  }

  it("calls the held contact with the Call button: the carrier rings the contact's number, the call shows answered, hang up, and the disposition keeps the call", async () => {
    const page = await telemarketer();
    await page.getByTestId('next-contact').click();
    await expect.poll(() => page.getByTestId('dialer-contact-name').textContent()).toBe('Cara Callable');
    const carrier = runSipp({ scenario: 'carrier-answers.xml', target: sw.target, localPort: carrierPort, args: ['-m', '1'] });
    const button = page.getByTestId('dialer-call-button');
    const number = ((await button.textContent()) ?? '').replace(/^[^+\d]+/, '').trim();
    const clickedAt = Date.now();
    await button.click();
    await eventually(() => carrier.logLines().some((l) => l.startsWith('dialled INVITE')), 10_000, 'the INVITE at the carrier').catch((err: Error) => {
      throw new Error(`${err.message}\n${sw.kamailio.log().split('\n').filter((l) => /script|ERROR|WARN/.test(l) && !/rtpengine/.test(l)).slice(-15).join('\n')}\ncarrier: ${carrier.errors()}`);
    });
    console.log(`Call clicked → the INVITE at the carrier: ${Date.now() - clickedAt} ms (polled every 20 ms)`);
    expect(carrier.logLines().find((l) => l.startsWith('dialled INVITE'))).toContain(`sip:${number}@127.0.0.1:${carrierPort}`);
    await page.locator('[data-testid="dialer-call-progress"][data-phase="answered"]').waitFor({ timeout: 10_000 });
    await page.getByTestId('softphone-status').filter({ hasText: 'On the phone' }).waitFor();
    await lookAtBothSizes(page, 'dialer-call-answered');

    await page.getByTestId('softphone-hang-up').click();
    expect(await carrier.exited, carrier.errors()).toBe(0);
    await page.getByTestId('softphone-status').filter({ hasText: 'Phone ready' }).waitFor({ timeout: 10_000 });
    const logged = await eventually(
      async () => {
        const i = await t.models.Interaction.findOne({ direction: 'outbound', 'sipCall.endedAt': { $exists: true } }).lean();
        return i ?? null;
      },
      10_000,
      'the call logged on the contact',
    );
    expect(logged.sipCall).toMatchObject({ outcome: 'answered', code: 200, number });
    await page.getByTestId('dispose-sale').click();
    await expect.poll(() => page.getByTestId('dialer-last').textContent()).toContain('Cara Callable: Sale');
    const done = await t.models.Interaction.findById(logged._id).lean();
    expect(done).toMatchObject({ state: 'ended', disposition: 'sale', agentName: 'telemarketer' });
    expect(done!.answeredAt).toEqual(logged.sipCall!.answeredAt);
  });
});
