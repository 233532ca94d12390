import dgram from 'node:dgram';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RtpengineProcess, rtpengineBinary, startRtpengine } from '../../server/telephony/sip/rtpengine-process.js';
import type { SipCallOpened } from '../../server/telephony/sip/sip-bridge.js';
import { type TestApp, eventually } from '../support/app.js';
import { audioPackets, pageWithPeerConnections } from '../support/webrtc.js';
import { builtClient, goAvailable, launchBrowser, logInAs, lookAtBothSizes } from '../support/browser.js';
import { seedFixtures } from '../support/fixtures.js';
import { freeUdpPort, killAllSipp, runSipp } from '../telephony/sip/sipp.js';
import { consoleAndSwitch, hasSwitch, SIP_DOMAIN, type Switch } from '../telephony/sip/switch.js';

// After a reject the call waits for another agent: with nobody else, the caller hears 480 after this long.
const MAX_WAIT_MS = 6000;

describe.skipIf(!hasSwitch)("the agent's browser softphone (Chromium, a real switch, TELEPHONY=sip)", () => {
  let sw: Switch;
  let t: TestApp;
  let browser: Browser;
  let rtpengine: RtpengineProcess | undefined;
  const opened: SipCallOpened[] = [];
  let dtmfSocket: dgram.Socket | undefined;
  const dtmfReports: string[] = [];

  beforeAll(async () => {
    const clientDir = await builtClient();
    // WebRTC media to the plain-RTP caller through rtpengine (userspace), where it is installed.
    // rtpengine reports each keypad tone it relays (RFC 4733 events in the media) to a UDP socket here.
    dtmfSocket = dgram.createSocket('udp4');
    dtmfSocket.on('message', (b) => dtmfReports.push(b.toString()));
    await new Promise<void>((resolve) => dtmfSocket!.bind(0, '127.0.0.1', resolve));
    if (rtpengineBinary())
      rtpengine = await startRtpengine({
        address: '127.0.0.1',
        ngPort: await freeUdpPort(),
        portMin: 41000,
        portMax: 41200,
        extraArgs: [`--dtmf-log-dest=127.0.0.1:${dtmfSocket.address().port}`],
      });
    // The phone rings longer than the screenshots and accessibility checks take.
    ({ t, sw } = await consoleAndSwitch({ maxWaitMs: MAX_WAIT_MS, clientDir, switch: { agentRingMs: 30_000, rtpengineNg: rtpengine?.ng } }));
    await seedFixtures(t.models);
    t.app.services.sip!.onCallOpened((o) => opened.push(o));
    // Fake microphone and camera, allowed without a prompt: the browser as an agent's, headless.
    browser = await launchBrowser(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']);
  }, 120_000);
  // Each test's screens close with it: an agent's screen left open keeps its phone registered, and the
  // next test's call to that agent reached two phones (under CI's load the old one answered 486 and the
  // call never rang the new one; the agent, left available, then took the next test's call).
  afterEach(async () => {
    for (const context of browser?.contexts() ?? []) await context.close();
  });
  afterAll(async () => {
    await killAllSipp();
    await browser?.close();
    await t?.close();
    await sw?.kamailio.stop();
    await rtpengine?.stop();
    dtmfSocket?.close();
  });

  /**
   * A wait on the phone that failed, told with what each part saw: the phone's words, the switch's and
   * rtpengine's logs, the caller's, and the call and agent as the console stored them (a call that never
   * rang the browser may have stopped at any of them).
   */
  const seenBy =
    (page: Page, caller: ReturnType<typeof runSipp>, from: string, username: string) =>
    async (err: Error): Promise<never> => {
      const said = await page
        .getByTestId('softphone')
        .textContent({ timeout: 1000 })
        .catch(() => '(no phone on the page)');
      const switchSaid = sw.kamailio
        .log()
        .split('\n')
        .filter((l) => /ERROR|WARN|rtpengine|console says|did not take|INVITE/.test(l))
        .slice(-25)
        .join('\n');
      const call = await t.models.Interaction.findOne({ from, callId: /^sip:/ }, { state: 1, agentName: 1, ringingAt: 1, version: 1 }).sort({ _id: -1 }).lean();
      const agent = await t.models.Agent.findOne({ username }, { state: 1, presence: 1, reason: 1, voice: 1, chats: 1, connections: 1 }).lean();
      throw new Error(
        [
          err.message,
          `phone: ${said}`,
          `switch:\n${switchSaid}`,
          `rtpengine:\n${rtpengine?.log().split('\n').slice(-20).join('\n')}`,
          `caller: ${caller.errors()} ${caller.logLines().join(' | ')}`,
          `console: call ${JSON.stringify(call)}; ${username} ${JSON.stringify(agent)}`,
        ].join('\n'),
      );
    };

  it('registers with the console\'s credentials ("Phone ready"), rings with the pop, and a reject sends the call back to routing', async () => {
    const page = await logInAs(browser, t.base, 'agent', { width: 1440, height: 900 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const mark = sw.kamailio.logMark();
    await page.getByTestId('softphone-status').filter({ hasText: 'Phone ready' }).waitFor({ timeout: 15_000 });
    // Registered over its WebSocket, as the agent, with the credentials the console issued.
    await sw.kamailio.waitForLog(new RegExp(`registered sip:agent@${SIP_DOMAIN.replace('.', '\\.')} at <sip:\\w+@[\\w.]+\\.invalid;transport=ws>`), { after: mark });
    await goAvailable(page);
    await eventually(async () => (await t.models.Agent.findOne({ username: 'agent' }).lean())?.state === 'available', 15_000, 'agent available');

    // The moment the pop's customer name is painted, in this machine's clock (as the switch's INVITE stamp).
    await page.evaluate(() => {
      const w = window as unknown as { popPaintedAt?: number };
      const seen = () => {
        if (w.popPaintedAt || !document.querySelector('[data-testid="pop-customer-name"]')) return;
        requestAnimationFrame(() => requestAnimationFrame(() => (w.popPaintedAt ??= performance.timeOrigin + performance.now())));
      };
      new MutationObserver(seen).observe(document.body, { childList: true, subtree: true });
    });
    const caller = runSipp({ scenario: 'caller-refused.xml', target: sw.target, localPort: await freeUdpPort(), keys: { caller: '+447700900001' }, args: ['-s', '5000', '-m', '1'] });

    await page.getByTestId('softphone-status').filter({ hasText: 'Incoming call' }).waitFor({ timeout: 10_000 });
    await page.getByTestId('pop-customer-name').filter({ hasText: 'Ada Lovelace' }).waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('softphone-caller').textContent()).toContain('+447700900001');
    const paintedAt = await page.waitForFunction(() => (window as unknown as { popPaintedAt?: number }).popPaintedAt).then((h) => h.jsonValue() as Promise<number>);
    const call = opened.find((o) => o.callId.length > 0)!;
    expect(call.invitedAt).toBeGreaterThan(0);
    console.log(`SIP INVITE at the switch → pop painted in Chromium: ${(paintedAt - call.invitedAt!).toFixed(0)} ms (interaction stored at ${call.sinceInviteMs!.toFixed(1)} ms)`);
    await lookAtBothSizes(page, 'softphone-ringing');

    // Rejected with the keyboard (Alt+H): the phone says Busy, the switch asks the console again.
    await page.keyboard.press('Alt+KeyH');
    await page.getByTestId('softphone-status').filter({ hasText: 'Phone ready' }).waitFor({ timeout: 10_000 });
    await sw.kamailio.waitForLog(/did not take it \(486\)/, { after: mark });
    expect(await caller.exited, caller.errors()).toBe(0);
    // Nobody else to take it: the caller hears 480 at the maximum wait, the call ends unanswered.
    expect(caller.logLines()).toEqual(['refused 480']);
    const ended = await eventually(async () => {
      const i = await t.models.Interaction.findOne({ from: '+447700900001', callId: /^sip:/ }).lean();
      return i?.state === 'ended' ? i : null;
    }, 10_000, 'the call ended');
    expect(ended.connectedAt).toBeFalsy();
    expect(errors).toEqual([]);
  });

  it('stops the phone when the agent logs out: the switch forgets the registration', async () => {
    const page = await logInAs(browser, t.base, 'agent2');
    await page.getByTestId('softphone-status').filter({ hasText: 'Phone ready' }).waitFor({ timeout: 15_000 });
    const mark = sw.kamailio.logMark();
    await page.getByTestId('logout').click();
    await page.getByTestId('login-username').waitFor();
    // JsSIP unregisters (Expires: 0) as it stops: the switch logs the REGISTER it took.
    await sw.kamailio.waitForLog(/registered sip:agent2@\S+ at <[^>]+>\S*;expires=0\n/, { after: mark, ms: 10_000 }).catch((err: Error) => {
      throw new Error(`${err.message}\n${sw.kamailio.log().split('\n').filter((l) => /agent2|REGISTER/.test(l)).slice(-10).join('\n')}`);
    });
    expect(await page.getByTestId('softphone').count()).toBe(0);
  });

  it.skipIf(!rtpengineBinary())('answers in the browser: audio flows both ways through rtpengine (WebRTC stats), mute, hold and resume, then the agent hangs up', async () => {
    // Every peer connection the page makes is kept where the test can read its statistics.
    const page = await pageWithPeerConnections(browser, t.base, 'agent', { width: 1280, height: 720 });
    await page.getByTestId('softphone-status').filter({ hasText: 'Phone ready' }).waitFor({ timeout: 15_000 });
    await goAvailable(page);
    await eventually(async () => (await t.models.Agent.findOne({ username: 'agent' }).lean())?.state === 'available', 15_000, 'agent available');
    // The caller echoes every RTP packet it gets: what the browser sends comes back to it.
    const caller = runSipp({
      scenario: 'caller-held.xml',
      target: sw.target,
      localPort: await freeUdpPort(),
      keys: { caller: '+447700900001' },
      args: ['-s', '5000', '-m', '1', '-rtp_echo', '-mp', String(await freeUdpPort())],
    });
    const failed = seenBy(page, caller, '+447700900001', 'agent');
    await page.getByTestId('softphone-answer').waitFor({ timeout: 10_000 }).catch(failed);
    await page.getByTestId('softphone-answer').click();
    await page.getByTestId('softphone-status').filter({ hasText: 'On the phone' }).waitFor({ timeout: 10_000 }).catch(failed);
    const packetCounts = () => audioPackets(page);
    // Audio every 20 ms: a second of it each way, the caller's echo coming back through rtpengine.
    const packets = await eventually(async () => {
      const c = await packetCounts();
      return c.sent > 50 && c.received > 50 ? c : null;
    }, 15_000, 'audio flowing both ways').catch(async (err: Error) => {
      throw new Error(`${err.message}: ${JSON.stringify(await packetCounts())}\nrtpengine:\n${rtpengine!.log().split('\n').slice(-20).join('\n')}`);
    });
    console.log(`WebRTC audio through rtpengine: ${packets.sent} packets sent, ${packets.received} received`);
    // Mute is the browser's own (its microphone track off): the button says so, Alt+M undoes it.
    await page.getByTestId('softphone-mute').click();
    await page.locator('[data-testid="softphone-mute"][aria-pressed="true"]').filter({ hasText: 'Unmute' }).waitFor();
    await lookAtBothSizes(page, 'softphone-in-call');
    await page.keyboard.press('Alt+KeyM');
    await page.locator('[data-testid="softphone-mute"][aria-pressed="false"]').filter({ hasText: 'Mute' }).waitFor();
    // The keypad's tones go in the media (RFC 4733): rtpengine, relaying them to the caller, reports each.
    await page.getByTestId('softphone-keypad-toggle').click();
    await page.getByTestId('softphone-key-5').click();
    await page.getByTestId('softphone-key-0').click();
    await page.getByTestId('softphone-keypad').press('#');
    await page.getByTestId('softphone-digits').filter({ hasText: '50#' }).waitFor();
    await lookAtBothSizes(page, 'softphone-keypad');
    const tones = await eventually(
      async () => {
        // The browser's side (its dialog tag; the caller's is sipp's) — the caller echoes them back too.
        const events = dtmfReports.map((r) => JSON.parse(r) as { event: number; type: string; source_tag: string }).filter((e) => e.type === 'DTMF' && !e.source_tag.includes('SIPpTag'));
        return events.length >= 3 ? events : null;
      },
      10_000,
      'rtpengine to report three tones',
    ).catch((err: Error) => {
      throw new Error(`${err.message}: ${JSON.stringify(dtmfReports)}\nrtpengine:\n${rtpengine!.log().split('\n').filter((l) => /DTMF|dtmf|event/.test(l)).slice(-20).join('\n')}`);
    });
    // RFC 4733 event codes: 0–9 are the digits, 10 is *, 11 is #.
    expect(tones.map((e) => e.event)).toEqual([5, 0, 11]);
    // Hold and resume are re-INVITEs through the switch (rtpengine rewrites each offer and answer).
    await page.getByTestId('softphone-hold').click();
    await page.getByTestId('softphone-status').filter({ hasText: 'Call on hold' }).waitFor({ timeout: 10_000 });
    // Resumed at once, while the hold's re-INVITE may still be unanswered: the wish is kept, not lost.
    await page.keyboard.press('Alt+KeyK');
    await page.getByTestId('softphone-status').filter({ hasText: 'On the phone' }).waitFor({ timeout: 10_000 });
    // Audio flows again after the resume.
    const before = await packetCounts();
    await eventually(async () => ((await packetCounts()).received > before.received + 20 ? true : null), 10_000, 'audio after the resume');
    await page.getByTestId('softphone-hang-up').click();
    await page.getByTestId('softphone-status').filter({ hasText: 'Phone ready' }).waitFor({ timeout: 10_000 });
    expect(await caller.exited, caller.errors()).toBe(0);
    expect(caller.logLines()).toEqual(['re-INVITE answered', 're-INVITE answered']);
    await eventually(async () => (await t.models.Agent.findOne({ username: 'agent' }).lean())?.state === 'after-call-work', 10_000, 'after-call work');
    // The hold was learnt from the switch (the re-INVITEs the caller accepted), not from the browser's word.
    const call = await t.models.Interaction.findOne({ callId: /^sip:/, holdCount: { $exists: true } }, { heldAt: 1, holdMs: 1, holdCount: 1, state: 1 }).lean();
    expect(call).toMatchObject({ state: 'ended', holdCount: 1 });
    expect(call!.heldAt ?? null).toBeNull();
    expect(call!.holdMs).toBeGreaterThan(0);
  });

  it.skipIf(!rtpengineBinary())("keeps the call when the caller's side holds and resumes: its re-offers made WebRTC for the browser, the answers plain RTP for the caller", async () => {
    const page = await logInAs(browser, t.base, 'agent2', { width: 1280, height: 720 });
    await page.getByTestId('softphone-status').filter({ hasText: 'Phone ready' }).waitFor({ timeout: 15_000 });
    await goAvailable(page);
    await eventually(async () => (await t.models.Agent.findOne({ username: 'agent2' }).lean())?.state === 'available', 15_000, 'agent2 available');
    const caller = runSipp({
      scenario: 'caller-holds.xml',
      target: sw.target,
      localPort: await freeUdpPort(),
      keys: { caller: '+447700900002' },
      args: ['-s', '5000', '-m', '1', '-rtp_echo', '-mp', String(await freeUdpPort())],
    });
    // Every status the phone shows, in order, as the page paints it (a loaded machine may poll past a short one).
    await page.evaluate(() => {
      const w = window as unknown as { statuses: string[] };
      w.statuses = [];
      const read = () => {
        const now = document.querySelector('[data-testid="softphone-status"]')?.textContent?.trim();
        if (now && w.statuses.at(-1) !== now) w.statuses.push(now);
      };
      new MutationObserver(read).observe(document.body, { childList: true, subtree: true, characterData: true });
      read();
    });
    await page
      .getByTestId('softphone-answer')
      .click({ timeout: 10_000 })
      .catch(seenBy(page, caller, '+447700900002', 'agent2'));
    expect(await caller.exited, caller.errors()).toBe(0);
    await page.getByTestId('softphone-status').filter({ hasText: 'Phone ready' }).waitFor({ timeout: 10_000 });
    // The caller's hold showed on the agent's phone, and its resume brought the call back.
    const statuses = await page.evaluate(() => (window as unknown as { statuses: string[] }).statuses);
    expect(statuses.join(' → ')).toMatch(/On the phone → Call on hold → On the phone → Phone ready$/);
    expect(caller.logLines()).toEqual([expect.stringMatching(/^re-INVITE sendonly answered with m=audio \d+ RTP\/AVP$/), expect.stringMatching(/^re-INVITE sendrecv answered with m=audio \d+ RTP\/AVP$/)]);
    const call = await eventually(async () => (await t.models.Interaction.findOne({ from: '+447700900002', callId: /^sip:/, state: 'ended' }).lean()) ?? null, 10_000, 'the call ended');
    expect(call).toMatchObject({ agentName: 'agent2', holdCount: 1 });
    await page.context().close();
  });
});
