import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Types } from 'mongoose';
import type { SipCallOpened } from '../../../server/telephony/sip/sip-bridge.js';
import { type TestApp, eventually, startTestApp } from '../../support/app.js';
import { seedFixtures } from '../../support/fixtures.js';
import { freeUdpPort, killAllSipp, refusedCall, runSipp } from './sipp.js';
import { availableAgent, deskPhone, hasSwitch, linkedToSwitch, sipTelephony, startSwitch } from './switch.js';

// Long enough for routing to move a call between agents on a loaded machine, short enough to wait out.
const MAX_WAIT_MS = 3000;

describe.skipIf(!hasSwitch)('inbound SIP calls decided by the console', () => {
  let sw: Awaited<ReturnType<typeof startSwitch>>;
  let t: TestApp;
  let ada: Types.ObjectId;
  const opened: SipCallOpened[] = [];

  beforeAll(async () => {
    sw = await startSwitch({ maxWaitMs: MAX_WAIT_MS });
    // Routing's sweep re-offers waiting calls often: a requeue that lands while a drain is under way is picked up soon.
    t = await startTestApp({ queueSweepMs: 100, telephony: sipTelephony(sw, MAX_WAIT_MS) });
    // agent3 never has a phone on line.
    ada = (await seedFixtures(t.models, ['agent', 'agent2', 'agent3'])).customers.ada;
    const sip = t.app.services.sip!;
    sip.onCallOpened((o) => opened.push(o));
    await linkedToSwitch(t, sw);
  });
  afterAll(async () => {
    await killAllSipp();
    await t?.close();
    await sw?.kamailio.stop();
  });
  beforeEach(() => t.freshAgents());

  const phoneOf = (username: string, answers?: string) => deskPhone(sw, username, answers);

  const available = (username: string) => availableAgent(t, username);

  /** A caller ringing the console's number; talks `talkMs` once answered, then hangs up. */
  const call = async (caller: string, talkMs = 300) =>
    runSipp({ scenario: 'caller.xml', target: sw.target, localPort: await freeUdpPort(), keys: { caller }, args: ['-s', '5000', '-m', '1', '-d', String(talkMs)] });

  const interactionFrom = (from: string) => t.models.Interaction.findOne({ from, callId: /^sip:/ }).sort({ createdAt: -1 }).lean();
  /** The latest SIP call from `from`, once it has ended. */
  const endedCallFrom = (from: string) =>
    eventually(
      async () => {
        const i = await interactionFrom(from);
        return i?.state === 'ended' ? i : null;
      },
      5000,
      `the call from ${from} ended`,
    );

  it("routes a call to the available agent's phone, pops the caller, connects on the answer and ends on the caller's BYE", async () => {
    const phone = await phoneOf('agent');
    const screen = await available('agent');
    const poppedAt = new Map<string, number>();
    screen.socket.on('screen-pop', (p) => void poppedAt.set(p.interactionId, Date.now()));
    const caller = await call('+447700900001');

    const code = await caller.exited;
    expect(code, caller.errors()).toBe(0);
    const ended = await endedCallFrom('+447700900001');

    // The same interaction a CTI call.ringing makes: identified, given to the agent, connected, ended.
    expect(ended).toMatchObject({ channel: 'voice', direction: 'inbound', to: '5000', agentName: 'agent' });
    expect(String(ended.customerId)).toBe(String(ada));
    expect(ended.connectedAt).toBeInstanceOf(Date);
    expect(ended.endedAt!.getTime()).toBeGreaterThanOrEqual(ended.connectedAt!.getTime());
    expect(ended.events.map((e) => e.type)).toEqual(['call.ringing', 'call.answered', 'call.ended']);
    // The agent's screen got the pop with the caller's picture; the agent now owes the wrap-up.
    const pop = screen.pops.find((p) => p.interactionId === String(ended._id));
    expect(pop?.customer?.profile.displayName).toBe('Ada Lovelace');
    await eventually(async () => (await t.models.Agent.findOne({ username: 'agent' }).lean())?.state === 'after-call-work', 5000, 'after-call work');

    const o = opened.find((x) => x.interactionId === String(ended._id));
    expect(o).toBeDefined();
    // Measured, not asserted beyond being there: the figure goes to the docs.
    expect(o!.sinceInviteMs).toBeGreaterThan(0);
    const popMs = poppedAt.get(String(ended._id))! - o!.invitedAt!;
    console.log(
      `SIP INVITE at the switch → interaction stored: ${o!.sinceInviteMs!.toFixed(1)} ms (the console's share, from the evapi question: ${o!.ms.toFixed(1)} ms); → pop on the agent's socket: ${popMs.toFixed(1)} ms`,
    );
    await phone.kill();
  });

  it('ends the call when the agent hangs up first, and the agent owes the wrap-up', async () => {
    const phone = await phoneOf('agent', 'agent-hangs-up.xml');
    await available('agent');
    const caller = runSipp({
      scenario: 'caller-hung-up-on.xml',
      target: sw.target,
      localPort: await freeUdpPort(),
      keys: { caller: '+447700900001' },
      args: ['-s', '5000', '-m', '1'],
    });
    expect(await caller.exited, caller.errors()).toBe(0);
    const ended = await endedCallFrom('+447700900001');
    expect(ended.agentName).toBe('agent');
    expect(ended.events.map((e) => e.type)).toEqual(['call.ringing', 'call.answered', 'call.ended']);
    await eventually(async () => (await t.models.Agent.findOne({ username: 'agent' }).lean())?.state === 'after-call-work', 5000, 'after-call work');
    await phone.kill();
  });

  it("times a hold from the switch: the desk phone's sendonly and sendrecv re-INVITEs the caller accepted", async () => {
    const phone = await phoneOf('agent', 'agent-holds.xml');
    await available('agent');
    const caller = runSipp({ scenario: 'caller-held.xml', target: sw.target, localPort: await freeUdpPort(), keys: { caller: '+447700900009' }, args: ['-s', '5000', '-m', '1'] });
    expect(await caller.exited, caller.errors()).toBe(0);
    expect(caller.logLines()).toEqual(['re-INVITE answered', 're-INVITE answered']);
    const ended = await endedCallFrom('+447700900009');
    expect(ended.events.map((e) => e.type)).toEqual(['call.ringing', 'call.answered', 'call.held', 'call.resumed', 'call.ended']);
    expect(ended).toMatchObject({ holdCount: 1 });
    expect(ended.heldAt ?? null).toBeNull();
    // The phone holds for 400 ms between the two answers; a loaded machine only makes it longer.
    expect(ended.holdMs).toBeGreaterThanOrEqual(350);
    expect(ended.holdMs).toBeLessThan(10_000);
    await phone.kill();
  });

  it('keeps a call waiting with ringback while nobody is free and sends it to the first agent who becomes available', async () => {
    const phone = await phoneOf('agent2');
    const { token } = await t.login('agent2');
    const screen = await t.agentSocket(token);
    const caller = await call('+447700900002');
    const queued = await eventually(
      async () => {
        const i = await interactionFrom('+447700900002');
        return i?.state === 'queued' ? i : null;
      },
      5000,
      'the call queued',
    );
    expect(queued.agentId).toBeNull();

    expect(await screen.socket.emitWithAck('agent:state', { state: 'available' })).toHaveProperty('data.state', 'available');
    expect(await caller.exited, caller.errors()).toBe(0);
    const ended = await eventually(
      async () => {
        const i = await t.models.Interaction.findById(queued._id).lean();
        return i?.state === 'ended' ? i : null;
      },
      5000,
      'the call ended',
    );
    expect(ended.agentName).toBe('agent2');
    expect(ended.connectedAt).toBeInstanceOf(Date);
    await phone.kill();
  });

  it('refuses a call nobody takes within the maximum wait with 480, and the interaction is abandoned', async () => {
    const started = Date.now();
    const caller = await refusedCall(sw.target, '+442079460001');
    expect(await caller.exited, caller.errors()).toBe(0);
    expect(caller.logLines()).toEqual(['refused 480']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(MAX_WAIT_MS);
    const i = await endedCallFrom('+442079460001');
    expect(i.agentId).toBeNull();
    expect(i.connectedAt ?? null).toBeNull();
  });

  it('ends a call whose caller hangs up while waiting: 487 to the caller, the interaction abandoned', async () => {
    const caller = runSipp({
      scenario: 'caller-gives-up.xml',
      target: sw.target,
      localPort: await freeUdpPort(),
      keys: { caller: '+442079460099' },
      args: ['-s', '5000', '-m', '1', '-d', '200'],
    });
    expect(await caller.exited, caller.errors()).toBe(0);
    const i = await endedCallFrom('+442079460099');
    expect(i.agentId).toBeNull();
    expect(i.connectedAt ?? null).toBeNull();
    expect(i.endedAt!.getTime() - i.ringingAt!.getTime()).toBeLessThan(MAX_WAIT_MS);
  });

  it('sends a call on to the next agent when the chosen agent has no phone registered, and sets the first one not ready', async () => {
    const phone = await phoneOf('agent');
    // agent3 has been idle longest: routing offers it the call first, and the switch finds no phone.
    await available('agent3');
    await available('agent');
    const caller = await call('+447700900001');
    expect(await caller.exited, caller.errors()).toBe(0);
    const ended = await endedCallFrom('+447700900001');
    expect(ended.agentName).toBe('agent');
    const agent3 = await t.models.Agent.findOne({ username: 'agent3' }).lean();
    expect(agent3).toMatchObject({ presence: 'not-ready', reason: 'missed' });
    await phone.kill();
  });

  it("sends a call on to the next agent when the chosen agent's phone refuses it (486)", async () => {
    const busy = await phoneOf('agent3', 'agent-busy.xml');
    const phone = await phoneOf('agent');
    await available('agent3');
    await available('agent');
    const caller = await call('+447700900001');
    expect(await caller.exited, caller.errors()).toBe(0);
    const ended = await endedCallFrom('+447700900001');
    // The refusal did not end the call: it rang on at agent's phone and was answered there.
    expect(ended.agentName).toBe('agent');
    expect(ended.events.map((e) => e.type)).toEqual(['call.ringing', 'call.answered', 'call.ended']);
    expect(await t.models.Agent.findOne({ username: 'agent3' }).lean()).toMatchObject({ presence: 'not-ready', reason: 'missed' });
    await Promise.all([busy.kill(), phone.kill()]);
  });

  it('refuses a call with a malformed From (400) before it reaches the console', async () => {
    const before = await t.models.Interaction.countDocuments();
    // An empty user part: From: <sip:@host>.
    const caller = runSipp({ scenario: 'caller-refused.xml', target: sw.target, localPort: await freeUdpPort(), keys: { caller: '' }, args: ['-s', '5000', '-m', '1'] });
    expect(await caller.exited, caller.errors()).toBe(0);
    expect(caller.logLines()).toEqual(['refused 400']);
    expect(await t.models.Interaction.countDocuments()).toBe(before);
  });

  // Last: it takes the console's link down.
  it('answers 503 at once, with no transaction left hanging, while the console is not connected', async () => {
    const mark = sw.kamailio.logMark();
    await t.app.services.sip!.stop();
    await sw.kamailio.waitForLog(/console disconnected/, { after: mark });
    const before = await t.models.Interaction.countDocuments();
    const started = Date.now();
    const caller = await refusedCall(sw.target, '+447700900001');
    expect(await caller.exited, caller.errors()).toBe(0);
    expect(caller.logLines()).toEqual(['refused 503']);
    // At once, not after tm's timers: a transaction left hanging would be answered 408 only after the
    // maximum wait plus 10 s.
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await t.models.Interaction.countDocuments()).toBe(before);
  });
});
