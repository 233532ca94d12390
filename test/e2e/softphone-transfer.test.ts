import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RtpengineProcess, rtpengineBinary, startRtpengine } from '../../server/telephony/sip/rtpengine-process.js';
import { type TestApp, eventually } from '../support/app.js';
import { audioPackets, pageWithPeerConnections } from '../support/webrtc.js';
import { builtClient, goAvailable, launchBrowser, lookAtBothSizes } from '../support/browser.js';
import { seedFixtures } from '../support/fixtures.js';
import { type Baresip, hasBaresip, startBaresip } from '../telephony/sip/baresip.js';
import { freeUdpPort } from '../telephony/sip/sipp.js';
import { consoleAndSwitch, hasSwitch, type Switch } from '../telephony/sip/switch.js';

const MAX_WAIT_MS = 30_000;

describe.skipIf(!hasSwitch || !hasBaresip || !rtpengineBinary())('a blind transfer between two agents’ browser softphones (Chromium, a real switch)', () => {
  let sw: Switch;
  let t: TestApp;
  let browser: Browser;
  let rtpengine: RtpengineProcess;
  let caller: Baresip | undefined;

  beforeAll(async () => {
    const clientDir = await builtClient();
    rtpengine = await startRtpengine({ address: '127.0.0.1', ngPort: await freeUdpPort(), portMin: 41300, portMax: 41500 });
    ({ t, sw } = await consoleAndSwitch({ maxWaitMs: MAX_WAIT_MS, clientDir, switch: { agentRingMs: 30_000, rtpengineNg: rtpengine.ng } }));
    await seedFixtures(t.models);
    browser = await launchBrowser(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']);
  }, 120_000);
  afterAll(async () => {
    await caller?.stop();
    await browser?.close();
    await t?.close();
    await sw?.kamailio.stop();
    await rtpengine?.stop();
  });

  /** An agent's screen with its phone ready and the agent available; its peer connections kept for their statistics. */
  async function readyAgent(username: string, size: { width: number; height: number }): Promise<Page> {
    const page = await pageWithPeerConnections(browser, t.base, username, size);
    await page.getByTestId('softphone-status').filter({ hasText: 'Phone ready' }).waitFor({ timeout: 15_000 });
    await goAvailable(page);
    await eventually(async () => (await t.models.Agent.findOne({ username }).lean())?.state === 'available', 15_000, `${username} available`);
    return page;
  }

  const audioReceived = async (page: Page) => (await audioPackets(page)).received;

  it("the first agent transfers with a note from the screen; the caller rings at the second agent's softphone, whose pop shows the note, and talks", { timeout: 90_000 }, async ({ onTestFailed }) => {
    onTestFailed(() => {
      console.log(`switch:\n${sw.kamailio.log().split('\n').filter((l) => /script|ERROR|WARN|dlg|dialog|tm /.test(l) && !/rtpengine/.test(l)).slice(-30).join('\n')}`);
      console.log(`caller:\n${caller?.log().slice(-2500)}`);
    });
    const first = await readyAgent('agent', { width: 1440, height: 900 });
    caller = await startBaresip({ uri: `sip:5000@${sw.target}`, caller: '+447700900001' });
    await first.getByTestId('softphone-answer').click({ timeout: 15_000 });
    await first.getByTestId('softphone-status').filter({ hasText: 'On the phone' }).waitFor({ timeout: 10_000 });
    await first.getByTestId('pop-customer-name').filter({ hasText: 'Ada Lovelace' }).waitFor();

    const second = await readyAgent('agent2', { width: 1280, height: 720 });
    await first.getByTestId('transfer-open').click();
    const dialog = first.getByTestId('transfer-dialog');
    await dialog.getByTestId('transfer-agent').locator('option', { hasText: 'agent2' }).waitFor({ state: 'attached' });
    await dialog.getByTestId('transfer-agent').selectOption({ label: 'agent2 – Available' });
    await dialog.getByTestId('transfer-note').fill('Billing question, identity checked.');
    await lookAtBothSizes(first, 'softphone-transfer-dialog');
    const clickedAt = Date.now();
    await dialog.getByTestId('transfer-confirm').click();

    // The switch hangs up the first agent's phone; the caller, referred, rings the second's.
    await first.getByTestId('transfer-notice').filter({ hasText: 'Transferred to agent2' }).waitFor({ timeout: 10_000 });
    await first.getByTestId('softphone-status').filter({ hasText: 'Phone ready' }).waitFor({ timeout: 10_000 });
    await second.getByTestId('softphone-status').filter({ hasText: 'Incoming call' }).waitFor({ timeout: 15_000 });
    console.log(`transfer clicked → the second agent's softphone rings: ${Date.now() - clickedAt} ms`);
    await second.getByTestId('pop-customer-name').filter({ hasText: 'Ada Lovelace' }).waitFor();
    await second.getByTestId('transfer-note-shown').filter({ hasText: 'Billing question, identity checked.' }).filter({ hasText: 'From agent' }).waitFor();
    await lookAtBothSizes(second, 'softphone-transferred-in');
    await second.getByTestId('softphone-answer').click();
    await second.getByTestId('softphone-status').filter({ hasText: 'On the phone' }).waitFor({ timeout: 10_000 });
    // The caller's tone reaches the second agent through rtpengine.
    await eventually(async () => ((await audioReceived(second)) > 50 ? true : null), 15_000, 'audio at the second agent');

    await second.getByTestId('softphone-hang-up').click();
    await second.getByTestId('softphone-status').filter({ hasText: 'Phone ready' }).waitFor({ timeout: 10_000 });
    const call = await eventually(async () => (await t.models.Interaction.findOne({ from: '+447700900001', callId: /^sip:/, state: 'ended' }).lean()) ?? null, 10_000, 'the call ended');
    expect(call).toMatchObject({ agentName: 'agent2', transferCount: 1 });
    await eventually(async () => (await t.models.Agent.findOne({ username: 'agent2' }).lean())?.state === 'after-call-work', 10_000, 'agent2 in after-call work');
    expect((await t.models.Agent.findOne({ username: 'agent' }).lean())?.state).toBe('available');
  });
});
