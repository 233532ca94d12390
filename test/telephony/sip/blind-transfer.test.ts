import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, eventually, startTestApp } from '../../support/app.js';
import { seedFixtures } from '../../support/fixtures.js';
import { type Baresip, hasBaresip, startBaresip } from './baresip.js';
import { freeUdpPort, killAllSipp, runSipp } from './sipp.js';
import { availableAgent, deskPhone, hasSwitch, linkedToSwitch, sipTelephony, startSwitch, type Switch } from './switch.js';

const MAX_WAIT_MS = 10_000;

describe.skipIf(!hasSwitch || !hasBaresip)('blind transfer of a call through the switch (a REFER to the caller)', () => {
  let sw: Switch;
  let t: TestApp;
  const callers: Baresip[] = [];

  beforeAll(async () => {
    sw = await startSwitch({ maxWaitMs: MAX_WAIT_MS });
    t = await startTestApp({ queueSweepMs: 100, telephony: sipTelephony(sw, MAX_WAIT_MS) });
    await seedFixtures(t.models, ['agent', 'agent2']);
    await linkedToSwitch(t, sw);
  });
  afterAll(async () => {
    for (const c of callers) await c.stop();
    await killAllSipp();
    await t?.close();
    await sw?.kamailio.stop();
  });
  beforeEach(() => t.freshAgents());

  const userId = async (username: string) => String((await t.models.User.findOne({ username }).lean())!._id);
  const transfer = async (id: string, body: unknown, username = 'agent') =>
    t.api<{ error?: { code: string } }>('POST', `/api/interactions/${id}/transfer`, { token: (await t.login(username)).token, body });
  /** The interaction of the latest call from `from`, once `ready` says it is as wanted. */
  const callFrom = (from: string, ready: (i: { state: string; agentName?: string | null }) => boolean, what: string) =>
    eventually(
      async () => {
        const i = await t.models.Interaction.findOne({ from, callId: /^sip:/ }).sort({ createdAt: -1 }).lean();
        return i && ready(i) ? i : null;
      },
      10_000,
      what,
    );

  it("moves the caller to the second agent's phone, whose pop carries the first agent's note; the first owes no wrap-up", async ({ onTestFailed }) => {
    onTestFailed(() => {
      console.log('DEBUG baresip:\n' + callers.map((c) => c.log()).join('\n---\n').slice(-4000));
      console.log('DEBUG switch:\n' + sw.kamailio.log().split('\n').filter((l) => !/rtpengine/.test(l)).slice(-60).join('\n'));
    });
    const firstPhone = await deskPhone(sw, 'agent');
    const secondPhone = await deskPhone(sw, 'agent2', 'agent-hangs-up.xml');
    await availableAgent(t, 'agent');
    const caller = await startBaresip({ uri: `sip:5000@${sw.target}`, caller: '+447700900001' });
    callers.push(caller);
    const call = await callFrom('+447700900001', (i) => i.state === 'active' && i.agentName === 'agent', 'the call connected to agent');
    const second = await availableAgent(t, 'agent2');

    const res = await transfer(String(call._id), { agentId: await userId('agent2'), note: 'Billing question, verified already.' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // The caller is referred and calls the transfer address; the second agent's phone takes it.
    await caller.waitForLog(/transfer/i).catch((err: Error) => {
      throw new Error(`${err.message}\nswitch:\n${sw.kamailio.log().split('\n').filter((l) => /refer|transfer|ERROR|WARN|dlg/i.test(l)).slice(-20).join('\n')}`);
    });
    const pop = await eventually(() => second.pops.find((p) => p.interactionId === String(call._id)), 10_000, "the call's pop at agent2");
    expect(pop.transcript).toEqual([expect.objectContaining({ from: 'note', text: 'Billing question, verified already.', agent: 'agent' })]);
    // The first agent's phone was hung up by the switch; the second answered, and hangs up.
    await eventually(() => firstPhone.logLines().includes('hung up'), 10_000, "the switch hanging up the first agent's phone").catch((err: Error) => {
      throw new Error(`${err.message}\nphone log: ${firstPhone.logLines().join(' | ')}\nphone errors: ${firstPhone.errors().slice(-3000)}`);
    });
    const ended = await callFrom('+447700900001', (i) => i.state === 'ended', 'the call ended');
    expect(ended).toMatchObject({ agentName: 'agent2', transferCount: 1 });
    // One interaction for the whole call: the caller's second dialog carried on the first's.
    expect(await t.models.Interaction.countDocuments({ from: '+447700900001', callId: /^sip:/ })).toBe(1);
    await eventually(async () => (await t.models.Agent.findOne({ username: 'agent2' }).lean())?.state === 'after-call-work', 5000, 'agent2 in after-call work');
    expect((await t.models.Agent.findOne({ username: 'agent' }).lean())?.state).toBe('available');
    await firstPhone.kill();
    await secondPhone.kill();
  });

  it("refuses, with the reason, to transfer a call whose caller's side does not take REFER; the call stays", async () => {
    const phone = await deskPhone(sw, 'agent');
    await availableAgent(t, 'agent');
    await availableAgent(t, 'agent2');
    // sipp's caller names no Allow: it cannot be referred.
    const caller = runSipp({ scenario: 'caller.xml', target: sw.target, localPort: await freeUdpPort(), keys: { caller: '+447700900002' }, args: ['-s', '5000', '-m', '1', '-d', '3000'] });
    const call = await callFrom('+447700900002', (i) => i.state === 'active', 'the call connected');
    const res = await transfer(String(call._id), { agentId: await userId('agent2') });
    expect([res.status, res.body.error?.code]).toEqual([409, 'TRANSFER_SIP_NO_REFER']);
    expect(await caller.exited, caller.errors()).toBe(0);
    const ended = await callFrom('+447700900002', (i) => i.state === 'ended', 'the call ended');
    expect(ended).toMatchObject({ agentName: 'agent', transferCount: 0 });
    await phone.kill();
  });
});
