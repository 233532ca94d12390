import dgram from 'node:dgram';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ServedContact } from '../../../shared/schemas/campaign.js';
import type { OutboundCallDecided } from '../../../server/telephony/sip/sip-outbound.js';
import { type TestApp, eventually, startTestApp } from '../../support/app.js';
import { seedFixtures } from '../../support/fixtures.js';
import { createCampaign, dispose, next, seedCallListCustomers } from '../../campaigns/support.js';
import { freeUdpPort, killAllSipp, runSipp, type Sipp } from './sipp.js';
import { hasSwitch, SIP_DOMAIN, sipCredentialSettings, sippCredentials, startSwitch } from './switch.js';

describe.skipIf(!hasSwitch)("a telemarketer's click-to-call through the switch to the carrier", () => {
  let sw: Awaited<ReturnType<typeof startSwitch>>;
  let t: TestApp;
  let carrierPort: number;
  let token: string;
  let campaignId: string;
  const decided: OutboundCallDecided[] = [];

  beforeAll(async () => {
    carrierPort = await freeUdpPort();
    const trunkUri = `sip:127.0.0.1:${carrierPort}`;
    sw = await startSwitch({ trunkUri });
    t = await startTestApp({ telephony: { mode: 'sip', evapiHost: '127.0.0.1', evapiPort: sw.evapiPort, sipDomain: SIP_DOMAIN, maxWaitMs: 10_000, trunkUri, ...sipCredentialSettings(sw.wsPort) } });
    await seedFixtures(t.models);
    await seedCallListCustomers(t.models);
    const sup = (await t.login('supervisor')).token;
    // Open round the clock and running now, whatever the hour of the run.
    campaignId = (
      await createCampaign(t, sup, {
        startsAt: new Date(Date.now() - 86_400_000),
        endsAt: new Date(Date.now() + 30 * 86_400_000),
        callingHours: { from: '00:00', to: '24:00', days: [1, 2, 3, 4, 5, 6, 7] },
      })
    ).id;
    token = (await t.login('telemarketer')).token;
    t.app.services.sipOutbound!.onDecided((d) => decided.push(d));
    await t.app.services.sip!.whenConnected();
    await sw.kamailio.waitForLog(/console connected from 127\.0\.0\.1:\d+\n(?![\s\S]*console disconnected)/);
  }, 60_000);
  // The carrier's sipp holds the carrier's port: one left running by a failed test would make every
  // later one fail too (its carrier cannot bind, the switch times out with 408).
  afterEach(() => killAllSipp());
  afterAll(async () => {
    await killAllSipp();
    await t?.close();
    await sw?.kamailio.stop();
  });

  /** The contact the dialer serves the telemarketer now (the one in hand until it is dispositioned). */
  async function heldContact(): Promise<ServedContact> {
    const res = await next(t, token, campaignId);
    expect(res.status).toBe(200);
    expect(res.body.contact).toBeTruthy();
    return res.body.contact!;
  }

  /** The carrier (SIP_TRUNK_URI) as sipp: one call with `scenario`. */
  const carrier = (scenario: string): Sipp => runSipp({ scenario, target: sw.target, localPort: carrierPort, args: ['-m', '1'] });

  /**
   * Listens on the carrier's address instead of a carrier: for calls that must never reach it. A refused
   * call is refused before anything is relayed, so once the caller has its refusal nothing may have come.
   */
  async function carrierSilence() {
    const s = dgram.createSocket('udp4');
    let datagrams = 0;
    s.on('message', () => datagrams++);
    await new Promise<void>((resolve) => s.bind(carrierPort, '127.0.0.1', resolve));
    return {
      received: () => datagrams,
      close: () => new Promise<void>((resolve) => s.close(() => resolve())),
    };
  }

  /** The telemarketer's phone (or `as` someone else's) calling `number`; talks `talkMs` if answered. */
  const callOut = async (number: string, o: { as?: string; talkMs?: number } = {}) =>
    runSipp({
      scenario: 'telemarketer-call.xml',
      target: sw.target,
      localPort: await freeUdpPort(),
      keys: { agent: o.as ?? 'telemarketer', domain: SIP_DOMAIN },
      args: ['-s', number, '-m', '1', '-d', String(o.talkMs ?? 300), ...sippCredentials(o.as ?? 'telemarketer')],
    });

  const interaction = (id: string) => t.models.Interaction.findById(id).lean();

  it("dials the held contact's number at the carrier, logs the answer and hang-up on the contact's call, and the disposition keeps them", async () => {
    const contact = await heldContact();
    const c = carrier('carrier-answers.xml');
    const phone = await callOut(contact.phone, { talkMs: 400 });
    expect(await phone.exited, phone.errors()).toBe(0);
    expect(phone.logLines()).toContain('answered');
    expect(await c.exited, c.errors()).toBe(0);
    // The number reached the carrier as the user part of its URI.
    expect(c.logLines().join('\n')).toContain(`dialled INVITE sip:${contact.phone}@127.0.0.1:${carrierPort}`);

    const call = await eventually(
      async () => {
        const i = await interaction(contact.interactionId);
        return i?.sipCall?.endedAt ? i : null;
      },
      5000,
      'the call ended on the interaction',
    );
    expect(call.sipCall).toMatchObject({ outcome: 'answered', code: 200, number: contact.phone });
    expect(call.sipCall!.callId).toBeTruthy();
    expect(call.sipCall!.answeredAt!.getTime()).toBeGreaterThanOrEqual(call.sipCall!.dialledAt!.getTime());
    expect(call.sipCall!.endedAt!.getTime()).toBeGreaterThanOrEqual(call.sipCall!.answeredAt!.getTime());
    expect(call).toMatchObject({ direction: 'outbound', campaignId: expect.anything(), agentName: 'telemarketer' });

    const saved = await dispose(t, token, campaignId, contact.entryId, { disposition: 'sale' });
    expect(saved.status).toBe(200);
    const done = await interaction(contact.interactionId);
    expect(done).toMatchObject({ state: 'ended', disposition: 'sale' });
    expect(done!.answeredAt).toEqual(call.sipCall!.answeredAt);
    expect(done!.endedAt).toEqual(call.sipCall!.endedAt);
  });

  it('logs a busy line as busy with its SIP code, 486', async () => {
    const contact = await heldContact();
    const c = carrier('carrier-busy.xml');
    const phone = await callOut(contact.phone);
    expect(await phone.exited, phone.errors()).toBe(0);
    expect(phone.logLines()).toContain('refused 486');
    expect(await c.exited, c.errors()).toBe(0);
    const call = await eventually(
      async () => {
        const i = await interaction(contact.interactionId);
        return i?.sipCall?.endedAt ? i : null;
      },
      5000,
      'the busy call logged',
    );
    expect(call.sipCall).toMatchObject({ outcome: 'busy', code: 486 });
    expect(call.sipCall!.answeredAt).toBeUndefined();
    // Left in hand: the next tests dial while this contact is still held.
  });

  it("refuses (403) a number that is not the held contact's, and nothing reaches the carrier", async () => {
    await heldContact();
    const silence = await carrierSilence();
    try {
      const phone = await callOut('+441632960999');
      expect(await phone.exited, phone.errors()).toBe(0);
      expect(phone.logLines()).toContain('refused 403');
      expect(decided.at(-1)).toMatchObject({ agent: 'telemarketer', number: '+441632960999', verdict: { dial: false, reason: 'not-the-contact' } });
      expect(silence.received()).toBe(0);
    } finally {
      await silence.close();
    }
  });

  it('challenges (407) an INVITE without credentials, and nothing reaches the carrier or the console', async () => {
    const contact = await heldContact();
    const before = decided.length;
    const silence = await carrierSilence();
    try {
      const phone = runSipp({
        scenario: 'unauthenticated-call.xml',
        target: sw.target,
        localPort: await freeUdpPort(),
        keys: { agent: 'telemarketer', domain: SIP_DOMAIN },
        args: ['-s', contact.phone, '-m', '1'],
      });
      expect(await phone.exited, phone.errors()).toBe(0);
      expect(phone.logLines()).toContain('challenged 407');
      expect(decided.length).toBe(before);
      expect(silence.received()).toBe(0);
    } finally {
      await silence.close();
    }
  });

  it("refuses (403) an inbound agent who dials the telemarketer's contact with their own valid credentials", async () => {
    const contact = await heldContact();
    const silence = await carrierSilence();
    try {
      const phone = await callOut(contact.phone, { as: 'agent' });
      expect(await phone.exited, phone.errors()).toBe(0);
      expect(phone.logLines()).toContain('refused 403');
      expect(decided.at(-1)).toMatchObject({ agent: 'agent', verdict: { dial: false, reason: 'not-a-dialer' } });
      expect(silence.received()).toBe(0);
    } finally {
      await silence.close();
    }
  });
});
