import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScreenPop } from '../../../shared/schemas/interaction.js';
import { type TestApp, eventually, startTestApp } from '../../support/app.js';
import { seedFixtures } from '../../support/fixtures.js';
import { freeUdpPort, killAllSipp, runSipp } from './sipp.js';
import { availableAgent, deskPhone, hasSwitch, linkedToSwitch, sipTelephony, startSwitch, type Switch } from './switch.js';

const POP_ACK_MS = 1000;

describe.skipIf(!hasSwitch)("a SIP call's offer is its ringing phone", () => {
  let sw: Switch;
  let t: TestApp;

  beforeAll(async () => {
    sw = await startSwitch({ maxWaitMs: 15_000 });
    t = await startTestApp({ popAckTimeoutMs: POP_ACK_MS, queueSweepMs: 100, telephony: sipTelephony(sw, 15_000) });
    await seedFixtures(t.models, ['agent', 'agent2']);
    await linkedToSwitch(t, sw);
  });
  afterAll(async () => {
    await killAllSipp();
    await t?.close();
    await sw?.kamailio.stop();
  });

  it("keeps the call with the agent whose phone rings though the screen never acknowledged the pop; the answer is theirs", async () => {
    // The agent's screen is connected and available but frozen: it takes no pop.
    const { token } = await t.login('agent');
    const frozen = connectSocket(t.base, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
    await new Promise<void>((resolve, reject) => {
      frozen.once('connect', () => resolve());
      frozen.once('connect_error', reject);
    });
    const unacknowledged: ScreenPop[] = [];
    frozen.on('screen-pop', (pop: ScreenPop) => void unacknowledged.push(pop));
    expect(await frozen.emitWithAck('agent:state', { state: 'available' })).toHaveProperty('data.state', 'available');
    // The phone rings 2.5 s before it is picked up: past the screen's acknowledgement time.
    const phone = await deskPhone(sw, 'agent', 'agent-answers-late.xml');
    const caller = runSipp({ scenario: 'caller.xml', target: sw.target, localPort: await freeUdpPort(), keys: { caller: '+447700900003' }, args: ['-s', '5000', '-m', '1', '-d', '300'] });
    await eventually(() => unacknowledged.length > 0, 5000, 'the pop sent to the frozen screen');
    // Another agent free meanwhile: routing must not give them the call while the first phone rings.
    const other = await availableAgent(t, 'agent2');

    expect(await caller.exited, caller.errors()).toBe(0);
    const ended = await eventually(
      async () => {
        const i = await t.models.Interaction.findOne({ from: '+447700900003', callId: /^sip:/ }).lean();
        return i?.state === 'ended' ? i : null;
      },
      10_000,
      'the call ended',
    );
    expect(ended).toMatchObject({ agentName: 'agent' });
    expect(ended.connectedAt).toBeTruthy();
    expect(other.pops.filter((p) => p.interactionId === String(ended._id))).toEqual([]);
    // Not marked as a missed offer: the agent answered on the phone.
    expect((await t.models.Agent.findOne({ username: 'agent' }).lean())?.reason).not.toBe('missed');
    frozen.disconnect();
    await phone.kill();
  });
});
