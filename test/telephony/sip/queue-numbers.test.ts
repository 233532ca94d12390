import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { QueueSettingsInput } from '../../../shared/schemas/queue-settings.js';
import { addAdmin } from '../../access/support.js';
import { type TestApp, eventually, startTestApp } from '../../support/app.js';
import { seedFixtures } from '../../support/fixtures.js';
import { freeUdpPort, killAllSipp, refusedCall, runSipp } from './sipp.js';
import { availableAgent, deskPhone, hasSwitch, linkedToSwitch, sipTelephony, startSwitch } from './switch.js';

// The switch's ceiling: longer than the queue's own maximum wait below, so the queue's is the one that ends the call.
const SWITCH_MAX_WAIT_MS = 30_000;
const sales: QueueSettingsInput = { skills: ['sales'], serviceLevelSec: 20, serviceLevelTarget: 0.8, maxWaitSec: 10, acwLimitSec: 60, outsideHours: 'callback', numbers: ['+44 20 7946 0500'] };

describe.skipIf(!hasSwitch)('the number a SIP caller dialled chooses the queue', () => {
  let sw: Awaited<ReturnType<typeof startSwitch>>;
  let t: TestApp;

  beforeAll(async () => {
    sw = await startSwitch({ maxWaitMs: SWITCH_MAX_WAIT_MS });
    t = await startTestApp({ telephony: sipTelephony(sw, SWITCH_MAX_WAIT_MS) });
    await seedFixtures(t.models, ['agent', 'agent2']);
    // agent2 sells; agent has no skill (takes calls of no queue, not the sales queue's, which needs the skill).
    await t.models.User.updateOne({ username: 'agent2' }, { $set: { skills: ['sales'] } });
    const admin = (await addAdmin(t)).token;
    expect((await t.api('PUT', '/api/queue-settings/sales', { token: admin, body: sales })).status).toBe(200);
    await linkedToSwitch(t, sw);
  });
  afterAll(async () => {
    await killAllSipp();
    await t?.close();
    await sw?.kamailio.stop();
  });
  beforeEach(() => t.freshAgents());

  const available = (username: string) => availableAgent(t, username);
  const endedCallFrom = (from: string) =>
    eventually(
      async () => {
        const i = await t.models.Interaction.findOne({ from, callId: /^sip:/ }).sort({ createdAt: -1 }).lean();
        return i?.state === 'ended' ? i : null;
      },
      SWITCH_MAX_WAIT_MS,
      `the call from ${from} ended`,
    );

  it("gives a call dialled on the sales number to the sales queue, and only an agent with the queue's skills takes it", async () => {
    const phones = await Promise.all([deskPhone(sw, 'agent'), deskPhone(sw, 'agent2')]);
    // agent has waited longest and would be offered a call of no queue first.
    await available('agent');
    await available('agent2');
    const caller = runSipp({ scenario: 'caller.xml', target: sw.target, localPort: await freeUdpPort(), keys: { caller: '+447700900031' }, args: ['-s', '+442079460500', '-m', '1', '-d', '300'] });
    expect(await caller.exited, caller.errors()).toBe(0);
    const ended = await endedCallFrom('+447700900031');
    expect(ended).toMatchObject({ queue: 'sales', agentName: 'agent2', to: '+442079460500' });
    expect(ended.connectedAt).toBeInstanceOf(Date);
    await Promise.all(phones.map((p) => p.kill()));
  });

  it("ends a call nobody takes within its queue's maximum wait (shorter than the switch's): 480, abandoned on that queue", async () => {
    const started = Date.now();
    const caller = await refusedCall(sw.target, '+447700900032', '+442079460500');
    expect(await caller.exited, caller.errors()).toBe(0);
    expect(caller.logLines()).toEqual(['refused 480']);
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(sales.maxWaitSec! * 1000);
    expect(waited).toBeLessThan(SWITCH_MAX_WAIT_MS);
    const i = await endedCallFrom('+447700900032');
    expect(i).toMatchObject({ queue: 'sales', agentId: null });
    expect(i.connectedAt ?? null).toBeNull();
  });

  it('leaves a call on a number no queue has without a queue, as before', async () => {
    const phone = await deskPhone(sw, 'agent');
    await available('agent');
    const caller = runSipp({ scenario: 'caller.xml', target: sw.target, localPort: await freeUdpPort(), keys: { caller: '+447700900033' }, args: ['-s', '5000', '-m', '1', '-d', '300'] });
    expect(await caller.exited, caller.errors()).toBe(0);
    const ended = await endedCallFrom('+447700900033');
    expect(ended.agentName).toBe('agent');
    expect(ended.queue ?? null).toBeNull();
    await phone.kill();
  });
});
